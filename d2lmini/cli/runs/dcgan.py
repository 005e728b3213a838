"""The DCGAN of the chapter "DCGAN on MNIST" on the command line.

    python -m d2lmini run dcgan --framework pytorch --seed 1 [--epochs 60] [--samples s.npy]

Trains `DCGANGenerator` and `DCGANDiscriminator` with `train_fast` (or `train`, with `--loop
plain`) and the chapter's hyper-parameters (`d2lmini.configs.DCGAN`), scores 1,000
samples with `DigitJudge` and returns the numbers the chapter reports.
"""
from ...configs import DCGAN
from ._image_gan import run_image_gan

HAS_SAMPLES = True


def run(d2l, seed, num_epochs=None, samples=None, loop='fast', progress=False):
    """`seed` is only reported: the caller has seeded every generator already."""
    config = DCGAN
    net_G, net_D = d2l.DCGANGenerator(config['latent_dim']), d2l.DCGANDiscriminator()
    return run_image_gan(d2l, config, net_G, net_D, num_epochs, samples, loop, progress)

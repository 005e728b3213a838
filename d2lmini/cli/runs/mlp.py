"""The MLP GAN of the chapter "An MLP GAN on MNIST" on the command line.

    python -m d2lmini run mlp --framework pytorch --seed 1 [--epochs 80] [--samples s.npy]

Trains `MLPGenerator` and `MLPDiscriminator` with `train_fast` (or `train`, with `--loop plain`)
and the chapter's hyper-parameters (`d2lmini.configs.MLP_GAN`), scores 1,000 samples with
`DigitJudge` and returns the numbers the chapter reports.
"""
from ...configs import MLP_GAN
from ._image_gan import run_image_gan

HAS_SAMPLES = True


def run(d2l, seed, num_epochs=None, samples=None, loop='fast', progress=False):
    """`seed` is only reported: the caller has seeded every generator already."""
    config = MLP_GAN
    net_G, net_D = d2l.MLPGenerator(config['latent_dim']), d2l.MLPDiscriminator()
    return run_image_gan(d2l, config, net_G, net_D, num_epochs, samples, loop, progress)

"""The DCGAN of the chapter "DCGAN on MNIST" on the command line.

    python -m d2lmini run dcgan --framework pytorch --seed 1 [--epochs 40] [--samples s.npy]

Trains `DCGANGenerator` and `DCGANDiscriminator` with `train_gan` and the chapter's
hyper-parameters (`d2lmini.configs.DCGAN_MNIST`), scores 1,000 samples of the averaged
generator with `DigitJudge` and returns the numbers the chapter reports.
"""
import numpy as np

from ..configs import DCGAN_MNIST
from ..data import load_mnist

HAS_SAMPLES = True
NUM_SAMPLES = 1000  # what DigitJudge compares (its FD_SAMPLES)


def run(d2l, seed, num_epochs=None, samples=None):
    """Train with the chapter's settings; return steps, timing, judge scores, last losses.

    `seed` is only reported: the caller has seeded every generator already. `samples`, a
    path ending in .npy, receives the generated images (N, 28, 28) float32 in [0, 1].
    """
    from ..judge import DigitJudge  # trains (once) or loads the cached judge
    config = DCGAN_MNIST
    num_epochs = config['num_epochs'] if num_epochs is None else num_epochs
    latent_dim = config['latent_dim']
    images, _ = load_mnist('train')
    net_G, net_D = d2l.DCGANGenerator(latent_dim), d2l.DCGANDiscriminator()
    history = d2l.train_gan(net_D, net_G, images, num_epochs, config['batch_size'],
                            config['lr'], latent_dim, beta1=config['beta1'],
                            real_label=config['real_label'],
                            ema_decay=config['ema_decay'], animate=False)
    generated = d2l.generate_images(history['net_G_sample'], NUM_SAMPLES, latent_dim)
    generated = generated.astype(np.float32)
    if samples is not None:
        np.save(samples, generated)
    scores = DigitJudge.load(verbose=False).score(generated)
    result = {key: history[key] for key in ('steps', 'seconds', 'steps_per_s')}
    result.update({key: scores[key] for key in ('fd', 'real_fd', 'blur_fd_1.1',
                                                'blur_fd_1.5', 'coverage', 'entropy')})
    result.update(loss_D=history['loss_D'][-1], loss_G=history['loss_G'][-1])
    return result

"""WGAN-GP against the plain GAN on the ring of Gaussians (chapter "Wasserstein GANs").

    python -m d2lmini run wgan_ring --framework tensorflow --seed 3 [--epochs 30] --json

Draws the chapter's training set from the ring and trains on it, with the chapter's
hyper-parameters (`d2lmini.configs.WGAN`) and the book's loop `d2l.train`: first the plain
GAN (`d2l.update_D`, `d2l.update_G`), then WGAN-GP (`d2l.update_D_wgan_gp` with the
chapter's `lam_ring`, `d2l.update_G_wgan`), both with the same networks, learning rates and
steps, both sampled from the average of their generator's weights. Reports for both the
modes covered and the share of high-quality samples (`d2lmini.mode_coverage`), like `run
ring`. The plain loop only: `train_fast` has no place for the critic's steps.
"""
import functools

from ...configs import WGAN
from ...training import Monitor
from ...wgan import train_with_steps
from .ring import both_results, measure, ring_data

HAS_SAMPLES = False
LOOPS = ('plain',)  # the critic's steps replace those of `d2l.train`, the plain loop


def train_and_measure(d2l, data, steps, num_epochs, progress):
    """Train one GAN on the ring's `data` with `steps`; its coverage, steps and seconds."""
    config = WGAN
    net_G = d2l.RingGenerator(config['latent_dim'], config['num_hiddens'])
    net_D = d2l.RingDiscriminator(config['num_hiddens'])
    data_iter = d2l.load_array((data,), config['batch_size'])
    history = train_with_steps(
        d2l, *steps, net_D, net_G, data_iter, num_epochs, config['lr_D'], config['lr_G'],
        config['latent_dim'], ema_decay=config['ema_decay'], beta2=config['beta2'],
        monitor=Monitor(num_epochs, animate=False, progress=progress))
    return measure(d2l, history, config)


def run(d2l, seed, num_epochs=None, samples=None, loop='plain', progress=False):
    """Train the plain GAN, then WGAN-GP; return both coverages and the timing.

    `seed` is only reported: the caller has seeded every generator already.
    """
    if loop not in LOOPS:
        raise ValueError(f"wgan_ring trains with --loop plain only, not {loop!r}")
    config = WGAN
    num_epochs = config['num_epochs'] if num_epochs is None else num_epochs
    data = ring_data(config)
    plain = train_and_measure(d2l, data, (d2l.update_D, d2l.update_G), num_epochs,
                              progress)
    critic = functools.partial(d2l.update_D_wgan_gp, lam=config['lam_ring'])
    wgan = train_and_measure(d2l, data, (critic, d2l.update_G_wgan), num_epochs, progress)
    return both_results(config, plain=plain, wgan=wgan)

"""Framework-neutral parts of the chapter "When GANs fail": checking the arguments of
`train_ring`, the history it returns, and the scatter plots of the ring of Gaussians.

`d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet` each define `train_ring`; what their
three versions share is written once, here.
"""
import numbers

import numpy as np

from .data import ring_modes

__all__ = ['SNAPSHOT_SIZE', 'check_ring_args', 'snapshot_steps', 'ring_history',
           'plot_ring_panels']

SNAPSHOT_SIZE = 500  # generated points kept per snapshot of G during training


def _positive_int(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f'{name} must be a positive integer, got {value!r}')
    return int(value)


def check_ring_args(num_steps, batch_size, lr_D, lr_G, latent_dim, ema_decay,
                    num_snapshots):
    """Check the arguments of `train_ring`; raise a ValueError that says what to change."""
    _positive_int('num_steps', num_steps)
    _positive_int('batch_size', batch_size)
    _positive_int('latent_dim', latent_dim)
    _positive_int('num_snapshots', num_snapshots)
    if batch_size < 2:
        raise ValueError('batch_size must be at least 2: the minibatch standard deviation '
                         'needs two points')
    for name, lr in (('lr_D', lr_D), ('lr_G', lr_G)):
        if not (isinstance(lr, numbers.Real) and lr > 0):
            raise ValueError(f'{name} must be a positive number, e.g. 1e-3, got {lr!r}')
    if not (isinstance(ema_decay, numbers.Real) and 0 <= ema_decay < 1):
        raise ValueError(f'ema_decay must be in [0, 1) (0 = no averaging, 0.995 = the '
                         f'chapter), got {ema_decay!r}')


def snapshot_steps(num_steps, num_snapshots):
    """The steps (1-based) after which `train_ring` keeps a snapshot of G's points."""
    return sorted({max(1, round(num_steps * k / num_snapshots))
                   for k in range(1, num_snapshots + 1)})


def ring_history(losses, snapshots, seconds, net_G_sample):
    """The dict `train_ring` returns, the same in every framework.

    `losses` is (num_steps, 2): the discriminator's and the generator's loss at each step;
    `snapshots` maps a step to (SNAPSHOT_SIZE, 2) points of the *trained* G (not the
    average) drawn from a fixed batch of noise.
    """
    losses = np.asarray(losses, dtype=np.float64)
    return {'loss_D': losses[:, 0], 'loss_G': losses[:, 1], 'snapshots': snapshots,
            'steps': len(losses), 'seconds': seconds,
            'steps_per_s': len(losses) / max(seconds, 1e-9),
            'net_G_sample': net_G_sample}


def plot_ring_panels(panels, num_modes=8, radius=2.0, size=2.2, lim=3.0):
    """Scatter plots side by side: `panels` is a list of (title, points (n, 2)).

    The centres of the ring's modes are drawn as red crosses in every panel, so that one
    sees at a glance which modes the points reach.
    """
    import matplotlib.pyplot as plt
    modes = ring_modes(num_modes, radius)
    fig, axes = plt.subplots(1, len(panels), figsize=(size * len(panels), size),
                             squeeze=False)
    for ax, (title, points) in zip(axes[0], panels):
        points = np.asarray(points)
        ax.scatter(points[:, 0], points[:, 1], s=2, alpha=0.4)
        ax.scatter(modes[:, 0], modes[:, 1], marker='x', color='red', s=25)
        ax.set_title(title, fontsize=9)
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect('equal')
        ax.set_xlabel('$x_1$')
    axes[0][0].set_ylabel('$x_2$')
    fig.tight_layout()
    return fig

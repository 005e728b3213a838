"""Framework-neutral helpers of the chapter "A GAN on a 2-D Gaussian".

- `check_train_2d`: the input checks of `d2l.train`, one clear error for bad arguments.
- `PointCloudMonitor`: the bookkeeping of `d2l.train`: per-epoch losses and training time,
  and (when asked) an animation of the loss curves next to the real and generated points.
"""
import numbers

import numpy as np

from .base import Timer

__all__ = ['NUM_FRAMES_2D', 'check_points', 'check_train_2d', 'PointCloudMonitor']

NUM_FRAMES_2D = 20  # at most this many animation frames, whatever the number of epochs


def check_points(data, name='data'):
    """Return `data` as a float32 (n, 2) NumPy array, or raise a ValueError saying why."""
    array = np.asarray(data, dtype=np.float32)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) < 2:
        raise ValueError(f'{name} must be 2-D points of shape (n, 2) with n >= 2, '
                         f'got shape {array.shape}')
    if not np.all(np.isfinite(array)):
        raise ValueError(f'{name} contains NaN or infinite values')
    return array


def _positive(name, value, integer=False):
    kind = numbers.Integral if integer else numbers.Real
    if isinstance(value, bool) or not isinstance(value, kind) or not value > 0:
        what = 'a positive integer' if integer else 'a positive number'
        raise ValueError(f'{name} must be {what}, got {value!r}')


def check_train_2d(data, num_epochs, lr_D, lr_G, latent_dim):
    """Check the arguments of `d2l.train`; return `data` as a float32 (n, 2) array."""
    _positive('num_epochs', num_epochs, integer=True)
    _positive('lr_D', lr_D)
    _positive('lr_G', lr_G)
    _positive('latent_dim', latent_dim, integer=True)
    return check_points(data)


class PointCloudMonitor:
    """Record a 2-D GAN's training and, with `animate=True`, animate it.

    Call `end_epoch(loss_D, loss_G, seconds, steps, sample)` after each epoch, with the
    mean losses of the epoch, its training time and number of steps; `sample()` returns
    generated points (n, 2) and is only called for animation frames. The animation (a
    `d2lmini.Animator`, drawn in Jupyter only) has two panels: the loss curves, and the
    real points (`real`, (n, 2)) next to the generated ones. `finish()` ends the animation
    and returns the history dict: per-epoch `loss_D`, `loss_G` and `seconds`, and the
    totals `steps`, `seconds_total` and `steps_per_s` (training time only: sampling and
    drawing are not counted).
    """

    def __init__(self, num_epochs, real, animate=True):
        self.num_epochs = num_epochs
        self.real = check_points(real, 'real')
        # Fixed axes (the real cloud plus a margin), so the frames do not jump around
        margin = 0.5 * (self.real.max(0) - self.real.min(0))
        self.lims = np.stack([self.real.min(0) - margin, self.real.max(0) + margin])
        self.frame_every = max(1, round(num_epochs / NUM_FRAMES_2D))
        self.history = {'loss_D': [], 'loss_G': [], 'seconds': [], 'steps': 0}
        self.animator = None
        if animate:
            from .plot import Animator  # matplotlib only when a plot is wanted
            self.animator = Animator(xlabel='epoch', ylabel='loss',
                                     legend=['discriminator', 'generator'],
                                     xlim=[1, num_epochs], ncols=2, figsize=(7, 3),
                                     titles=['losses', 'points'])

    def end_epoch(self, loss_D, loss_G, seconds, steps, sample):
        h = self.history
        h['loss_D'].append(float(loss_D))
        h['loss_G'].append(float(loss_G))
        h['seconds'].append(float(seconds))
        h['steps'] += int(steps)
        epoch = len(h['loss_D'])
        if self.animator is None or not self.animator.active:
            return
        if epoch % self.frame_every and epoch != self.num_epochs:
            return
        fake = np.asarray(sample())
        ax = self.animator.axes[1]
        ax.cla()
        ax.scatter(self.real[:, 0], self.real[:, 1], s=6, label='real')
        ax.scatter(fake[:, 0], fake[:, 1], s=6, label='generated')
        ax.set_xlim(self.lims[:, 0])
        ax.set_ylim(self.lims[:, 1])
        ax.set_xlabel('$x_1$')
        ax.set_ylabel('$x_2$')
        ax.set_title(f'points after epoch {epoch}')
        ax.legend(loc='upper left')
        self.animator.add(epoch, (loss_D, loss_G))

    def finish(self):
        """Show the animation (in Jupyter); return the history."""
        if self.animator is not None:
            self.animator.finish()
        h = dict(self.history)
        h['seconds_total'] = sum(h['seconds'])
        h['steps_per_s'] = h['steps'] / h['seconds_total'] if h['seconds_total'] else 0.0
        return h

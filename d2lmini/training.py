"""Framework-neutral parts of the image GAN training loop (chapters "An MLP GAN on MNIST" and
"DCGAN on MNIST"): checking the arguments of `train_gan`, and `GANMonitor`, which keeps the
per-epoch losses and the sample snapshots and animates them.

`d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet` each define `train_gan` (in the MLP
chapter); this module holds what their three versions share, so it is written once.
"""
import numpy as np

from .base import Timer

__all__ = ['IMAGE_SIZE', 'NUM_SNAPSHOT_IMAGES', 'check_train_args', 'snapshot_epochs',
           'tile_images', 'GANMonitor']

IMAGE_SIZE = 28           # MNIST digits are 28 x 28 gray pixels
NUM_SNAPSHOT_IMAGES = 16  # a 4 x 4 grid of samples per snapshot
NUM_FRAMES = 20           # at most this many animation updates per training run


def _positive_int(name, value):
    if isinstance(value, bool) or int(value) != value or value < 1:
        raise ValueError(f'{name} must be a positive integer, got {value!r}')
    return int(value)


def check_train_args(images, num_epochs, batch_size, lr, latent_dim, real_label=1.0,
                     ema_decay=None, num_snapshots=4):
    """Check the arguments of `train_gan`; return `images` as float32 (N, 28, 28).

    Raises a ValueError that says what to change, instead of a deep framework traceback.
    """
    images = np.asarray(images, dtype=np.float32)
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]  # (N, 1, 28, 28): drop the channel axis
    elif images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (N, 28, 28, 1)
    if images.ndim != 3 or images.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE):
        raise ValueError(f'images must have shape (N, {IMAGE_SIZE}, {IMAGE_SIZE}), got '
                         f'{images.shape}: pass `d2lmini.load_mnist("train")[0]`')
    if not np.all(np.isfinite(images)):
        raise ValueError('images contain NaN or infinite values')
    low, high = float(images.min()), float(images.max())
    if low < -1.001 or high > 1.001 or low >= 0:
        raise ValueError(f'images must be scaled to [-1, 1] (the range of the tanh output of '
                         f'the generator), got values in [{low:.3g}, {high:.3g}]: use '
                         f'`images * 2 - 1` for [0, 1] data, or `d2lmini.load_mnist`')
    num_epochs = _positive_int('num_epochs', num_epochs)
    batch_size = _positive_int('batch_size', batch_size)
    _positive_int('latent_dim', latent_dim)
    _positive_int('num_snapshots', num_snapshots)
    if batch_size > len(images):
        raise ValueError(f'batch_size ({batch_size}) is larger than the number of images '
                         f'({len(images)})')
    if not lr > 0:
        raise ValueError(f'lr must be a positive number, got {lr!r}')
    if not 0 < real_label <= 1:
        raise ValueError(f'real_label must be in (0, 1] (1 = no label smoothing, 0.9 = '
                         f'one-sided smoothing), got {real_label!r}')
    if ema_decay is not None and not 0 <= ema_decay < 1:
        raise ValueError(f'ema_decay must be None (no average) or in [0, 1), e.g. 0.999, '
                         f'got {ema_decay!r}')
    return images


def snapshot_epochs(num_epochs, num_snapshots):
    """The epochs (1-based) at which to keep samples: evenly spaced, ending at the last."""
    num_snapshots = min(num_snapshots, num_epochs)
    return sorted({int(round(num_epochs * (i + 1) / num_snapshots))
                   for i in range(num_snapshots)})


def tile_images(images, nrows, ncols):
    """Arrange `nrows * ncols` images (N, H, W) into one (nrows * H, ncols * W) picture."""
    images = np.asarray(images)[:nrows * ncols]
    N, H, W = images.shape
    if N < nrows * ncols:
        images = np.concatenate([images, np.zeros((nrows * ncols - N, H, W), images.dtype)])
    return images.reshape(nrows, ncols, H, W).transpose(0, 2, 1, 3).reshape(nrows * H,
                                                                             ncols * W)


class GANMonitor:
    """Keep the per-epoch losses and sample snapshots of `train_gan`; animate them.

    Call `end_epoch(epoch, loss_D, loss_G, sample)` after each epoch, where `sample()` returns
    `NUM_SNAPSHOT_IMAGES` images (N, 28, 28) in [0, 1] generated from a fixed noise batch: it
    is called only at snapshot epochs and animation frames, since sampling costs time. With
    `animate=True` a `d2lmini.Animator` shows the loss curves and the latest samples, updated
    about `NUM_FRAMES` times (in Jupyter only; elsewhere it costs nothing). `finish(**extra)`
    ends the animation and returns the history dict, with the time since the monitor was
    created.
    """

    def __init__(self, num_epochs, num_snapshots=4, animate=True):
        self.num_epochs = num_epochs
        self.snapshot_at = set(snapshot_epochs(num_epochs, num_snapshots))
        self.frame_every = max(1, round(num_epochs / NUM_FRAMES))
        self.history = {'loss_D': [], 'loss_G': [], 'snapshots': []}
        self.animator = None
        if animate:
            from .plot import Animator  # matplotlib only when a plot is wanted
            self.animator = Animator(xlabel='epoch', ylabel='loss',
                                     legend=['discriminator', 'generator'],
                                     xlim=[1, num_epochs], ncols=2, figsize=(7, 3),
                                     titles=['losses', 'samples (fixed noise)'])
        self.timer = Timer()

    def end_epoch(self, epoch, loss_D, loss_G, sample):
        self.history['loss_D'].append(float(loss_D))
        self.history['loss_G'].append(float(loss_G))
        is_snapshot = epoch in self.snapshot_at
        is_frame = (self.animator is not None and self.animator.active
                    and (epoch % self.frame_every == 0 or epoch == self.num_epochs))
        if not (is_snapshot or is_frame):
            return
        images = np.asarray(sample())[:NUM_SNAPSHOT_IMAGES]
        if is_snapshot:
            self.history['snapshots'].append((epoch, images))
        if is_frame:
            side = int(np.sqrt(NUM_SNAPSHOT_IMAGES))
            ax = self.animator.axes[1]
            ax.cla()
            ax.imshow(tile_images(images, side, side), cmap='gray', vmin=0, vmax=1)
            ax.set_title(f'samples after epoch {epoch}')
            ax.set_xticks([])
            ax.set_yticks([])
            self.animator.add(epoch, (loss_D, loss_G))

    def finish(self, steps, **extra):
        """Show the animation (in Jupyter); return the history with timing and `extra`.

        `seconds` counts from the creation of the monitor, so it includes sampling and
        drawing; with `animate=False` it is the training time alone.
        """
        seconds = self.timer.stop()
        if self.animator is not None:
            self.animator.finish()
        return {**self.history, 'seconds': seconds, 'steps': steps,
                'steps_per_s': steps / seconds, **extra}

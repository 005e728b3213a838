"""The framework-neutral half of the book's training loop, `d2l.train`.

`d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet` each define `train` (chapter "A GAN
on a 2-D Gaussian"), the plain loop over minibatches that calls `update_D` and `update_G`.
What their three versions share is written once, here:

- `check_train_args`: one clear error for a bad setting, before any work is done;
- `Monitor`: the bookkeeping of a run. It keeps the losses and times of every epoch and a
  few snapshots of generated samples, returns them as the history (one schema for every
  trainer of the book), animates the run in Jupyter and, when asked, prints a progress bar;
- the views that draw the generated samples next to the loss curves: `PointsView` for 2-D
  points and `ImagesView` for images.
"""
import math
import numbers
import sys

import numpy as np

from .base import Timer

__all__ = ['check_points', 'check_train_args', 'check_data', 'snapshot_epochs', 'tile_images', 'as_images', 'PointsView',
           'ImagesView', 'Monitor']

NUM_FRAMES = 20  # at most this many animation frames per run, whatever the number of epochs


def _check_number(name, value, low, high, integer=False, low_open=False, high_open=False,
                  example=''):
    kind = numbers.Integral if integer else numbers.Real
    ok = (not isinstance(value, bool) and isinstance(value, kind)
          and (value > low if low_open else value >= low)
          and (value < high if high_open else value <= high))
    if not ok:
        what = 'an integer' if integer else 'a number'
        if high == math.inf and (low_open or integer and low == 1):
            what = f'a positive {what.split()[-1]}'
        elif high == math.inf:
            what += f' of at least {low}'
        else:
            left, right = '(' if low_open else '[', ')' if high_open else ']'
            what += f' in {left}{low}, {high}{right}'
        raise ValueError(f'{name} must be {what}{example}, got {value!r}')


def check_points(data, name='data'):
    """Return `data` as a float32 (n, 2) NumPy array, or raise a ValueError saying why."""
    array = np.asarray(data, dtype=np.float32)
    if array.ndim != 2 or array.shape[1] != 2 or len(array) < 2:
        raise ValueError(f'{name} must be 2-D points of shape (n, 2) with n >= 2, '
                         f'got shape {array.shape}')
    if not np.all(np.isfinite(array)):
        raise ValueError(f'{name} contains NaN or infinite values')
    return array


def check_train_args(num_epochs, lr_D, lr_G, latent_dim, beta1=0.5, real_label=1.0, k=1,
                     ema_decay=None, beta2=0.999):
    """Check the settings of `d2l.train`; raise a ValueError that says what to change."""
    _check_number('num_epochs', num_epochs, 1, math.inf, integer=True)
    _check_number('lr_D', lr_D, 0, math.inf, low_open=True, example=' (e.g. 0.05)')
    _check_number('lr_G', lr_G, 0, math.inf, low_open=True, example=' (e.g. 0.005)')
    _check_number('latent_dim', latent_dim, 1, math.inf, integer=True)
    _check_number('beta1', beta1, 0, 1, high_open=True, example=" (Adam's momentum, e.g. 0.5)")
    _check_number('beta2', beta2, 0, 1, high_open=True,
                  example=" (Adam's second-moment decay, e.g. 0.999)")
    _check_number('real_label', real_label, 0, 1, low_open=True,
                  example=' (1 = no label smoothing, 0.9 = one-sided smoothing)')
    _check_number('k', k, 1, math.inf, integer=True,
                  example=' (discriminator steps per generator step)')
    if ema_decay is not None:
        _check_number('ema_decay', ema_decay, 0, 1, high_open=True,
                      example=' (None = no average, e.g. 0.999)')


def check_data(data_iter, fake, k=1):
    """Check `d2l.train`'s data against what the generator makes; say what to change.

    `fake` holds a few samples of the generator. The examples of `data_iter` must have the
    same shape, or the discriminator could not judge both; and with `k` discriminator
    steps per generator step, an epoch must have at least `k` minibatches.
    """
    try:
        (X, *_) = next(iter(data_iter))
    except StopIteration:
        raise ValueError('data_iter yields no minibatch: is the data set smaller than '
                         'batch_size?') from None
    except (TypeError, ValueError):
        raise ValueError('data_iter must yield tuples (X,) of minibatches: use '
                         'd2l.load_array((data,), batch_size)') from None
    real_shape, fake_shape = tuple(X.shape)[1:], tuple(np.shape(fake))[1:]
    if real_shape != fake_shape:
        raise ValueError(f'the data hold examples of shape {real_shape}, but net_G makes '
                         f'{fake_shape}: the generator must make what the data hold '
                         f'(check the data, latent_dim and the networks)')
    try:
        num_batches = len(data_iter)
    except TypeError:  # a pipeline of unknown length
        return
    if num_batches < k:
        raise ValueError(f'k ({k}) is larger than the number of minibatches per epoch '
                         f'({num_batches}): the generator would not step every epoch')


def snapshot_epochs(num_epochs, num_snapshots):
    """The epochs (1-based) at which to keep samples: evenly spaced, ending at the last."""
    num_snapshots = min(num_snapshots, num_epochs)
    return sorted({int(round(num_epochs * (i + 1) / num_snapshots))
                   for i in range(num_snapshots)})


def tile_images(images, nrows, ncols):
    """Arrange `nrows * ncols` images (N, H, W) or (N, H, W, 3) into one picture."""
    images = np.asarray(images)[:nrows * ncols]
    N, H, W = images.shape[:3]
    if N < nrows * ncols:  # missing images stay black
        images = np.concatenate([images, np.zeros((nrows * ncols - N,) + images.shape[1:],
                                                  images.dtype)])
    tiled = images.reshape(nrows, ncols, H, W, -1).transpose(0, 2, 1, 3, 4)
    tiled = tiled.reshape(nrows * H, ncols * W, -1)
    return tiled[..., 0] if tiled.shape[-1] == 1 else tiled


def as_images(samples):
    """A generator's images, in any framework's layout, as pictures to show or to judge.

    `samples` are tanh outputs in [-1, 1], shaped (N, C, H, W) (PyTorch, MXNet),
    (N, H, W, C) (TensorFlow) or (N, H, W), with C = 1 (gray) or 3 (colour). Returns
    float32 (N, H, W) for gray and (N, H, W, 3) for colour images, in [0, 1].
    """
    images = np.asarray(samples, dtype=np.float32)
    if images.ndim == 4 and images.shape[1] in (1, 3) and images.shape[-1] not in (1, 3):
        images = images.transpose(0, 2, 3, 1)  # channels last
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    if images.ndim not in (3, 4) or (images.ndim == 4 and images.shape[-1] != 3):
        raise ValueError(f'images must have shape (N, C, H, W), (N, H, W, C) or (N, H, W) '
                         f'with 1 or 3 channels, got {np.shape(samples)}')
    return np.clip((images + 1) / 2, 0, 1)


class PointsView:
    """Draw 2-D points: the real ones (`real`, (n, 2)) and `num_samples` generated ones.

    `markers` (m, 2), e.g. the centres of a ring's modes, are drawn as red crosses.
    """

    def __init__(self, real, num_samples=200, markers=None):
        self.real = check_points(real, 'real')[:num_samples]
        self.num_samples = num_samples
        self.markers = None if markers is None else check_points(markers, 'markers')
        # Fixed axes (the real cloud plus a margin), so the frames do not jump around
        margin = 0.5 * (self.real.max(0) - self.real.min(0))
        self.lims = np.stack([self.real.min(0) - margin, self.real.max(0) + margin])

    def draw(self, ax, samples, epoch):
        fake = np.asarray(samples)
        ax.scatter(self.real[:, 0], self.real[:, 1], s=6, label='real')
        ax.scatter(fake[:, 0], fake[:, 1], s=6, label='generated')
        if self.markers is not None:
            ax.scatter(self.markers[:, 0], self.markers[:, 1], marker='x', color='red',
                       s=25, label='modes')
        ax.set_xlim(self.lims[:, 0])
        ax.set_ylim(self.lims[:, 1])
        ax.set_xlabel('$x_1$')
        ax.set_ylabel('$x_2$')
        ax.set_title(f'points after epoch {epoch}')
        ax.legend(loc='upper left', fontsize=8)


class ImagesView:
    """Draw a square grid of `num_samples` generated images (gray or colour)."""

    def __init__(self, num_samples=16):
        self.side = int(math.isqrt(num_samples))
        if self.side ** 2 != num_samples:
            raise ValueError(f'num_samples must be a square number, got {num_samples}')
        self.num_samples = num_samples

    def draw(self, ax, samples, epoch):
        picture = tile_images(as_images(samples), self.side, self.side)
        ax.imshow(picture, cmap='gray', vmin=0, vmax=1)
        ax.set_title(f'samples after epoch {epoch}')
        ax.set_xticks([])
        ax.set_yticks([])


class Monitor:
    """Record a GAN's training, animate it in Jupyter, report progress; the history.

    `d2l.train` calls `end_epoch(loss_D, loss_G, seconds, steps, sample)` after each epoch,
    with the epoch's mean losses, its training time and number of steps; `sample(n)`
    returns `n` samples of the generator and is only called when samples are drawn or
    kept. `view` (a `PointsView` or an `ImagesView`, or None for loss curves only) draws the
    samples beside the losses, about `NUM_FRAMES` times per run; `num_snapshots` evenly
    spaced epochs keep their samples in the history. With `progress=True` a progress bar
    (epoch, losses, time left) goes to stderr, for runs outside a notebook. With
    `diagnostics=True`, `d2l.train` also measures, once per epoch, the mean of D(x) and of
    D(G(z)) and the norms of D's and G's gradients (`d2l.diagnose`) and hands them to
    `record`; they go into the history as the per-epoch lists `D_real`, `D_fake`,
    `grad_D` and `grad_G` (chapter "When GANs fail", section "Training diagnostics").

    `finish(**extra)` returns the history, the same for every trainer of the book:
    per-epoch lists `loss_D`, `loss_G` and `seconds` (training time only, without sampling
    and drawing); the totals `steps`, `seconds_total` and `steps_per_s`; `snapshots`, a
    list of (epoch, samples); and `extra` (e.g. `net_G_sample`).
    """

    DIAGNOSTICS = ('D_real', 'D_fake', 'grad_D', 'grad_G')

    def __init__(self, num_epochs, view=None, num_snapshots=0, animate=True,
                 progress=False, diagnostics=False):
        _check_number('num_epochs', num_epochs, 1, math.inf, integer=True)
        _check_number('num_snapshots', num_snapshots, 0, math.inf, integer=True)
        self.num_epochs, self.view = num_epochs, view
        self.snapshot_at = set(snapshot_epochs(num_epochs, num_snapshots)
                               if num_snapshots else [])
        self.frame_every = max(1, round(num_epochs / NUM_FRAMES))
        self.history = {'loss_D': [], 'loss_G': [], 'seconds': [], 'steps': 0,
                        'snapshots': []}
        self.diagnostics = bool(diagnostics)
        if self.diagnostics:
            self.history.update({key: [] for key in self.DIAGNOSTICS})
        self.progress = ProgressBar(num_epochs) if progress else None
        self.animator = None
        if animate:
            from .plot import Animator  # matplotlib only when a plot is wanted
            panels = 1 if view is None else 2
            self.animator = Animator(xlabel='epoch', ylabel='loss',
                                     legend=['discriminator', 'generator'],
                                     xlim=[1, num_epochs], ncols=panels,
                                     figsize=(3.5 * panels, 3))
            if not self.animator.active:  # outside Jupyter: nothing to draw
                self.animator = None

    @property
    def num_samples(self):
        return 0 if self.view is None else self.view.num_samples

    def record(self, values):
        """Keep one epoch's diagnostics: a dict with the keys of `DIAGNOSTICS`."""
        for key in self.DIAGNOSTICS:
            self.history[key].append(float(values[key]))

    def end_epoch(self, loss_D, loss_G, seconds, steps, sample):
        h = self.history
        h['loss_D'].append(float(loss_D))
        h['loss_G'].append(float(loss_G))
        h['seconds'].append(float(seconds))
        h['steps'] += int(steps)
        epoch = len(h['loss_D'])
        if self.progress is not None:
            self.progress.update(epoch, h['loss_D'][-1], h['loss_G'][-1],
                                 sum(h['seconds']))
        is_snapshot = epoch in self.snapshot_at
        is_frame = self.animator is not None and (epoch % self.frame_every == 0
                                                  or epoch == self.num_epochs)
        if not (is_snapshot or is_frame):
            return
        samples = np.asarray(sample(max(self.num_samples, 1)))
        if is_snapshot:
            h['snapshots'].append((epoch, samples))
        if is_frame:
            if self.view is not None:
                ax = self.animator.axes[1]
                ax.cla()
                self.view.draw(ax, samples, epoch)
            self.animator.add(epoch, (loss_D, loss_G))

    def finish(self, **extra):
        """End the animation and the progress bar; return the history (see the class)."""
        if self.animator is not None:
            self.animator.finish()
        if self.progress is not None:
            self.progress.close()
        h = dict(self.history)
        h['seconds_total'] = sum(h['seconds'])
        h['steps_per_s'] = h['steps'] / h['seconds_total'] if h['seconds_total'] else 0.0
        return {**h, **extra}


class ProgressBar:
    """A one-line progress bar on stderr: epoch, losses, time left.

    On a terminal the line is redrawn in place; into a file or pipe a line is written
    about every tenth of the run, so that logs stay short.
    """

    WIDTH = 20  # characters of the bar

    def __init__(self, num_epochs, stream=None):
        self.num_epochs = num_epochs
        self.stream = sys.stderr if stream is None else stream
        self.in_place = getattr(self.stream, 'isatty', lambda: False)()
        self.every = max(1, num_epochs // 10)
        self.timer = Timer()

    def update(self, epoch, loss_D, loss_G, train_seconds):
        if not self.in_place and epoch % self.every and epoch != self.num_epochs:
            return
        elapsed = self.timer.stop()
        left = elapsed / epoch * (self.num_epochs - epoch)
        done = round(self.WIDTH * epoch / self.num_epochs)
        line = (f'[{"#" * done}{"." * (self.WIDTH - done)}] epoch {epoch}/{self.num_epochs}'
                f'  loss_D {loss_D:.3f}  loss_G {loss_G:.3f}  {left:.0f} s left')
        self.stream.write(('\r' + line) if self.in_place else line + '\n')
        self.stream.flush()

    def close(self):
        if self.in_place:
            self.stream.write('\n')
            self.stream.flush()

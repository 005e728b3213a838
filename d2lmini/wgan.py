"""Framework-neutral helpers of the chapter "Wasserstein GANs".

- `train_with_steps(d2l, update_D, update_G, *args, **kwargs)`: the book's one loop,
  `d2l.train`, with other D and G steps in place of `d2l.update_D` and `d2l.update_G`.
- `wasserstein_1(A, B)`: the exact earth mover's distance between two equal-size point sets.
- `correlation(a, b)`: Pearson's correlation of two sequences of numbers.
- `SnapshotImagesView`: an image view that keeps many samples (for the judge) and draws few.
"""
import numpy as np

from .training import ImagesView

__all__ = ['train_with_steps', 'wasserstein_1', 'correlation', 'SnapshotImagesView']


def train_with_steps(d2l, update_D, update_G, *args, **kwargs):
    """Run `d2l.train(*args, **kwargs)` with the steps `update_D` and `update_G`.

    `d2l.train` looks up `update_D` and `update_G` in its module each time it runs, so
    putting other functions with the same signatures there, for the duration of one call,
    trains with them. The book's own steps are put back afterwards, also after an error.
    """
    for name, step in (('update_D', update_D), ('update_G', update_G)):
        if not callable(step):
            raise TypeError(f'{name} must be a function with the signature of '
                            f'd2l.{name}, got {step!r}')
    plain = d2l.update_D, d2l.update_G
    d2l.update_D, d2l.update_G = update_D, update_G
    try:
        return d2l.train(*args, **kwargs)
    finally:
        d2l.update_D, d2l.update_G = plain


def wasserstein_1(A, B):
    """Exact earth mover's distance between two point sets of equal size, (n, d) each.

    Each point carries mass 1/n; the cheapest plan then moves every point of A to one point
    of B (a matching), found by the Hungarian method. Cost O(n^3): a few hundred points.
    """
    from scipy.optimize import linear_sum_assignment  # here: `import d2lmini` stays fast
    A, B = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    if A.ndim != 2 or A.shape != B.shape:
        raise ValueError(f'A and B must be point sets of the same shape (n, d), got '
                         f'{A.shape} and {B.shape}')
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(B))):
        raise ValueError('the points contain NaN or infinite values: did training diverge?')
    cost = np.sqrt(((A[:, None, :] - B[None, :, :]) ** 2).sum(-1))  # (n, n) distances
    rows, cols = linear_sum_assignment(cost)
    return float(cost[rows, cols].mean())


def correlation(a, b):
    """Pearson's correlation coefficient of two equally long sequences of numbers."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1 or len(a) < 3:
        raise ValueError(f'need two sequences of the same length >= 3, got shapes '
                         f'{a.shape} and {b.shape}')
    return float(np.corrcoef(a, b)[0, 1])


class SnapshotImagesView(ImagesView):
    """Keep `num_samples` generated images per snapshot (e.g. 1,000 for the judge); draw
    the first `num_shown` (a square number) in the animation."""

    def __init__(self, num_samples=1000, num_shown=16):
        super().__init__(num_shown)
        self.num_samples = num_samples

    def draw(self, ax, samples, epoch):
        super().draw(ax, samples[:self.side ** 2], epoch)

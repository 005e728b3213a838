"""Checkers for the exercises of the chapter "An MLP GAN on MNIST"."""
import math

import numpy as np

from ..configs import MLP_GAN
from ._common import expect, report
from ._numbers import as_float, close

__all__ = ['check_mlp_gan_generator_params', 'check_mlp_gan_ema_half_life',
           'check_mlp_gan_nearest_distances', 'check_mlp_gan_early_average']

# The generator of the chapter: latent 100, hidden 128-256-512-1024, 784 pixels out;
# batch norm (a scale and a shift per unit) after every hidden layer but the first
LATENT_DIM = 100
HIDDEN = (128, 256, 512, 1024)
NUM_PIXELS = 28 * 28
# The exercise on the moving average: the chapter's decay
EMA_DECAY = MLP_GAN['ema_decay']


def _generator_params(batch_norm=True, running_stats=False):
    sizes = (LATENT_DIM,) + HIDDEN + (NUM_PIXELS,)
    linear = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    per_unit = 2 * (batch_norm + running_stats)  # scale, shift (+ running mean, var)
    return linear + per_unit * sum(HIDDEN[1:])


def check_mlp_gan_generator_params(answer):
    """The number of trainable parameters of `MLPGenerator(latent_dim=100)`.

    Expected: an integer, 1,510,032.
    """
    if expect(answer, 'an integer: the number of trainable parameters of G'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if value == _generator_params(batch_norm=False):
        return report(False, 'add batch norm: each normalized unit has a trainable scale '
                             'and shift')
    if value == _generator_params(running_stats=True):
        return report(False, "batch norm's running mean and variance are statistics, not "
                             'trainable parameters')
    if value == _generator_params() - sum(HIDDEN) - NUM_PIXELS:
        return report(False, 'every linear layer also has one bias per output unit')
    return report(value == _generator_params(),
                  'sum (inputs + 1) * outputs over the five linear layers, then 2 per '
                  'unit of the three batch-norm layers')


def check_mlp_gan_ema_half_life(answer):
    """Steps after which a weight has lost half its share in the average (decay 0.999).

    Expected: a number of steps, about 693 (log 2 / -log 0.999 = 692.8).
    """
    if expect(answer, 'a number of steps'):
        return False
    value = as_float(answer)
    if value is None or value <= 0:
        return report(False, f'expected a positive number of steps, got {answer!r}')
    exact = math.log(2) / -math.log(EMA_DECAY)
    if close(value, 1 / (1 - EMA_DECAY), rel=0.01):
        return report(False, '1 / (1 - decay) = 1000 is the average age of the weights '
                             'in the average, not the point where the share halves')
    return report(close(value, exact, rel=0.01),
                  'a weight from k steps ago is multiplied by decay**k; solve '
                  'decay**k = 1/2 for k')


def _reference_nearest_distances(samples, train):
    S = samples.reshape(len(samples), -1).astype(np.float64)
    T = train.reshape(len(train), -1).astype(np.float64)
    sq = (S ** 2).sum(1)[:, None] + (T ** 2).sum(1)[None, :] - 2 * S @ T.T
    return np.sqrt(np.maximum(sq, 0.0)).min(axis=1)


def check_mlp_gan_nearest_distances(answer):
    """A function `nearest_distances(samples, train)` -> (N,) Euclidean distances.

    Expected: a callable; for images `samples` (N, 28, 28) and `train` (M, 28, 28) it returns
    a NumPy array of N numbers, the pixel-space distance of each sample to its nearest
    training image. It is called on small random images.
    """
    if expect(answer, 'a function nearest_distances(samples, train) returning (N,) '
                      'distances'):
        return False
    if not callable(answer):
        return report(False, f'expected a function, got {type(answer).__name__}')
    rng = np.random.RandomState(0)
    samples, train = rng.rand(5, 28, 28), rng.rand(7, 28, 28)
    train[3] = samples[1]  # one sample copies a training image: distance 0
    try:
        result = np.asarray(answer(samples, train), dtype=np.float64)
    except Exception as err:  # the reader's code: report, do not crash the notebook
        return report(False, f'your function raised {type(err).__name__}: {err}')
    expected = _reference_nearest_distances(samples, train)
    if result.shape != expected.shape:
        return report(False, f'expected one distance per sample, shape {expected.shape}, '
                             f'got {result.shape}')
    if np.allclose(result, expected ** 2, rtol=1e-4):
        return report(False, 'these are squared distances: take the square root')
    return report(np.allclose(result, expected, rtol=1e-4, atol=1e-6),
                  'for each sample, take the minimum over training images of the '
                  'Euclidean norm of the pixel difference')


def check_mlp_gan_early_average(answer):
    """Prediction: after 10 epochs, is the FD of the averaged generator 'higher' or
    'lower' than that of the raw generator?

    Expected: 'higher'.
    """
    if expect(answer, "'higher' or 'lower'"):
        return False
    if not isinstance(answer, str) or answer.strip().lower() not in ('higher', 'lower'):
        return report(False, f"answer 'higher' or 'lower', got {answer!r}")
    return report(answer.strip().lower() == 'higher',
                  'after 460 steps, what share of the average do the random initial '
                  f'weights still hold? ({EMA_DECAY}**460)')


def _squared(samples, train):
    return _reference_nearest_distances(samples, train) ** 2


def _nearest_index(samples, train):
    S, T = samples.reshape(len(samples), -1), train.reshape(len(train), -1)
    return np.array([np.argmin(((T - s) ** 2).sum(1)) for s in S], dtype=np.float64)


EXAMPLES = {
    'check_mlp_gan_generator_params': (
        [1510032, '1510032', 1510032.0],
        [_generator_params(batch_norm=False), _generator_params(running_stats=True),
         533505, 'many', '1.5 million']),
    'check_mlp_gan_ema_half_life': (
        [693, 692.8, '693', 690],
        [1000, 500, 0.5, -693, 'forever']),
    'check_mlp_gan_nearest_distances': (
        [_reference_nearest_distances,
         lambda s, t: np.array([np.sqrt(((t - x) ** 2).sum(axis=(1, 2))).min()
                                for x in s])],
        [_squared, _nearest_index, 42, lambda s, t: 1 / 0]),
    'check_mlp_gan_early_average': (
        ['higher', ' Higher '],
        ['lower', 'same', 3, ['higher']]),
}

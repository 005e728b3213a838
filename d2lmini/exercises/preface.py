"""Checkers for the exercises of the preface (notation warm-ups)."""
import math

from ._common import expect, report
from ._numbers import as_float, as_tuple_of_floats, close

__all__ = ['check_preface_value', 'check_preface_pushforward', 'check_preface_linear_params']

# The discriminator's outputs in the exercise "Reading the value function"
D_REAL, D_FAKE = 0.9, 0.2


def check_preface_value(answer):
    """The one-sample value log D(x) + log(1 - D(G(z))) for D(x) = 0.9, D(G(z)) = 0.2.

    Expected: a number (natural logarithm), about -0.329.
    """
    if expect(answer, 'a number: log D(x) + log(1 - D(G(z))) with natural logs'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    target = math.log(D_REAL) + math.log(1 - D_FAKE)
    if close(value, math.log(D_REAL) + math.log(D_FAKE)):
        return report(False, 'the fake sample enters through log(1 - D(G(z))), '
                             'not log D(G(z))')
    if close(value, math.log10(D_REAL) + math.log10(1 - D_FAKE)):
        return report(False, 'use the natural logarithm (np.log), not log10')
    if value > 0:
        return report(False, 'both terms are logs of probabilities, so V is never '
                             'positive')
    return report(close(value, target),
                  'add log(0.9) for the real sample and log(1 - 0.2) for the fake one')


def check_preface_pushforward(answer):
    """Mean and standard deviation of G(z) = 2 z + 1 when z ~ N(0, 1).

    Expected: a pair (mean, standard deviation), namely (1, 2).
    """
    if expect(answer, 'a pair (mean, standard deviation) of the generated samples'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of numbers (mean, std), got {answer!r}')
    mean, std = pair
    if close(mean, 1) and close(std, 4):
        return report(False, '4 is the variance; the standard deviation is its root')
    if close(mean, 0) and close(std, 1):
        return report(False, 'that is p_z itself; G moves and stretches it')
    return report(close(mean, 1) and close(std, 2),
                  'scaling by 2 doubles the spread, adding 1 shifts the centre')


# The linear generator of chapter 4: latent dimension 2 -> data dimension 2
LATENT_DIM, DATA_DIM = 2, 2


def check_preface_linear_params(answer):
    """Number of trainable parameters of G(z) = z W + b from R^2 to R^2.

    Expected: a whole number, namely 6 (4 weights and 2 biases).
    """
    if expect(answer, 'a whole number: how many entries W and b have together'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, LATENT_DIM * DATA_DIM):
        return report(False, 'that counts W only: the bias b is trained too')
    if close(value, DATA_DIM):
        return report(False, 'that counts b only: W has 2 x 2 entries')
    return report(close(value, LATENT_DIM * DATA_DIM + DATA_DIM),
                  'W maps 2 inputs to 2 outputs, and b adds one number per output')


EXAMPLES = {
    'check_preface_value': (
        [math.log(0.9) + math.log(0.8), -0.3285, '-0.329'],
        [math.log(0.9) + math.log(0.2), -0.143, 0.3285, 0.0, 'a lot', [1, 2]]),
    'check_preface_linear_params': ([6, 6.0, '6'], [4, 2, 8, 3, 'six weights', (2, 2)]),
    'check_preface_pushforward': (
        [(1, 2), [1.0, 2.0], (1.0, 2.001)],
        [(1, 4), (0, 1), (2, 1), (1,), 'one, two', 3.0]),
}

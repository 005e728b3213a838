"""Checkers for the exercises of the chapter "The adversarial game"."""
import math

import numpy as np

from ._common import expect, report
from ._numbers import as_float, as_tuple_of_floats, close

__all__ = ['check_game_equilibrium_value', 'check_game_optimal_d', 'check_game_jsd',
           'check_game_gradient_ratio', 'check_game_algorithm_samples']

# The exercise "The optimal discriminator of two Gaussians": p_data = N(0, 1),
# p_g = N(1, 1), evaluated at x = 0
OPTIMAL_D_AT = 0.0
# The exercise "How much stronger is the non-saturating gradient?"
D_OF_FAKE = 0.01
# The exercise "Counting samples in Algorithm 1": k discriminator steps, minibatch m
K_STEPS, MINIBATCH = 5, 64


def _normal_pdf(x, mean, std):
    return math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


def check_game_equilibrium_value(answer):
    """V(D*, G) when p_g = p_data.

    Expected: a number in nats (natural logarithm), about -1.386.
    """
    if expect(answer, 'a number: the value V(D*, G) at p_g = p_data, in nats'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, 0.5):
        return report(False, '1/2 is D*(x) at equilibrium; put it into V(D, G)')
    if close(value, -2.0):
        return report(False, 'that is in bits (log2); the book uses natural logs')
    if close(value, -math.log(2)):
        return report(False, 'V has two expectations, each contributing log(1/2)')
    return report(close(value, -math.log(4)),
                  'with D* = 1/2 everywhere, V = log(1/2) + log(1 - 1/2)')


def check_game_optimal_d(answer):
    """D*(0) for p_data = N(0, 1) and p_g = N(1, 1).

    Expected: a probability, about 0.62.
    """
    if expect(answer, 'a number between 0 and 1: D*(0)'):
        return False
    value = as_float(answer)
    if value is None or not 0 <= value <= 1:
        return report(False, f'D* is a probability between 0 and 1, got {answer!r}')
    p_data = _normal_pdf(OPTIMAL_D_AT, 0.0, 1.0)
    p_g = _normal_pdf(OPTIMAL_D_AT, 1.0, 1.0)
    if close(value, p_g / (p_data + p_g)):
        return report(False, 'you computed 1 - D*: p_data goes in the numerator')
    if close(value, 0.5):
        return report(False, 'D* = 1/2 only where the two densities are equal '
                             '(here at x = 1/2)')
    return report(close(value, p_data / (p_data + p_g)),
                  'evaluate both Gaussian densities at x = 0 and form '
                  'p_data / (p_data + p_g)')


def check_game_jsd(answer):
    """A function `jsd(p, q)`: Jensen-Shannon divergence of two discrete distributions.

    Expected: the function itself. It receives two 1-D arrays of probabilities (each
    sums to 1, zeros allowed) and returns the divergence in nats as a number.
    """
    if expect(answer, 'your function jsd(p, q), returning the divergence in nats'):
        return False
    if not callable(answer):
        return report(False, 'pass the function itself: check_game_jsd(jsd)')
    rng = np.random.default_rng(0)
    random_p, random_q = rng.dirichlet(np.ones(6)), rng.dirichlet(np.ones(6))
    cases = [  # (p, q, what the case tests)
        ([0.5, 0.5], [0.5, 0.5], 'identical distributions'),
        ([1.0, 0.0], [0.0, 1.0], 'disjoint supports'),
        ([0.5, 0.5, 0.0], [0.0, 0.5, 0.5], 'partly overlapping supports'),
        (random_p, random_q, 'two random distributions'),
    ]
    for p, q, what in cases:
        p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
        try:
            value = as_float(answer(p, q))
        except Exception as err:  # the reader's code: report, never a traceback
            return report(False, f'calling your function on {what} raised '
                                 f'{type(err).__name__}: {err}')
        if value is None:
            return report(False, f'on {what} your function returned no finite number: '
                                 'treat 0 * log 0 as 0')
        target = _reference_jsd(p, q)
        if not math.isclose(value, target, abs_tol=1e-6):
            hint = f'on {what} expected {target:.4f} nats, got {value:.4f}'
            if math.isclose(value, target / math.log(2), abs_tol=1e-6):
                hint += ': use the natural logarithm, not log2'
            elif math.isclose(value, 2 * target, abs_tol=1e-6):
                hint += ': JSD averages the two KL divergences (the factor 1/2)'
            return report(False, hint)
    return report(True, '')


def check_game_gradient_ratio(answer):
    """How many times larger is the non-saturating gradient at D(G(z)) = 0.01?

    Both gradients are taken with respect to the discriminator's logit a, where
    D = sigmoid(a). Expected: a number (the ratio of their sizes), about 99.
    """
    if expect(answer, 'a number: |non-saturating gradient| / |saturating gradient|'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    target = (1 - D_OF_FAKE) / D_OF_FAKE
    if close(value, 1 / target):
        return report(False, 'you inverted the ratio: the non-saturating one is larger')
    return report(close(value, target),
                  'with respect to the logit the two gradients are -D and -(1 - D); '
                  'divide their sizes at D = 0.01')


def check_game_algorithm_samples(answer):
    """Samples drawn in one outer iteration of Algorithm 1 with k = 5, m = 64.

    Expected: a pair (noise vectors drawn, real examples drawn).
    """
    if expect(answer, 'a pair (noise vectors, real examples) per outer iteration'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of numbers, got {answer!r}')
    noise, real = pair
    right = (K_STEPS * MINIBATCH + MINIBATCH, K_STEPS * MINIBATCH)
    if (noise, real) == (right[1], right[1]):
        return report(False, 'the generator step draws a fresh minibatch of noise too')
    if real == right[0]:
        return report(False, 'the generator step uses no real examples')
    return report((noise, real) == right,
                  'each of the k discriminator steps draws m noise vectors and m real '
                  'examples; the generator step draws m noise vectors')


def _reference_jsd(p, q):
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    m = (p + q) / 2

    def kl(a, b):
        mask = a > 0  # 0 * log 0 = 0
        return float(np.sum(a[mask] * np.log(a[mask] / b[mask])))
    return 0.5 * kl(p, m) + 0.5 * kl(q, m)


def _jsd_in_bits(p, q):
    return _reference_jsd(p, q) / math.log(2)


def _jsd_without_half(p, q):
    return 2 * _reference_jsd(p, q)


def _jsd_naive_logs(p, q):
    # Fails on zeros: 0 * log 0 gives nan
    p, q = np.asarray(p), np.asarray(q)
    m = (p + q) / 2
    with np.errstate(divide='ignore', invalid='ignore'):
        return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))


def _kl_instead_of_jsd(p, q):
    p, q = np.asarray(p), np.asarray(q)
    mask = p > 0
    with np.errstate(divide='ignore'):
        return float(np.sum(p[mask] * np.log(p[mask] / q[mask])))


EXAMPLES = {
    'check_game_equilibrium_value': (
        [-math.log(4), -1.386, '-1.3863'],
        [0.5, -2.0, -math.log(2), math.log(4), 0, 'minus log four']),
    'check_game_optimal_d': (
        [1 / (1 + math.exp(-0.5)), 0.6225, 0.62],
        [0.5, 0.3775, 0.3989, 1.5, -0.62, 'sigmoid(0.5)']),
    'check_game_jsd': (
        [_reference_jsd],
        [_jsd_in_bits, _jsd_without_half, _jsd_naive_logs, _kl_instead_of_jsd,
         math.log(2), 'jsd']),
    'check_game_gradient_ratio': (
        [99, 99.0, 100, '99'],
        [1 / 99, 0.01, 1, 10, 0.99, 'a lot']),
    'check_game_algorithm_samples': (
        [(384, 320), [384, 320]],
        [(320, 320), (384, 384), (64, 64), (6, 5), (320, 384), 384, 'many']),
}

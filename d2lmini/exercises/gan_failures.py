"""Checkers for the exercises of the chapter "When GANs fail"."""
import math

import numpy as np

from ._common import expect, report
from ._numbers import as_float, close

__all__ = ['check_failures_spiral', 'check_failures_ring_spread',
           'check_failures_minibatch_spread', 'check_failures_loss_curves']

# The spiral exercise: simultaneous gradient steps on f(x, y) = x y
SPIRAL_LR = 0.1
SPIRAL_STEPS = 100
# The ring of the chapter: 8 modes on a circle of radius 2, standard deviation 0.02
RING_RADIUS = 2.0
RING_STD = 0.02


def check_failures_spiral(answer):
    """Distance from the equilibrium after 100 simultaneous steps (lr 0.1) from distance 1.

    Expected: (1 + 0.1**2) ** (100 / 2) = 1.6446.
    """
    if expect(answer, 'a number: the distance from (0, 0) after 100 steps'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    exact = (1 + SPIRAL_LR ** 2) ** (SPIRAL_STEPS / 2)
    if close(value, 1.0):
        return report(False, 'that is the alternating version (or the continuous-time '
                             'flow): simultaneous steps multiply the distance by a factor '
                             'above 1 every step')
    if close(value, (1 + SPIRAL_LR ** 2) ** SPIRAL_STEPS):
        return report(False, 'that is the squared distance: take the square root of '
                             '1 + lr**2 per step')
    return report(close(value, exact, rel=2e-3),
                  'one step maps (x, y) to (x - lr y, y + lr x); compute the new x**2 + y**2 '
                  'in terms of the old one')


def check_failures_ring_spread(answer):
    """Standard deviation of one coordinate of the ring's points (radius 2, std 0.02).

    Expected: sqrt(radius**2 / 2 + std**2) = 1.4144; anything within 1% is accepted.
    """
    if expect(answer, 'a number: the standard deviation of x_1 over many ring points'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    exact = math.sqrt(RING_RADIUS ** 2 / 2 + RING_STD ** 2)
    if close(value, RING_RADIUS):
        return report(False, 'the radius is the largest |x_1|, not its spread: average '
                             '(2 cos t)**2 over the eight angles')
    if close(value, RING_STD):
        return report(False, "0.02 is the spread within one mode; the points' spread over "
                             'the whole ring is much larger')
    if close(value, exact ** 2):
        return report(False, 'that is the variance; take its square root')
    return report(close(value, exact),
                  'the mean of cos(t)**2 over the eight angles is 1/2; add the small '
                  'within-mode variance')


def _reference_spread(H):
    H = np.asarray(H, dtype=np.float64)
    return float(np.sqrt(H.var(axis=0) + 1e-8).mean())


def check_failures_minibatch_spread(answer):
    """A NumPy function `minibatch_spread(H)`: H (N, h) -> the one spread number.

    Expected: a callable returning the mean over the h features of the standard deviation
    over the N examples (dividing by N or by N - 1 are both accepted).
    """
    if expect(answer, 'a function minibatch_spread(H) of a NumPy array (N, h)'):
        return False
    if not callable(answer):
        return report(False, f'expected a function, got {type(answer).__name__}')
    rng = np.random.default_rng(0)
    # Features with different means and scales: a flattened std or the wrong axis differ
    H = rng.normal(size=(64, 5)) * np.arange(1, 6) + np.arange(5) * 3
    try:
        value = as_float(np.asarray(answer(H)).squeeze())
        collapsed = as_float(np.asarray(answer(np.ones((16, 3)))).squeeze())
    except Exception as err:  # the reader's code: report, never a traceback
        return report(False, f'your function raised {type(err).__name__}: {err}')
    if value is None or collapsed is None:
        return report(False, 'the function must return one number for the whole batch')
    population, sample = _reference_spread(H), float(H.std(axis=0, ddof=1).mean())
    if close(value, float(H.std(axis=1).mean())):
        return report(False, 'that is the spread across features of each example: take '
                             'the standard deviation over the batch (axis 0)')
    if close(value, float(H.std())):
        return report(False, 'that mixes the features: compute one standard deviation '
                             'per feature, over the batch, then average them')
    if close(value, float(H.var(axis=0).mean())):
        return report(False, 'that is the variance; take the square root before averaging')
    ok = (close(value, population, rel=1e-3) or close(value, sample, rel=1e-3)) \
        and abs(collapsed) < 1e-3
    return report(ok, 'std over axis 0 (the batch), one per feature, then the mean of '
                      'those h numbers; identical examples must give (about) 0')


LOSS_CHOICES = {
    'a': 'the generator covers all the modes',
    'b': 'neither network has run away from the other (no divergence)',
    'c': 'the samples are of high quality',
    'd': 'training has reached the equilibrium of the game',
}


def check_failures_loss_curves(answer):
    """Which statement do flat, steady GAN loss curves support? One letter of a-d.

    Expected: 'b'.
    """
    if expect(answer, "one letter, 'a' to 'd'"):
        return False
    if not isinstance(answer, str) or answer.strip().lower() not in LOSS_CHOICES:
        return report(False, f"answer with one letter from 'a' to 'd', got {answer!r}")
    choice = answer.strip().lower()
    hints = {
        'a': 'the collapsed run of the chapter had steady losses too',
        'c': 'the losses compare G with the current D only, not with the data',
        'd': 'steady losses also occur while G cycles or hops between modes',
    }
    return report(choice == 'b', hints.get(choice, ''))


EXAMPLES = {
    'check_failures_spiral': ([1.6446, '1.645', 1.01 ** 50],
                              [1.0, 2.7048, 'far', [1.6], 1.7]),
    'check_failures_ring_spread': ([1.4144, 2 ** 0.5, '1.41'],
                                   [2.0, 0.02, 2.0004, 'sqrt 2', 1.2]),
    'check_failures_minibatch_spread': (
        [lambda H: np.sqrt(np.var(H, axis=0)).mean(),
         lambda H: np.std(H, axis=0, ddof=1).mean()],
        [lambda H: np.std(H, axis=1).mean(), lambda H: np.std(H),
         lambda H: np.var(H, axis=0).mean(), lambda H: np.std(H, axis=0),
         lambda H: 1 / 0, 3.0]),
    'check_failures_loss_curves': (['b', ' B '], ['a', 'c', 'd', 'e', 2]),
}

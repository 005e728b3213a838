"""Checkers for the exercises of the chapter "Wasserstein GANs"."""
import math

from ._common import expect, report
from ._numbers import as_float, close

__all__ = ['check_wgan_gaussians', 'check_wgan_linear_penalty', 'check_wgan_clipped_slope',
           'check_wgan_hinge', 'check_wgan_second_order']

SHIFT = 3.0                 # N(0, 1) against N(3, 1)
LINEAR_W = (3.0, 4.0)       # the linear critic's weights
CLIP = 0.01                 # the clipping bound of the first WGAN
REAL_SCORE, FAKE_SCORE = 2.0, -0.5  # the hinge exercise's two scores


def _number(answer, description):
    """(done, value): done is True when the answer is empty or not a number."""
    if expect(answer, description):
        return True, None
    value = as_float(answer)
    if value is None:
        report(False, f'expected a single number, got {answer!r}')
        return True, None
    return False, value


def check_wgan_gaussians(answer):
    """Earth mover's distance between N(0, 1) and N(3, 1). Expected: 3."""
    done, value = _number(answer, "a number: the earth mover's distance")
    if done:
        return False
    if close(value, math.log(2)):
        return report(False, "log 2 is (nearly) the Jensen-Shannon divergence; the earth "
                             "mover's distance is a cost of moving mass")
    if close(value, SHIFT ** 2):
        return report(False, 'that is the squared distance (the cost of the 2-Wasserstein '
                             'distance squared); W1 pays the distance itself')
    return report(close(value, SHIFT), 'how far must each point move to turn one Gaussian '
                                       'into the other?')


def check_wgan_linear_penalty(answer):
    """Gradient penalty (norm(w) - 1)**2 of the linear critic with w = (3, 4). Expected: 16."""
    done, value = _number(answer, 'a number: the gradient penalty of the linear critic')
    if done:
        return False
    norm = math.hypot(*LINEAR_W)
    if close(value, norm):
        return report(False, 'that is the norm of the gradient; the penalty is '
                             '(norm - 1) squared')
    if close(value, norm - 1):
        return report(False, 'square the difference from 1')
    if close(value, sum(w * w for w in LINEAR_W)) or close(value, 24.0):
        return report(False, 'take the norm (a square root) before subtracting 1')
    return report(close(value, (norm - 1) ** 2), 'the gradient of w.x + b is w everywhere')


def check_wgan_clipped_slope(answer):
    """Largest slope of a dense layer R^2 -> R with weights in [-0.01, 0.01].

    Expected: 0.01 * sqrt(2) = 0.01414.
    """
    done, value = _number(answer, 'a number: the largest gradient norm of the layer')
    if done:
        return False
    if close(value, CLIP, rel=1e-3, abs_tol=1e-6):
        return report(False, 'both weights can sit at the bound at once: the gradient is '
                             'the vector of the two weights')
    if close(value, 2 * CLIP, rel=1e-3, abs_tol=1e-6):
        return report(False, 'that is the sum of the two weights; the slope is the '
                             'Euclidean norm of the weight vector')
    return report(close(value, CLIP * math.sqrt(2), rel=1e-2, abs_tol=1e-5),
                  'the gradient of w.x + b is w; make both weights as large as allowed')


def check_wgan_hinge(answer):
    """Hinge loss max(0, 1 - 2) + max(0, 1 - 0.5). Expected: 0.5."""
    done, value = _number(answer, 'a number: the hinge loss L_D of the pair')
    if done:
        return False
    if close(value, FAKE_SCORE - REAL_SCORE):
        return report(False, 'that is the Wasserstein critic loss; the hinge loss clips '
                             'each term at 0')
    if close(value, (1 - REAL_SCORE) + (1 + FAKE_SCORE)):
        return report(False, 'a real score beyond the margin costs 0, not a negative '
                             'amount: take max(0, .) of each term')
    if close(value, 1 + REAL_SCORE + 1 - FAKE_SCORE) or close(value, 1.5):
        return report(False, 'mind the signs: real images should score at least +1 '
                             '(max(0, 1 - D(x))), fakes at most -1 (max(0, 1 + D(G(z))))')
    return report(close(value, max(0, 1 - REAL_SCORE) + max(0, 1 + FAKE_SCORE)),
                  'evaluate max(0, 1 - D(x)) + max(0, 1 + D(G(z)))')


STEPS = ('update_D_wgan_clip', 'update_D_wgan_gp', 'update_D_hinge')


def check_wgan_second_order(answer):
    """The critic step that needs a gradient of a gradient. Expected: 'update_D_wgan_gp'."""
    if expect(answer, "a name: 'update_D_wgan_clip', 'update_D_wgan_gp' or "
                      "'update_D_hinge'"):
        return False
    name = getattr(answer, '__name__', answer)
    if not isinstance(name, str) or name.strip() not in STEPS:
        return report(False, f'answer with one of the names {", ".join(STEPS)}, got '
                             f'{answer!r}')
    hints = {'update_D_wgan_clip': 'clipping changes the weights after an ordinary '
                                   'first-order step',
             'update_D_hinge': 'the hinge loss is a function of the scores only; spectral '
                               "normalisation's power iteration is a forward computation"}
    return report(name.strip() == 'update_D_wgan_gp', hints.get(name.strip(), ''))


EXAMPLES = {
    'check_wgan_gaussians': ([3, 3.0, '3'], [math.log(2), 9.0, 0.0, 'three', [3]]),
    'check_wgan_linear_penalty': ([16, 16.0, '16'], [5.0, 4.0, 25.0, 24.0, 0.0, 'x']),
    'check_wgan_clipped_slope': ([0.0141421, 0.01414, math.sqrt(2) / 100],
                                 [0.01, 0.02, 1.414, 0.0, 'sqrt 2']),
    'check_wgan_hinge': ([0.5, '0.5', 1 / 2], [-2.5, -0.5, 5.5, 1.5, 0.0, 'half']),
    'check_wgan_second_order': (['update_D_wgan_gp', ' update_D_wgan_gp '],
                                ['update_D_wgan_clip', 'update_D_hinge', 'update_D',
                                 'gp', 3]),
}

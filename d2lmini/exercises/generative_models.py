"""Checkers for the exercises of the chapter "Generative models"."""
import math

import numpy as np

from ._common import expect, report
from ._numbers import as_float, as_word_set, close

__all__ = ['check_genmodels_exact_likelihood', 'check_genmodels_mixture_density',
           'check_genmodels_sampler', 'check_genmodels_bic']

# Words a reader may use for each family of the chapter's table
FAMILY_WORDS = {
    'autoregressive': 'autoregressive', 'ar': 'autoregressive',
    'pixelrnn': 'autoregressive', 'pixelcnn': 'autoregressive',
    'flow': 'flow', 'flows': 'flow', 'normalizing': 'flow', 'normalising': 'flow',
    'vae': 'vae', 'vaes': 'vae', 'variational': 'vae',
    'diffusion': 'diffusion', 'ddpm': 'diffusion',
    'gan': 'gan', 'gans': 'gan', 'adversarial': 'gan',
}
EXACT_LIKELIHOOD = {'autoregressive', 'flow'}

# The mixture of the exercise "Evaluating an explicit density"
DENSITY_WEIGHTS, DENSITY_MEANS, DENSITY_STDS = (0.3, 0.7), (-2.0, 1.0), (1.0, 0.5)
DENSITY_AT = 0.0

# The chapter's data come from a mixture of this many Gaussians (see its data cell)
TRUE_COMPONENTS = 3


def _normal_pdf(x, mean, std):
    return math.exp(-0.5 * ((x - mean) / std) ** 2) / (std * math.sqrt(2 * math.pi))


def check_genmodels_exact_likelihood(answer):
    """Which families of the chapter's table give the exact log-likelihood of a sample?

    Expected: family names, e.g. 'gan, vae' or ['gan', 'vae'] (words: autoregressive,
    flow, vae, diffusion, gan).
    """
    if expect(answer, "the families' names, e.g. 'gan, vae' "
                      '(autoregressive, flow, vae, diffusion, gan)'):
        return False
    words = as_word_set(answer)
    if not words:
        return report(False, f'expected family names as a string or a list, '
                             f'got {answer!r}')
    unknown = sorted(w for w in words if w not in FAMILY_WORDS)
    if unknown:
        return report(False, f'unknown name(s) {unknown}: use autoregressive, flow, '
                             'vae, diffusion or gan')
    families = {FAMILY_WORDS[w] for w in words}
    if 'vae' in families or 'diffusion' in families:
        return report(False, 'VAEs and diffusion models optimise a lower bound on the '
                             'log-likelihood, not the likelihood itself')
    if 'gan' in families:
        return report(False, 'a GAN defines no density at all: it only samples')
    return report(families == EXACT_LIKELIHOOD,
                  'one family is missing: which models factor p(x) or change '
                  'variables exactly?')


def check_genmodels_mixture_density(answer):
    """p(0) for p(x) = 0.3 N(x; -2, 1^2) + 0.7 N(x; 1, 0.5^2).

    Expected: a number, the density at x = 0 (about 0.092).
    """
    if expect(answer, 'a number: the mixture density p(0)'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    parts = [w * _normal_pdf(DENSITY_AT, m, s) for w, m, s
             in zip(DENSITY_WEIGHTS, DENSITY_MEANS, DENSITY_STDS)]
    as_variance = sum(w * _normal_pdf(DENSITY_AT, m, s ** 2) for w, m, s
                      in zip(DENSITY_WEIGHTS, DENSITY_MEANS, DENSITY_STDS))
    if close(value, as_variance):
        return report(False, '0.5 is the standard deviation of the second component, '
                             'not its variance')
    if close(value, sum(p / w for p, w in zip(parts, DENSITY_WEIGHTS))):
        return report(False, 'weight each component by its mixing weight')
    return report(close(value, sum(parts)),
                  'sum the weighted Gaussian densities 0.3 N(0; -2, 1) + '
                  '0.7 N(0; 1, 0.25)')


def check_genmodels_sampler(answer):
    """A function `sample_mixture(weights, means, stds, n)` drawing n mixture samples.

    Expected: the function itself (not its output). It is called with two components,
    weights (0.2, 0.8), means (-5, 2), standard deviations (0.5, 1), and n = 100,000,
    and must return a 1-D array of n numbers.
    """
    if expect(answer, 'your function sample_mixture(weights, means, stds, n), '
                      'returning a 1-D array of n samples'):
        return False
    if not callable(answer):
        return report(False, 'pass the function itself: check_genmodels_sampler('
                             'sample_mixture)')
    weights, means, stds, n = (0.2, 0.8), (-5.0, 2.0), (0.5, 1.0), 100_000
    try:
        samples = np.asarray(answer(weights, means, stds, n), dtype=float)
    except Exception as err:  # the reader's code: report, never a traceback
        return report(False, f'calling your function raised '
                             f'{type(err).__name__}: {err}')
    if samples.shape != (n,):
        return report(False, f'expected an array of shape ({n},), got shape '
                             f'{samples.shape}')
    # The threshold -2.5 lies more than 4 standard deviations from both components,
    # so it assigns all but a few in a million samples to their own component
    threshold = -2.5
    left, right = samples[samples < threshold], samples[samples >= threshold]
    # With n = 100,000 the sampling error of the fraction is about 0.0013
    if not abs(len(left) / n - weights[0]) < 0.01:
        return report(False, f'{len(left) / n:.1%} of the samples came from the left '
                             'component instead of 20%: choose the component with '
                             'probabilities `weights`')
    if len(left) < 2 or len(right) < 2:
        return report(False, 'one component received no samples')
    moments_ok = (abs(left.mean() - means[0]) < 0.05 and abs(right.mean() - means[1]) < 0.05
                  and abs(left.std() - stds[0]) < 0.05 and abs(right.std() - stds[1]) < 0.05)
    return report(moments_ok, 'the components have the wrong centre or spread: draw '
                              'each sample from N(means[k], stds[k]**2) of its own '
                              'component k')


def check_genmodels_bic(answer):
    """Your prediction: how many components does BIC choose on the chapter's data?

    Expected: a whole number between 1 and 6.
    """
    if expect(answer, 'a whole number of components, 1 to 6'):
        return False
    value = as_float(answer)
    if value is None or value != int(value) or not 1 <= value <= 6:
        return report(False, f'expected a whole number from 1 to 6, got {answer!r}')
    if value > TRUE_COMPONENTS:
        return report(False, 'more components raise the likelihood a little, but BIC '
                             'charges each extra parameter log(n)/2 nats')
    return report(value == TRUE_COMPONENTS,
                  'look at the histogram: how many separate bumps does it have?')


def _reference_sampler(weights, means, stds, n):
    rng = np.random.default_rng(1)
    component = rng.choice(len(weights), size=n, p=weights)
    return rng.normal(np.take(means, component), np.take(stds, component))


def _sampler_ignoring_weights(weights, means, stds, n):
    rng = np.random.default_rng(2)
    component = rng.integers(len(weights), size=n)
    return rng.normal(np.take(means, component), np.take(stds, component))


def _sampler_one_gaussian(weights, means, stds, n):
    # A common mistake: a single Gaussian at the mixture's mean
    mean = float(np.dot(weights, means))
    return np.random.default_rng(3).normal(mean, 1.0, size=n)


def _sampler_with_variances(weights, means, stds, n):
    rng = np.random.default_rng(4)
    component = rng.choice(len(weights), size=n, p=weights)
    return rng.normal(np.take(means, component), np.take(stds, component) ** 2)


def _sampler_wrong_shape(weights, means, stds, n):
    return _reference_sampler(weights, means, stds, n).reshape(n, 1)


def _sampler_that_fails(weights, means, stds, n):
    raise NotImplementedError('not written yet')


EXAMPLES = {
    'check_genmodels_exact_likelihood': (
        ['autoregressive, flows', ['Flow', 'autoregressive'], 'AR normalizing'],
        ['autoregressive', 'autoregressive flow vae', 'gan', ['diffusion'], 'boltzmann',
         '', 42]),
    'check_genmodels_mixture_density': (
        [0.0918, 0.09178, '0.0918'],
        [0.5, 0.2259, 0.0162, 0.0756, -1, 'p(0)']),
    'check_genmodels_sampler': (
        [_reference_sampler],
        [_sampler_ignoring_weights, _sampler_one_gaussian, _sampler_with_variances,
         _sampler_wrong_shape, _sampler_that_fails, np.zeros(5), 'sample_mixture']),
    'check_genmodels_bic': (
        [3, 3.0, '3'],
        [1, 2, 4, 6, 2.5, 0, 7, 'three']),
}

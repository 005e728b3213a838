"""Checkers for the exercises of the chapter "Conditional GANs"."""
from ._common import expect, report
from ._numbers import as_float, as_tuple_of_floats, close

__all__ = ['check_cgan_projection_params', 'check_cgan_ignored_label',
           'check_cgan_projection_logit', 'check_cgan_optimal_d']

# The chapter's discriminator: features h of 64 x 7 x 7, ten classes
NUM_CLASSES = 10
NUM_FEATURES = 64 * 7 * 7
# The projection exercise: h, psi(h) and the class vectors of 3 and 5
H = (1.0, 2.0, -1.0)
PSI = 0.3
E3, E5 = (0.5, -1.0, 0.0), (0.0, 0.5, 1.0)
# The optimal-discriminator exercise: densities at x for the label 4; for the label 9,
# p_g is P_G_RATIO times p_data
P_DATA_4, P_G_4, P_G_RATIO = 0.3, 0.1, 3.0


def _dot(a, b):
    return sum(x * y for x, y in zip(a, b))


def check_cgan_projection_params(answer):
    """Trainable numbers of the projection (the table of class vectors e_y) and of the
    auxiliary classifier (a linear layer with bias) of `CGANDiscriminator`.

    Expected: the pair (31360, 31370).
    """
    if expect(answer, 'a pair (numbers in the projection, numbers in the auxiliary '
                      'classifier)'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of two integers, got {answer!r}')
    projection, classifier = pair
    want_p = NUM_CLASSES * NUM_FEATURES
    want_c = NUM_FEATURES * NUM_CLASSES + NUM_CLASSES
    if projection in (NUM_FEATURES, 64) or classifier in (NUM_FEATURES, 64):
        return report(False, 'each class has a vector as long as the features h, '
                             '64 * 7 * 7 = 3136 numbers, and there are 10 classes')
    if projection == want_p and classifier == want_p:
        return report(False, 'the classifier, a linear layer, also has one bias per class')
    return report(projection == want_p and classifier == want_c,
                  'projection: 10 vectors of 3136; classifier: 3136 x 10 weights + 10 '
                  'biases')


def check_cgan_ignored_label(answer):
    """Per-class accuracy, for every requested class, of a generator that ignores the
    label and draws the ten classes equally often (a perfect judge).

    Expected: 0.1 (or 10%, written 10).
    """
    if expect(answer, 'a number: the share of samples read as the requested class'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, 0.0):
        return report(False, 'the generator does draw the requested class sometimes: as '
                             'often as any other class')
    if close(value, 1.0) or close(value, 0.9):
        return report(False, 'the label is ignored: the requested class comes out no more '
                             'often than any other')
    return report(close(value, 1 / NUM_CLASSES) or close(value, 100 / NUM_CLASSES),
                  'every class is drawn equally often whatever is asked; how often is '
                  'that one of ten?')


def check_cgan_projection_logit(answer):
    """The logits (D(x, 3), D(x, 5)) of the projection discriminator of the exercise,
    h = (1, 2, -1), psi(h) = 0.3, e_3 = (0.5, -1, 0), e_5 = (0, 0.5, 1).

    Expected: the pair (-1.2, 0.3).
    """
    if expect(answer, 'the pair (D(x, 3), D(x, 5)) of logits'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of two numbers, got {answer!r}')
    want = (PSI + _dot(E3, H), PSI + _dot(E5, H))
    if all(close(v, w - PSI) for v, w in zip(pair, want)):
        return report(False, 'add the unconditional part psi(h) = 0.3 to both')
    if all(close(v, w) for v, w in zip(pair[::-1], want)) and not close(*want):
        return report(False, 'the first number is for the label 3, the second for 5')
    return report(all(close(v, w) for v, w in zip(pair, want)),
                  'D(x, y) = psi(h) + e_y . h, the inner product summed over the three '
                  'features')


def check_cgan_optimal_d(answer):
    """The optimal discriminator's outputs (D*(x, 4), D*(x, 9)) in the exercise:
    p_data(x|4) = 0.3, p_g(x|4) = 0.1, and p_g(x|9) = 3 p_data(x|9).

    Expected: the pair (0.75, 0.25).
    """
    if expect(answer, 'the pair (D*(x, 4), D*(x, 9)), probabilities'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of two numbers, got {answer!r}')
    d4 = P_DATA_4 / (P_DATA_4 + P_G_4)
    d9 = 1 / (1 + P_G_RATIO)
    if close(pair[0], P_G_4 / (P_DATA_4 + P_G_4)) or close(pair[1], 1 - d9):
        return report(False, 'D* is the share of the data density: p_data / (p_data + p_g)')
    if close(pair[0], P_DATA_4 / P_G_4) or close(pair[0], 0.5):
        return report(False, 'D*(x, y) = p_data(x|y) / (p_data(x|y) + p_g(x|y)), '
                             'not a ratio of the two densities alone')
    return report(close(pair[0], d4) and close(pair[1], d9),
                  'apply D* = p_data / (p_data + p_g) for each label separately')


EXAMPLES = {
    'check_cgan_projection_params': (
        [(31360, 31370), [31360, 31370], ('31360', '31370')],
        [(31360, 31360), (3136, 3146), (31360, 31380), 31360, 'many']),
    'check_cgan_ignored_label': (
        [0.1, '0.1', 10, 0.100],
        [0, 1, 0.9, 0.5, 'a tenth']),
    'check_cgan_projection_logit': (
        [(-1.2, 0.3), [-1.2, 0.3], ('-1.2', '0.3')],
        [(-1.5, 0.0), (0.3, -1.2), (1.8, 0.3), -1.2, 'three']),
    'check_cgan_optimal_d': (
        [(0.75, 0.25), [0.75, 0.25]],
        [(0.25, 0.75), (3.0, 0.25), (0.75, 0.75), (0.5, 0.5), 0.75, 'half']),
}

"""Checkers for the exercises of the chapter "A GAN on a 2-D Gaussian"."""
import math

from ..configs import GAN_2D
from ._common import expect, report
from ._numbers import as_float, as_tuple_of_floats, close

__all__ = ['check_gan2d_equilibrium', 'check_gan2d_learning_rates',
           'check_gan2d_uniform_blob', 'check_gan2d_steps']

# The chapter's experiment
NUM_EXAMPLES = GAN_2D['num_examples']
LR_D, LR_G = GAN_2D['lr_D'], GAN_2D['lr_G']
# Glassner's setting in the exercise, with the chapter's 1,000 points
GLASSNER_BATCH_SIZE, GLASSNER_EPOCHS = 32, 13
UNIFORM_VARIANCE = 1 / 12  # variance of a number drawn uniformly from [0, 1]


def check_gan2d_equilibrium(answer):
    """The discriminator's output where the generator matches the data: 1/2."""
    if expect(answer, "a number: D(x) when G's distribution equals the data's"):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, math.log(2)):
        return report(False, 'log 2 is the value of the losses there, not the output '
                             'of D: what does a discriminator say when it must guess?')
    if close(value, 1.0) or close(value, 0.0):
        return report(False, 'D cannot be sure either way when both clouds are the same: '
                             'use D*(x) = p_data / (p_data + p_G)')
    return report(close(value, 0.5), 'use D*(x) = p_data(x) / (p_data(x) + p_G(x)) with '
                                      'p_G = p_data')


def check_gan2d_learning_rates(answer):
    """The pair (lr_D, lr_G) that fits best among the three tried: the chapter's own."""
    if expect(answer, f'a pair (lr_D, lr_G), e.g. ({LR_D}, {LR_D})'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    if pair is None:
        return report(False, f'expected a pair of two numbers, got {answer!r}')
    if close(pair[0], LR_G) and close(pair[1], LR_D):
        return report(False, 'with a slow discriminator the generator chases a stale '
                             'signal; compare the fits again')
    if close(pair[0], LR_D) and close(pair[1], LR_D):
        return report(False, f'with both at {LR_D} the generator overshoots; compare '
                             'the fits again')
    return report(close(pair[0], LR_D) and close(pair[1], LR_G),
                  'the answer is one of the three pairs of the exercise')


def check_gan2d_uniform_blob(answer):
    """k with W^T W = k I for a unit-covariance blob from uniform noise: 12."""
    if expect(answer, 'a number k such that W^T W = k I'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, 1.0):
        return report(False, 'that is right for standard normal noise; uniform noise on '
                             '[0, 1] has a variance of 1/12, not 1')
    if close(value, math.sqrt(1 / UNIFORM_VARIANCE)):
        return report(False, 'that is the length of a column of W; W^T W holds squared '
                             'lengths')
    return report(close(value, 1 / UNIFORM_VARIANCE),
                  'the covariance of u W is W^T (I / 12) W; set it equal to I')


def steps_per_epoch(num_examples, batch_size):
    """Minibatches per epoch of `load_array` in training: the short last one is dropped."""
    return num_examples // batch_size


def check_gan2d_steps(answer):
    """Optimizer steps for minibatches of 32 and 13 epochs on 1,000 points: 13 x 31 = 403."""
    if expect(answer, 'an integer: the number of steps of each optimizer'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    per_epoch = steps_per_epoch(NUM_EXAMPLES, GLASSNER_BATCH_SIZE)
    left_over = NUM_EXAMPLES - per_epoch * GLASSNER_BATCH_SIZE
    with_short_batch = math.ceil(NUM_EXAMPLES / GLASSNER_BATCH_SIZE) * GLASSNER_EPOCHS
    if value == with_short_batch:
        return report(False, f'that counts a last, short minibatch of {left_over} points in '
                             f'each epoch, but load_array drops it in training '
                             f'(is_train=True): an epoch of {NUM_EXAMPLES:,} points makes '
                             f'{per_epoch} full minibatches of {GLASSNER_BATCH_SIZE}')
    if value in (2 * per_epoch * GLASSNER_EPOCHS, 2 * with_short_batch):
        return report(False, 'count the steps of one optimizer, not of both')
    if value in (per_epoch, per_epoch + 1):
        return report(False, f'that is one epoch; there are {GLASSNER_EPOCHS}')
    return report(value == per_epoch * GLASSNER_EPOCHS,
                  f'steps = epochs x minibatches per epoch, and an epoch has '
                  f'{NUM_EXAMPLES:,} // {GLASSNER_BATCH_SIZE} full minibatches')


EXAMPLES = {
    'check_gan2d_equilibrium': ([0.5, '0.5', 1 / 2], [math.log(2), 1, 0, 'half']),
    'check_gan2d_learning_rates': ([(LR_D, LR_G), [LR_D, LR_G]],
                                   [(LR_G, LR_D), (LR_D, LR_D), LR_D, 'fast D']),
    'check_gan2d_uniform_blob': ([12, 12.0, '12'], [1, math.sqrt(12), 1 / 12, 'twelve']),
    'check_gan2d_steps': ([403, 403.0, '403'], [416, 806, 832, 31, 2500, 'many']),
}

"""Checkers for the exercises of the chapter "Training GANs on several devices"."""
from ._common import expect, report
from ._numbers import as_float, close

__all__ = ['check_dist_same_noise', 'check_dist_lr']

# Exercise "The same noise on every worker": workers and noise vectors per worker
SAME_NOISE_WORKERS, SAME_NOISE_PER_WORKER = 4, 8
# Exercise "Scaling the learning rate": the recipe and the GPUs
LR_BASE, LR_GPUS = 0.01, 8


def check_dist_same_noise(answer):
    """Different fakes per step when 4 workers draw the same 8 noise vectors: 8."""
    if expect(answer, 'a number of different fake images per step'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, SAME_NOISE_WORKERS * SAME_NOISE_PER_WORKER):
        return report(False, '32 fakes are made, but are they all different? Every worker '
                             'has the same G and the same noise vectors')
    if close(value, SAME_NOISE_WORKERS):
        return report(False, 'each worker makes 8 fakes from its 8 noise vectors; how many '
                             'of all the workers\' fakes differ?')
    return report(close(value, SAME_NOISE_PER_WORKER),
                  'same G, same noise: every worker makes the same fakes')


def check_dist_lr(answer):
    """Linear scaling: 8 GPUs x 32 images = 8 times the batch, so 8 x 0.01 = 0.08."""
    if expect(answer, 'a learning rate'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if close(value, LR_BASE):
        return report(False, 'that keeps the recipe, but the global batch is now 8 x 32 '
                             'images, not 32')
    if close(value, LR_BASE / LR_GPUS):
        return report(False, 'the other way round: a larger batch averages out noise, and '
                             'the rule takes larger steps')
    if close(value, LR_BASE * LR_GPUS ** 0.5):
        return report(False, 'that is the square-root rule some use for Adam; the linear '
                             'rule for SGD multiplies by the growth of the batch')
    return report(close(value, LR_BASE * LR_GPUS),
                  'the global batch grows 8 times; the linear rule grows the rate alike')


EXAMPLES = {
    'check_dist_same_noise': ([8, '8', 8.0], [32, 4, 1, 'eight?']),
    'check_dist_lr': ([0.08, '0.08', 8e-2], [0.01, 0.00125, 0.0283, 0.8, 'more']),
}

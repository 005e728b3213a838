"""Checkers for the exercises of the chapter "Making GAN training fast"."""
from ..speed import break_even_steps
from ._common import expect, report
from ._numbers import as_float, close

__all__ = ['check_fast_break_even', 'check_fast_whole_step']

# Exercise "When does compiling pay?"
COMPILE_S, EAGER_STEPS_PER_S, COMPILED_STEPS_PER_S = 6.0, 2000.0, 9000.0
# Exercise "What a faster loader buys": the loader's share of a step, and how many times
# cheaper slicing makes it
LOADER_SHARE, LOADER_SPEEDUP = 0.3, 20.0


def check_fast_break_even(answer):
    """Steps after which compiling pays: 6 s / (1/2000 - 1/9000 s) = 15,429."""
    if expect(answer, 'a number of steps'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    right = break_even_steps(COMPILE_S, EAGER_STEPS_PER_S, COMPILED_STEPS_PER_S)
    if close(value, COMPILE_S * COMPILED_STEPS_PER_S) \
            or close(value, COMPILE_S * EAGER_STEPS_PER_S):
        return report(False, 'that many steps run in the compile time at one of the two '
                             'speeds; compiling pays when the time saved per step, summed '
                             'up, equals the compile time')
    if close(value, COMPILE_S * (COMPILED_STEPS_PER_S - EAGER_STEPS_PER_S)):
        return report(False, 'speeds do not subtract that way: subtract the times per '
                             'step, 1/2000 s - 1/9000 s, and divide the compile time by it')
    return report(close(value, right),
                  'n steps save n * (1/2000 - 1/9000) s; set that equal to 6 s')


def check_fast_whole_step(answer):
    """Speed-up of a step whose loader (30%) gets 20x cheaper: 1 / (0.7 + 0.3 / 20)."""
    if expect(answer, 'a number: how many times as fast the whole step gets'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    rest = 1 - LOADER_SHARE
    right = 1 / (rest + LOADER_SHARE / LOADER_SPEEDUP)
    if close(value, LOADER_SPEEDUP):
        return report(False, 'only the loader gets 20 times faster; the other 70% of the '
                             'step take as long as before')
    if close(value, 1 / rest):
        return report(False, 'close: that would be a loader that costs nothing at all; '
                             'the sliced minibatches still take 1/20 of the old time')
    if close(value, 1 + LOADER_SHARE):
        return report(False, 'compare the times: old step 1, new step 0.7 + 0.3 / 20')
    return report(close(value, right),
                  'the new step takes 0.7 + 0.3 / 20 of the old one (Amdahl\'s law)')


EXAMPLES = {
    'check_fast_break_even': ([15429, 15428.57, '15430', 15_400],
                              [54000, 12000, 42000, 'many', 1e9]),
    'check_fast_whole_step': ([1.3986, 1.4, '1.40'],
                              [20, 1 / 0.7, 1.3, 'faster']),
}

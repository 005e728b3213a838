"""Measuring speed, framework-neutral: the tools of the chapter "Making GAN training fast".

- `profile_by_category`: run a function under cProfile and split its time into categories
  (forward passes, backward pass, optimizer, data, ...) named by the functions that do the
  work, and everything else (the Python of the loop, small operations);
- `plot_profile`: those shares as a bar chart;
- `time_steps`: the speed of a step function, measured for a bounded number of steps or
  seconds, whichever ends first, so that a busy machine cannot make a measurement run away;
- `break_even_steps`: after how many steps a compiler's start-up cost is paid back;
- `TINY_NETWORK_WEIGHTS`: below this many weights, a GAN's networks count as tiny (one
  thread; XLA), as the chapter measures.
"""
import cProfile
import math
import pstats

from .base import Timer

__all__ = ['TINY_NETWORK_WEIGHTS', 'is_tiny', 'profile_by_category', 'plot_profile',
           'time_steps', 'break_even_steps']

# The 2-D GAN's two networks have 71 weights, the ring's about 35,000, the DCGAN's about
# 400,000. Below this size a step is all overhead: the chapter measures that one thread
# is faster than several, and that XLA's fusion pays. Any size between 71 and the ring's
# would do; this one leaves room on both sides.
TINY_NETWORK_WEIGHTS = 10_000


def is_tiny(num_weights):
    """Whether networks with `num_weights` weights in all are tiny (see above)."""
    return num_weights < TINY_NETWORK_WEIGHTS


def _cumulative(stats, path_suffix, name):
    """Seconds spent in (and below) the functions `name` defined in files ending with
    `path_suffix` ('~' for built-ins)."""
    return sum(entry[3] for (path, _, func), entry in stats.stats.items()
               if path.endswith(path_suffix) and func == name)


def profile_by_category(fn, categories, total=None):
    """Run `fn()` under cProfile; return (result of fn, {category: seconds}).

    `categories` maps a label to a list of `(path_suffix, function_name)` pairs: the time
    spent in those functions, including what they call, counts for that label. The
    functions of different labels must not call each other, so that the shares add up.
    `total`, a `(path_suffix, function_name)` pair, is the function whose time is split
    (default: all of `fn`); what the categories leave of it is reported as
    'everything else'. cProfile slows Python down, so the shares are indicative.
    """
    profiler = cProfile.Profile()
    result = profiler.runcall(fn)
    stats = pstats.Stats(profiler)
    if total is None:
        total_s = sum(entry[2] for entry in stats.stats.values())  # all own times
    else:
        total_s = _cumulative(stats, *total)
    seconds = {label: sum(_cumulative(stats, *where) for where in places)
               for label, places in categories.items()}
    seconds['everything else'] = max(0.0, total_s - sum(seconds.values()))
    return result, seconds


def plot_profile(seconds, title='', ax=None):
    """A horizontal bar chart of `seconds` ({category: seconds}) as shares of the total."""
    import matplotlib.pyplot as plt
    total = sum(seconds.values())
    labels = list(seconds)
    shares = [100 * seconds[label] / total for label in labels]
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.4 * len(labels) + 1))
    ax.barh(labels[::-1], shares[::-1])
    for y, share in enumerate(shares[::-1]):
        ax.text(share + 0.5, y, f'{share:.0f}%', va='center', fontsize=8)
    ax.set_xlabel('share of the training time (%)')
    ax.set_xlim(0, max(shares) * 1.2 + 1)
    ax.set_title(title)
    return ax


def time_steps(step, max_steps, max_seconds, sync=None):
    """Call `step()` up to `max_steps` times or until `max_seconds` have passed.

    Returns (steps, seconds, steps per second). `sync()`, when given, is called at the end
    and counted: it waits for work a framework still runs in the background (MXNet's
    engine, a GPU), so that the time is the time of the work, not of queueing it.
    """
    timer, steps = Timer(), 0
    while steps < max_steps and (steps == 0 or timer.stop() < max_seconds):
        step()
        steps += 1
    if sync is not None:
        sync()
    seconds = timer.stop()
    return steps, seconds, steps / seconds


def break_even_steps(compile_s, slow_steps_per_s, fast_steps_per_s):
    """The number of steps after which compiling (`compile_s` seconds, then
    `fast_steps_per_s`) has cost less time in all than not compiling
    (`slow_steps_per_s`); infinity when the compiled steps are not faster."""
    saved_per_step = 1 / slow_steps_per_s - 1 / fast_steps_per_s
    if saved_per_step <= 0:
        return math.inf
    return max(0.0, compile_s) / saved_per_step

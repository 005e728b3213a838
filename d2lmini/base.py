"""Seeding and timing: the pieces every chapter needs."""
import os
import random
import sys
import time

import numpy as np

__all__ = ['DEFAULT_SEED', 'MAX_SEED', 'get_seed', 'seed_everything', 'Timer', 'Accumulator']

DEFAULT_SEED = 0
MAX_SEED = 2 ** 32 - 1  # NumPy's np.random.seed takes 0 to 2**32 - 1, and so do the others


def get_seed(seed=None):
    """The seed to use: `seed` if given, else $D2LMINI_SEED, else DEFAULT_SEED.

    A seed is a whole number from 0 to MAX_SEED; anything else raises ValueError saying
    what to set, before any generator is touched.
    """
    if seed is not None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) \
                or not 0 <= seed <= MAX_SEED:
            raise ValueError(f'the seed must be an integer from 0 to {MAX_SEED}, '
                             f'got {seed!r}')
        return int(seed)
    value = os.environ.get('D2LMINI_SEED', '').strip()
    if not value:
        return DEFAULT_SEED
    try:
        seed = int(value)
    except ValueError:
        seed = None
    if seed is None or not 0 <= seed <= MAX_SEED:
        raise ValueError(f'D2LMINI_SEED must be an integer from 0 to {MAX_SEED}, got '
                         f'{value!r}: set it to one (e.g. D2LMINI_SEED=1) or unset it')
    return seed


def seed_everything(seed=None):
    """Seed Python, NumPy and every framework already imported; return the seed used.

    The environment variable D2LMINI_SEED, when set, overrides the default seed (not an
    explicit `seed` argument), so a whole notebook can be re-run with another seed.
    """
    seed = get_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    if 'torch' in sys.modules:
        sys.modules['torch'].manual_seed(seed)
    if 'tensorflow' in sys.modules:
        sys.modules['tensorflow'].random.set_seed(seed)
        sys.modules['tensorflow'].keras.utils.set_random_seed(seed)
    if 'mxnet' in sys.modules:
        sys.modules['mxnet'].random.seed(seed)
    return seed


class Timer:
    """Record running times: `start()`, `stop()` returns the last interval."""

    def __init__(self):
        self.times = []
        self.start()

    def start(self):
        self.tik = time.perf_counter()

    def stop(self):
        self.times.append(time.perf_counter() - self.tik)
        return self.times[-1]

    def avg(self):
        return sum(self.times) / len(self.times)

    def sum(self):
        return sum(self.times)

    def cumsum(self):
        return np.array(self.times).cumsum().tolist()


class Accumulator:
    """Sum `n` running quantities, e.g. a loss and a count over an epoch."""

    def __init__(self, n):
        self.data = [0.0] * n

    def add(self, *args):
        self.data = [a + float(b) for a, b in zip(self.data, args)]

    def reset(self):
        self.data = [0.0] * len(self.data)

    def __getitem__(self, idx):
        return self.data[idx]

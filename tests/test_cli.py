"""`python -m d2lmini run gaussian` for every framework: convergence for further seeds,
and clear errors for bad input.

The chapter's notebooks assert the fit for the default seed (0); here the same training
runs through the command line for seeds 1 to 5 in each framework, against the same
thresholds (`d2lmini.THRESHOLDS['gaussian_2d']`). About 2,500 steps per run.

The recipe fits most seeds, not all, as the chapter says: for seeds 0 to 39, 1 run missed
the thresholds in PyTorch, 2 in TensorFlow and 2 in MXNet (the discriminator settles at
1/2 before the generator has arrived). So at least 4 of the 5 seeds must fit: a broken
recipe misses most of them. Every run is printed, and each is reproducible by its seed.
"""
import json
import os
import subprocess
import sys

import pytest

import d2lmini
from d2lmini.metrics import THRESHOLDS

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = [1, 2, 3, 4, 5]
MIN_FITS = 4  # of the 5 seeds; see the docstring for the measured miss rate
KEYS = {'experiment', 'framework', 'seed', 'steps', 'seconds', 'steps_per_s', 'mean_err',
        'cov_err', 'loss_D', 'loss_G'}


def cli(*args, timeout=600):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
    return subprocess.run([sys.executable, '-m', 'd2lmini', *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


def importable(framework):
    try:
        d2lmini.import_framework(framework)
        return True
    except ImportError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_gaussian_fits_for_further_seeds(framework):
    if not importable(framework):
        pytest.skip(f'{framework} is not installed')
    failures, missed = [], set()
    for seed in SEEDS:
        done = cli('run', 'gaussian', '--framework', framework, '--seed', str(seed),
                   '--json')
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(result))
        assert KEYS <= set(result), KEYS - set(result)
        assert result['framework'] == framework and result['seed'] == seed
        assert result['steps'] == 2500
        for check in THRESHOLDS['gaussian_2d']:
            value = result[check['metric']]
            if not value < check['threshold']:
                failures.append(f"seed {seed}: {check['metric']} = {value:.3f}, "
                                f"needs < {check['threshold']}")
                missed.add(seed)
    assert len(SEEDS) - len(missed) >= MIN_FITS, '; '.join(failures)


@pytest.mark.parametrize('args, message', [
    (['run', 'gaussian', '--framework', 'jax', '--json'], 'unknown framework'),
    (['run', 'gaussian', '--framework', 'pytorch', '--epochs', '0'], '--epochs'),
    (['run', 'gaussian', '--framework', 'pytorch', '--epochs', 'many'], '--epochs'),
    (['run', 'gaussian', '--framework', 'pytorch', '--seed', 'x'], '--seed'),
    (['run', 'gaussians', '--framework', 'pytorch'], 'gaussians'),
    (['run', 'gaussian', '--framework', 'pytorch', '--samples', 'out.npy'], 'samples'),
])
def test_bad_input_gives_one_clear_line_and_exit_code_2(args, message):
    done = cli(*args, timeout=120)
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0] and 'Traceback' not in done.stderr

"""`make sweep`: how often the 2-D Gaussian GAN misses, over many seeds, in every framework.

    python bench/sweep.py [--seeds 200] [--framework pytorch ...] [--loop plain|fast]

Trains the experiment of "A GAN on a 2-D Gaussian" exactly as the command line does
(`d2lmini.cli.runs.gaussian.run`, the chapter's hyper-parameters from `d2lmini.configs`) for
seeds 1 to N, one process per framework (so that one framework's threads and caches cannot
touch another's), and checks every run against `d2lmini.THRESHOLDS['gaussian_2d']`: the fit
against the training points and against the true Gaussian. A run that misses any threshold is
a miss. Prints each miss and a summary per framework, and appends every run to
_build/sweep/<framework>-<loop>.jsonl, so that an interrupted sweep resumes where it stopped.
Not part of `make test` (200 seeds take minutes per framework); the README records the
numbers.
"""
import argparse
import contextlib
import io
import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / '_build' / 'sweep'
sys.path.insert(0, str(ROOT))
from d2lmini.frameworks import FRAMEWORKS  # noqa: E402  (numpy only)

DEFAULT_SEEDS = 200  # the target: at most 1 miss in 200 seeds per framework


def misses(result):
    """The checks of `d2lmini.assert_fit('gaussian_2d', ...)` that `result` fails, one
    line each (empty: it fits). The sweep counts exactly what the notebooks assert."""
    from d2lmini.metrics import assert_fit
    try:
        with contextlib.redirect_stdout(io.StringIO()):  # its "fit OK" line, per seed
            assert_fit('gaussian_2d', result)
    except AssertionError as err:
        return [line.strip() for line in str(err).splitlines() if 'FAILED' in line]
    return []


def sweep_one_framework(framework, seeds, loop, path):
    """Run in a child process: train every seed not yet in `path`, one JSON line each."""
    import d2lmini
    from d2lmini.cli.runs import gaussian
    d2l = d2lmini.import_framework(framework)
    done = {json.loads(line)['seed'] for line in path.read_text().splitlines()} \
        if path.exists() else set()
    with path.open('a') as log:
        for seed in seeds:
            if seed in done:
                continue
            d2lmini.seed_everything(seed)
            result = gaussian.run(d2l, seed, loop=loop)
            result.update(seed=seed, missed=misses(result))
            log.write(json.dumps(result) + '\n')
            log.flush()
            print(f'\r{framework}: seed {seed}/{seeds[-1]}', end='', file=sys.stderr,
                  flush=True)
    print(file=sys.stderr)


def summarize(framework, loop, path, seeds):
    runs = [json.loads(line) for line in path.read_text().splitlines()]
    runs = [run for run in runs if run['seed'] in seeds]
    missed = [run for run in runs if run['missed']]
    for run in missed:
        print(f"  {framework} seed {run['seed']}: " + '; '.join(run['missed']))
    median = sorted(run['mean_err_true'] for run in runs)[len(runs) // 2]
    worst = max(runs, key=lambda run: run['mean_err_true'])
    speed = sum(run['steps_per_s'] for run in runs) / len(runs)
    print(f'{framework:11s} {loop:5s} {len(missed):3d} of {len(runs)} seeds missed; '
          f'median mean error vs true {median:.3f}, worst {worst["mean_err_true"]:.3f} '
          f'(seed {worst["seed"]}); {speed:.0f} steps/s')
    return {'framework': framework, 'loop': loop, 'seeds': len(runs), 'misses': len(missed),
            'missed_seeds': [run['seed'] for run in missed]}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seeds', type=int, default=DEFAULT_SEEDS,
                        help=f'seeds 1..N (default {DEFAULT_SEEDS})')
    parser.add_argument('--framework', nargs='*', default=list(FRAMEWORKS),
                        choices=list(FRAMEWORKS))
    parser.add_argument('--loop', default='plain', choices=['plain', 'fast'],
                        help="'plain' (the chapter's train, default) or 'fast'")
    parser.add_argument('--child', help=argparse.SUPPRESS)  # framework of a child process
    args = parser.parse_args()
    seeds = list(range(1, args.seeds + 1))
    OUT.mkdir(parents=True, exist_ok=True)
    if args.child:
        sweep_one_framework(args.child, seeds, args.loop, OUT / f'{args.child}-{args.loop}.jsonl')
        return
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2')
    summary = []
    for framework in args.framework:
        command = [sys.executable, __file__, '--seeds', str(args.seeds), '--loop', args.loop,
                   '--child', framework]
        subprocess.run(command, check=True, cwd=ROOT, env=env)
        summary.append(summarize(framework, args.loop, OUT / f'{framework}-{args.loop}.jsonl',
                                 set(seeds)))
    (OUT / f'summary-{args.loop}.json').write_text(json.dumps(summary, indent=1))


if __name__ == '__main__':
    main()

"""The command line of d2lmini (`python -m d2lmini`), used by the tests and the benchmark.

    python -m d2lmini run gaussian --framework pytorch --seed 0 [--epochs 20] --json
    python -m d2lmini run mlp|dcgan --framework tensorflow --seed 1 [--samples OUT.npy] --json
    python -m d2lmini run cgan --framework pytorch --seed 0 [--samples OUT.npz] --json
    python -m d2lmini run gaussian --framework mxnet --loop plain --progress --json
    python -m d2lmini run dcgan --framework pytorch --workers 2 [--epochs 10] --json

This sub-package is not learner code: the chapters never import it. Each experiment lives in
`d2lmini/cli/runs/<name>.py` as `run(d2l, seed, num_epochs, samples, loop, progress)`
returning a dict of measurements. `--loop fast` (the default) trains with `d2l.train_fast`,
`--loop plain` with the chapter's `d2l.train`, so that both can be timed from outside; an
experiment that supports one loop only says so in its `LOOPS` (the ring: plain).

Bad input (arguments, the environment variable D2LMINI_SEED, an output path that cannot be
written) is found before anything trains: one clear line on stderr and exit code 2. Exit
code 1 means the run finished but an output could not be written where asked: it went to a
fallback file, and stderr says where.

`--workers N` (the DCGAN only) trains data-parallel in N worker processes started by the
framework's own launcher (`d2lmini.dist`, chapter "Training GANs on several devices"): this
process only launches, waits and reports worker 0's numbers, with the same fields as a
single run plus `workers`, `batch_norm` and `launch_seconds` (start-up, judging, shutdown).
`--workers 1` runs the same worker program as one plain process, the reference.
"""
import argparse
import importlib
import json
import os
import pkgutil
import sys

from .. import outputs
from ..base import MAX_SEED, get_seed, seed_everything
from ..frameworks import FRAMEWORKS, import_framework
from . import runs as _runs
from .runs import LOOPS

# Exit codes: done; an output went to a fallback file; bad input, nothing was run
EXIT_OK, EXIT_FALLBACK, EXIT_BAD_INPUT = 0, 1, 2


def experiments():
    """Names of the experiments found in `d2lmini/cli/runs/`."""
    return sorted(m.name for m in pkgutil.iter_modules(_runs.__path__)
                  if not m.name.startswith('_'))


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # One clear line and exit code 2, instead of argparse's usage dump
        self.exit(EXIT_BAD_INPUT,
                  f'd2lmini: error: {message} (see `python -m d2lmini run --help`)\n')


def _seed(text):
    """argparse type of --seed: an integer from 0 to MAX_SEED."""
    try:
        return get_seed(int(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f'must be an integer from 0 to {MAX_SEED}, got '
                                         f'{text!r}') from None


def _epochs(text):
    """argparse type of --epochs: a positive integer."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f'must be a positive integer, got {text!r}')
    return value


MAX_WORKERS = 64


def _workers(text):
    """argparse type of --workers: an integer from 1 to MAX_WORKERS."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_WORKERS:
        raise argparse.ArgumentTypeError(f'must be an integer from 1 to {MAX_WORKERS}, '
                                         f'got {text!r}')
    return value


def parse_args(argv):
    parser = _Parser(prog='python -m d2lmini')
    sub = parser.add_subparsers(dest='command', required=True, parser_class=_Parser)
    run = sub.add_parser('run', help='train one experiment and report its metrics')
    run.add_argument('experiment', choices=experiments())
    run.add_argument('--framework', required=True,
                     help='one of ' + ', '.join(FRAMEWORKS))
    run.add_argument('--seed', type=_seed, default=None,
                     help=f'random seed from 0 to {MAX_SEED} (default: $D2LMINI_SEED or 0)')
    run.add_argument('--epochs', type=_epochs, default=None,
                     help="number of epochs (default: the chapter's)")
    run.add_argument('--samples', default=None,
                     help='write generated images to this .npy file (image experiments; '
                          'cgan: a .npz file, with the labels)')
    run.add_argument('--loop', choices=LOOPS, default=None,
                     help="training loop: 'fast' (d2l.train_fast) or the chapter's 'plain' "
                          "(d2l.train); default: the experiment's first, 'fast' but for "
                          "the ring")
    run.add_argument('--workers', type=_workers, default=None,
                     help='train data-parallel in this many worker processes, started by '
                          "the framework's own launcher (dcgan only; the plain step)")
    run.add_argument('--progress', action='store_true',
                     help='print a progress bar on stderr')
    run.add_argument('--json', action='store_true', help='print one JSON line')
    return parser, parser.parse_args(argv)


def check_inputs(parser, args):
    """Everything that can be checked before training; bad input ends here with exit 2.

    Returns the experiment's module, the framework module and the seed, and settles
    `args.loop`. The framework is imported last, since that takes seconds.
    """
    experiment = importlib.import_module(f'{_runs.__name__}.{args.experiment}')
    if args.samples is not None:
        if not getattr(experiment, 'HAS_SAMPLES', False):
            parser.error(f'--samples is only for image experiments, not {args.experiment!r}')
        try:
            outputs.check_output_path(args.samples,
                                      getattr(experiment, 'SAMPLES_SUFFIX', '.npy'))
        except ValueError as err:
            parser.error(f'--samples: {err}')
    loops = getattr(experiment, 'LOOPS', LOOPS)
    if args.workers is not None:
        if not getattr(experiment, 'HAS_WORKERS', False):
            parser.error(f'--workers is only for the dcgan experiment, not '
                         f'{args.experiment!r}')
        if args.loop == 'fast':
            parser.error("--workers trains with the chapter's plain step: use --loop plain "
                         "or leave --loop out")
        if args.progress:
            parser.error('--progress is not available with --workers')
        loops = ('plain',)
    if args.loop is None:
        args.loop = loops[0]
    elif args.loop not in loops:
        parser.error(f'--loop {args.loop}: {args.experiment!r} trains with --loop '
                     f'{" or ".join(loops)} only (see d2lmini/cli/runs/{args.experiment}.py)')
    try:
        seed = get_seed(args.seed)  # reads D2LMINI_SEED when --seed is not given
    except ValueError as err:
        parser.error(str(err))
    try:
        d2l = import_framework(args.framework)
    except (ValueError, ImportError) as err:
        parser.error(str(err))
    return experiment, d2l, seed


def main(argv=None):
    """Run the command line; return its exit code."""
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')  # before TensorFlow is imported
    parser, args = parse_args(sys.argv[1:] if argv is None else argv)
    experiment, d2l, seed = check_inputs(parser, args)
    seed_everything(seed)
    if args.workers is not None:
        result = experiment.run_workers(args.framework, args.workers, seed=seed,
                                        num_epochs=args.epochs, samples=args.samples)
    else:
        result = experiment.run(d2l, seed=seed, num_epochs=args.epochs,
                                samples=args.samples, loop=args.loop,
                                progress=args.progress)
    result = {'experiment': args.experiment, 'framework': args.framework, 'seed': seed,
              'loop': args.loop, **result}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f'{key:>14}: {value}')
    if args.samples is not None and result.get('samples') != args.samples:
        return EXIT_FALLBACK  # stderr has said where the samples went
    return EXIT_OK

"""Command line of d2lmini, used by the tests and the benchmark.

    python -m d2lmini run gaussian --framework pytorch --seed 0 [--epochs 20] --json
    python -m d2lmini run mlp|dcgan --framework tensorflow --seed 1 [--samples OUT.npy] --json

Each experiment lives in `d2lmini/runs/<name>.py` as `run(d2l, seed, num_epochs, samples)`
returning a dict of measurements. Bad input gives one clear line on stderr and exit code 2.
"""
import argparse
import importlib
import json
import os
import pkgutil
import sys

from . import runs as _runs
from .base import seed_everything
from .frameworks import FRAMEWORKS, import_framework


def experiments():
    """Names of the experiments found in `d2lmini/runs/`."""
    return sorted(m.name for m in pkgutil.iter_modules(_runs.__path__)
                  if not m.name.startswith('_'))


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        # One clear line and exit code 2, instead of argparse's usage dump
        self.exit(2, f'd2lmini: error: {message} (see `python -m d2lmini run --help`)\n')


def parse_args(argv):
    parser = _Parser(prog='python -m d2lmini')
    sub = parser.add_subparsers(dest='command', required=True, parser_class=_Parser)
    run = sub.add_parser('run', help='train one experiment and report its metrics')
    run.add_argument('experiment', choices=experiments())
    run.add_argument('--framework', required=True,
                     help='one of ' + ', '.join(FRAMEWORKS))
    run.add_argument('--seed', type=int, default=None,
                     help='random seed (default: $D2LMINI_SEED or 0)')
    run.add_argument('--epochs', type=int, default=None,
                     help="number of epochs (default: the chapter's)")
    run.add_argument('--samples', default=None,
                     help='write generated images to this .npy file (image experiments)')
    run.add_argument('--json', action='store_true', help='print one JSON line')
    args = parser.parse_args(argv)
    if args.epochs is not None and args.epochs < 1:
        parser.error(f'--epochs must be a positive integer, got {args.epochs}')
    if args.samples is not None and not args.samples.endswith('.npy'):
        parser.error(f'--samples must name a .npy file, got {args.samples!r}')
    return parser, args


def main(argv=None):
    parser, args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        d2l = import_framework(args.framework)
    except (ValueError, ImportError) as err:
        parser.error(str(err))
    experiment = importlib.import_module(f'{_runs.__name__}.{args.experiment}')
    if args.samples is not None and not getattr(experiment, 'HAS_SAMPLES', False):
        parser.error(f'--samples is only for image experiments, not {args.experiment!r}')
    seed = seed_everything(args.seed)
    result = experiment.run(d2l, seed=seed, num_epochs=args.epochs, samples=args.samples)
    result = {'experiment': args.experiment, 'framework': args.framework, 'seed': seed,
              **result}
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f'{key:>14}: {value}')
    return 0


if __name__ == '__main__':
    os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    sys.exit(main())

"""The learners' environments: fresh venvs that install d2lmini the way a learner does.

    python tools/learners.py           # create the missing or stale ones (uses the index)
    python tools/learners.py --check   # exit 1 when one is missing or stale

Each venv gets only a framework at the book's pin and the package with the ranges of
pyproject.toml: nothing from requirements.txt, so pip picks the newest releases, numpy 2
among them. They live in .learners/ (ignored by git, kept by `make clean`) and are rebuilt
when pyproject.toml or a recipe below changes. tests/test_learners.py then runs in them
offline: it installs the current package from a wheel and executes chapters.
"""
import argparse
import json
import shutil
import subprocess
import sys
import time

from common import ROOT, sha256
from distribution import build_wheel, framework_pin

LEARNERS = ROOT / '.learners'
STAMP = 'd2lmini-learner.json'

# venv name -> what a learner installs besides the package itself, and the package's extras.
RECIPES = {
    # The README's line: PyTorch, and the extras to run the notebooks in a Jupyter of this
    # venv (the kernel, ipykernel, is what the test needs; JupyterLab is what a learner needs)
    'pytorch': {'framework': 'pytorch', 'extras': 'pytorch,jupyter'},
    # The book's TensorFlow (tensorflow-cpu) and the package alone: the `tensorflow` extra
    # would add the full `tensorflow` package, which pip does not know tensorflow-cpu provides
    'tensorflow': {'framework': 'tensorflow', 'extras': ''},
}


def venv_python(name):
    return LEARNERS / name / 'bin' / 'python'


def recipe_key(name, python):
    version = subprocess.run([python, '-c', 'import sys; print(sys.version)'],
                             capture_output=True, text=True, check=True).stdout
    return sha256((ROOT / 'pyproject.toml').read_bytes(), json.dumps(RECIPES[name]),
                  framework_pin(RECIPES[name]['framework']), version)


def read_stamp(name):
    path = LEARNERS / name / STAMP
    return json.loads(path.read_text()) if path.exists() else {}


def is_current(name, python):
    return read_stamp(name).get('key') == recipe_key(name, python)


def run(command):
    print('+', ' '.join(map(str, command)), flush=True)
    subprocess.run(command, check=True)


def numpy_version(python):
    return subprocess.run([python, '-c', 'import numpy; print(numpy.__version__)'],
                          capture_output=True, text=True, check=True).stdout.strip()


def create(name, python):
    """Build one venv from scratch; return the seconds it took."""
    tic = time.perf_counter()
    folder = LEARNERS / name
    if folder.exists():
        shutil.rmtree(folder)
    run([python, '-m', 'venv', str(folder)])
    recipe = RECIPES[name]
    package = str(build_wheel())
    if recipe['extras']:
        package += f"[{recipe['extras']}]"
    run([venv_python(name), '-m', 'pip', 'install', '--quiet',
         framework_pin(recipe['framework']), package])
    run([venv_python(name), '-m', 'pip', 'check'])
    numpy = numpy_version(venv_python(name))
    if not numpy.startswith('2.'):
        raise SystemExit(f'{name}: pip resolved numpy {numpy}, not numpy 2: '
                         'a dependency range excludes it')
    seconds = time.perf_counter() - tic
    stamp = {'key': recipe_key(name, python), 'numpy': numpy, 'setup_seconds': round(seconds)}
    (folder / STAMP).write_text(json.dumps(stamp, indent=1) + '\n')
    print(f'{name}: ready in {seconds:.0f} s (numpy {numpy})', flush=True)
    return seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='only check, build nothing')
    parser.add_argument('--python', default=sys.executable,
                        help='the Python the venvs are made from (default: this one)')
    parser.add_argument('names', nargs='*', default=list(RECIPES),
                        help='which venvs (default: all)')
    args = parser.parse_args()
    unknown = set(args.names) - set(RECIPES)
    if unknown:
        parser.error(f'unknown venv {sorted(unknown)}: choose from {list(RECIPES)}')
    stale = [name for name in args.names if not is_current(name, args.python)]
    if args.check:
        if stale:
            sys.exit(f'learner venvs missing or stale: {stale}: run `make learner-venvs`')
        return
    for name in stale:
        create(name, args.python)


if __name__ == '__main__':
    main()

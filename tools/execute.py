"""Execute the generated notebooks, one kernel per notebook, cached by content.

    python tools/execute.py                  # every chapter, every framework
    python tools/execute.py --only gan_2d    # one chapter's three notebooks
    python tools/execute.py --stage          # copy the notebooks for nbval (make test)

An executed notebook lands in _build/exec/<framework>/<chapter>.ipynb with the hash of
what it was made from (`common.exec_key`); it is re-run only when that hash changes. The
kernel runs in that folder, so files a chapter saves (e.g. DCGAN samples) lie beside it.
"""
import argparse
import concurrent.futures
import os
import sys
import time

import nbformat
from nbclient import NotebookClient

from common import EXEC, FRAMEWORKS, NOTEBOOKS, exec_key, kernel_env

CELL_TIMEOUT = 1800  # seconds; the slowest cell (DCGAN training) takes a few minutes


def targets(only, frameworks):
    for framework in frameworks:
        for source in sorted((NOTEBOOKS / framework).glob('*.ipynb')):
            if not only or source.stem in only:
                yield framework, source


def is_fresh(source, framework):
    target = EXEC / framework / source.name
    if not target.exists():
        return False
    meta = nbformat.read(target, as_version=4).metadata.get('d2lmini_exec', {})
    return meta.get('key') == exec_key(source, framework) and meta.get('complete', False)


def execute(framework, source):
    """Run one notebook in a fresh kernel; return (name, seconds, error or None)."""
    target = EXEC / framework / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(source, as_version=4)
    key = exec_key(source, framework)
    os.environ.update(kernel_env(framework))
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name='python3',
                            resources={'metadata': {'path': str(target.parent)}})
    tic = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as err:  # keep the partial notebook for inspection
        error = f'{type(err).__name__}: {str(err)[-2000:]}'
    seconds = time.perf_counter() - tic
    nb.metadata['d2lmini_exec'] = {'key': key, 'seconds': round(seconds, 1),
                                   'complete': error is None}
    nbformat.write(nb, target)
    return f'{framework}/{source.stem}', seconds, error


def stage(only, frameworks):
    """Copy the output-free notebooks into _build/exec for nbval, which executes them there
    (tests/nbval_cache.py then stores the outputs, so the site build re-uses that run)."""
    for framework, source in targets(only, frameworks):
        target = EXEC / framework / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source.read_text())
    print(f'staged notebooks in {EXEC}')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--only', nargs='*', default=[], help='chapter names')
    parser.add_argument('--framework', nargs='*', default=list(FRAMEWORKS),
                        choices=list(FRAMEWORKS))
    parser.add_argument('-j', '--jobs', type=int, default=2, help='kernels in parallel')
    parser.add_argument('--force', action='store_true', help='ignore the cache')
    parser.add_argument('--stage', action='store_true', help='only copy for nbval')
    args = parser.parse_args()
    if args.stage:
        return stage(args.only, args.framework)
    todo = [(fw, src) for fw, src in targets(args.only, args.framework)
            if args.force or not is_fresh(src, fw)]
    if not todo:
        print('all executed notebooks are up to date')
        return
    failed = []
    tic = time.perf_counter()
    with concurrent.futures.ProcessPoolExecutor(max_workers=args.jobs) as pool:
        for name, seconds, error in pool.map(execute, *zip(*todo)):
            print(f'{name:32s} {seconds:7.1f} s  {"FAILED" if error else "ok"}', flush=True)
            if error:
                failed.append((name, error))
    print(f'executed {len(todo)} notebooks in {time.perf_counter() - tic:.1f} s')
    for name, error in failed:
        print(f'\n{name} failed:\n{error}', file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == '__main__':
    main()

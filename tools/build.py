"""Assemble the executed notebooks into the website and build it with Jupyter Book 1.

    python tools/build.py            # stage _build/stage, build _build/html
    python tools/build.py --strict   # warnings are errors (make test)

Every chapter with code must have been executed (tools/execute.py, or nbval in make test)
from the current sources; otherwise this stops and says what to run.
"""
import argparse
import pathlib
import shutil
import subprocess
import sys
import time

import nbformat

from assemble import assemble
from common import (BOOK, BUILD, EXEC, FRAMEWORKS, NOTEBOOKS, ROOT, chapters, exec_key)
from vendor import STAMP, vendored
from distribution import build_wheel

STAGE = BUILD / 'stage'


def executed_notebooks(name):
    """The three executed notebooks of a chapter, checked to be complete and current."""
    found = {}
    for fw in FRAMEWORKS:
        source, done = NOTEBOOKS / fw / f'{name}.ipynb', EXEC / fw / f'{name}.ipynb'
        meta = nbformat.read(done, as_version=4).metadata.get('d2lmini_exec', {}) \
            if done.exists() else {}
        if not meta.get('complete') or meta.get('key') != exec_key(source, fw):
            sys.exit(f'{fw}/{name} has not been executed from the current sources: '
                     f'run `python tools/execute.py --only {name}` (or `make book`)')
        found[fw] = nbformat.read(done, as_version=4)
    return found


def write_if_changed(path, text):
    if not path.exists() or path.read_text() != text:
        path.write_text(text)


def sync_tree(src, dst, ignore=None):
    """Copy a folder, replacing what was there."""
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, ignore=ignore)


def stage():
    """Lay out _build/stage: config, book/ with assembled notebooks, static files."""
    STAGE.mkdir(parents=True, exist_ok=True)
    for name in ('_config.yml', '_toc.yml'):
        shutil.copy2(ROOT / name, STAGE / name)
    # book/ minus the chapter sources with code, which become assembled notebooks
    code_chapters = {name: (path, nb) for name, path, nb in chapters()}
    ignore = shutil.ignore_patterns('_static', '__pycache__',
                                    *[f'{name}.md' for name in code_chapters])
    # Copies keep their modification times and unchanged pages are not rewritten, so that
    # Sphinx re-reads only what changed: a rebuild after no change takes seconds
    shutil.copytree(BOOK, STAGE / 'book', ignore=ignore, dirs_exist_ok=True)
    for name, (path, nb) in code_chapters.items():
        page = nbformat.writes(assemble(nb, executed_notebooks(name)))
        write_if_changed(STAGE / 'book' / f'{name}.ipynb', page)
    # Static files go to _assets, not _static: see ASSETS in tools/ext/sphinx_d2l.py
    assets = STAGE / '_assets'
    sync_tree(BOOK / '_static', assets)
    # MathJax, fetched at set-up by tools/vendor.py, in a static folder of its own
    sync_tree(vendored('mathjax'), STAGE / '_mathjax' / 'mathjax',
              ignore=shutil.ignore_patterns(STAMP))
    for fw in FRAMEWORKS:
        sync_tree(NOTEBOOKS / fw, assets / 'notebooks' / fw)
    # the package the notebooks install, offered next to them (tools/ext/sphinx_d2l.py)
    wheel = build_wheel()
    shutil.copy2(wheel, assets / wheel.name)
    (assets / 'sources').mkdir()
    for path, _ in code_chapters.values():
        shutil.copy2(path, assets / 'sources' / path.name)
    sync_tree(ROOT / 'tools' / 'ext', STAGE / '_ext')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--strict', action='store_true', help='warnings are errors')
    args = parser.parse_args()
    tic = time.perf_counter()
    stage()
    jupyter_book = pathlib.Path(sys.executable).parent / 'jupyter-book'
    command = [str(jupyter_book), 'build', str(STAGE), '--path-output', str(ROOT),
               '--builder', 'html']
    if args.strict:
        command += ['-W', '--keep-going']
    result = subprocess.run(command, cwd=ROOT)
    print(f'site built in {time.perf_counter() - tic:.1f} s: {BUILD / "html" / "index.html"}')
    sys.exit(result.returncode)


if __name__ == '__main__':
    main()

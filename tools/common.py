"""What the build tools share: the chapter list, reading a chapter, the execution cache.

The frameworks (tags, labels, modules) come from the package's registry, `d2lmini.frameworks`.
"""
import hashlib
import os
import pathlib

import jupytext
import yaml

from d2lmini.frameworks import FRAMEWORKS  # noqa: F401  (tag -> Framework, in tab order)

ROOT = pathlib.Path(__file__).resolve().parent.parent
BOOK = ROOT / 'book'
NOTEBOOKS = ROOT / 'notebooks'
BUILD = ROOT / '_build'
EXEC = BUILD / 'exec'

SAVE_MARKER = '#@save'
# The generated modules define the same public names in the same order, except these,
# which one framework alone needs (the tests check both)
FRAMEWORK_ONLY = {}


def toc_files():
    """Every file of `_toc.yml`, in reading order, as paths relative to the root (no suffix)."""
    toc = yaml.safe_load((ROOT / '_toc.yml').read_text())
    files = [toc['root']]

    def walk(entries):
        for entry in entries or []:
            if 'file' in entry:
                files.append(entry['file'])
            walk(entry.get('sections'))
            walk(entry.get('chapters'))
    walk(toc.get('parts'))
    walk(toc.get('chapters'))
    return files


def chapter_numbers():
    """{page name: chapter number} of the chapters in numbered parts of `_toc.yml`, numbered
    on through the parts as Jupyter Book numbers them."""
    toc = yaml.safe_load((ROOT / '_toc.yml').read_text())
    numbers = {}
    for part in toc.get('parts', []):
        if part.get('numbered'):
            for entry in part.get('chapters', []):
                numbers[pathlib.PurePosixPath(entry['file']).name] = len(numbers) + 1
    return numbers


def read_chapter(path):
    """Read a MyST notebook chapter; None when the page is plain Markdown (no code cells)."""
    text = path.read_text()
    if 'kernelspec:' not in text.split('\n---', 1)[0]:
        return None
    return jupytext.reads(text, fmt='md:myst')


def chapters():
    """(name, path, notebook) of every chapter with code, in reading order."""
    found = []
    for entry in toc_files():
        path = ROOT / f'{entry}.md'
        if not path.exists():
            raise SystemExit(f'_toc.yml names {entry}, but {path} does not exist')
        nb = read_chapter(path)
        if nb is not None and any(c.cell_type == 'code' for c in nb.cells):
            found.append((path.stem, path, nb))
    return found


def cell_framework(cell):
    """The framework a cell belongs to, or None for a shared cell."""
    tags = [t for t in cell.metadata.get('tags', []) if t in FRAMEWORKS]
    if len(tags) > 1:
        raise ValueError(f'a cell has several framework tags {tags}: split it\n'
                         f'{cell.source[:200]}')
    return tags[0] if tags else None


def cells_for(nb, framework):
    """(index in the source, cell) of the cells a framework's notebook keeps."""
    return [(i, c) for i, c in enumerate(nb.cells)
            if cell_framework(c) in (None, framework)]


def sha256(*parts):
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode())
        digest.update(b'\0')
    return digest.hexdigest()


EXEC_FORMAT = 2  # bump when the way notebooks are executed changes

# Parts of d2lmini that no notebook's results depend on: the command line with its
# experiments. (configs.py, generated from the chapters' hyper-parameters, is an input: the
# exercise checkers read it.) Editing them re-runs no notebook.
NOT_RUN_BY_NOTEBOOKS = ('__main__.py', 'cli')


def notebook_inputs(framework, root=ROOT):
    """The d2lmini files a notebook of `framework` runs: the framework-neutral package and
    its own framework module, not the other frameworks' modules."""
    package = root / 'd2lmini'
    others = {f'{fw.module}.py' for tag, fw in FRAMEWORKS.items() if tag != framework}
    skipped = set(NOT_RUN_BY_NOTEBOOKS) | others
    return sorted(path for path in package.rglob('*.py')
                  if path.relative_to(package).parts[0] not in skipped)


def exec_key(notebook_path, framework, root=ROOT):
    """Content hash deciding whether an executed notebook is still valid: the notebook, the
    d2lmini files it runs (`notebook_inputs`), the pinned requirements and the seed."""
    return sha256(EXEC_FORMAT, notebook_path.read_bytes(),
                  *[p.relative_to(root).as_posix() + p.read_text()
                    for p in notebook_inputs(framework, root)],
                  (root / 'requirements.txt').read_bytes(),
                  os.environ.get('D2LMINI_SEED', ''))


KERNELS_AT_ONCE = 2  # notebooks executed in parallel by execute.py and by make test


def kernel_env(framework):
    """Environment of a kernel executing a notebook of `framework`."""
    env = dict(os.environ)
    # The kernel imports this checkout's d2lmini, whatever the environment has installed
    env['PYTHONPATH'] = os.pathsep.join(filter(None, [str(ROOT), env.get('PYTHONPATH')]))
    env.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')
    env.setdefault('MPLBACKEND', 'module://matplotlib_inline.backend_inline')
    for name, value in thread_env().items():
        env.setdefault(name, value)
    return env


def thread_env():
    """The thread counts of a process that shares the cores with another one.

    Two kernels run at once (execute.py -j 2, pytest -n 2): share the cores between them.
    Oversubscribed threads made small PyTorch steps 50-100x slower on 2 busy cores.
    """
    threads = str(max(1, (os.cpu_count() or 2) // KERNELS_AT_ONCE))
    return {name: threads for name in ('OMP_NUM_THREADS', 'TF_NUM_INTRAOP_THREADS',
                                       'MKL_NUM_THREADS')}

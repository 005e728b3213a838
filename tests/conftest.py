"""What the tests share: the build tools on the import path, and the notebook-run recorder.

The package itself, `d2lmini`, is imported like any installed package: `make venv` installs
this checkout with `pip install -e .`. The build tools in tools/ are not part of the package
and are not installed; the tests that check them import them through the path set here.
"""
import os
import pathlib
import sys

TOOLS = pathlib.Path(__file__).resolve().parent.parent / 'tools'
sys.path.insert(0, str(TOOLS))

from common import thread_env  # noqa: E402

# `make test` runs two pytest workers at once (-n 2), and tests start processes of their own
# (the command line, launchers, learners' venvs): each gets its share of the cores, as the
# notebooks' kernels do. With the frameworks' default of one thread per core, a PyTorch
# process beside a busy worker ran the ring's small steps 4x slower (57 against 138 steps/s).
for name, value in thread_env().items():
    os.environ.setdefault(name, value)

# nbval's run of a notebook doubles as the book's execution (see tests/nbval_cache.py)
pytest_plugins = ['nbval_cache']

"""What the tests share: the build tools on the import path, and the notebook-run recorder.

The package itself, `d2lmini`, is imported like any installed package: `make venv` installs
this checkout with `pip install -e .`. The build tools in tools/ are not part of the package
and are not installed; the tests that check them import them through the path set here.
"""
import pathlib
import sys

TOOLS = pathlib.Path(__file__).resolve().parent.parent / 'tools'
sys.path.insert(0, str(TOOLS))

# nbval's run of a notebook doubles as the book's execution (see tests/nbval_cache.py)
pytest_plugins = ['nbval_cache']

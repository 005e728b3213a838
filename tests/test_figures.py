"""The committed diagrams in book/figures/ are what tools/make_figures.py draws now."""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_figures_are_up_to_date():
    result = subprocess.run([sys.executable, 'tools/make_figures.py', '--check'], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr

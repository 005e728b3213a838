"""The learner check: d2lmini installed as learners install it runs the book's code.

`make learner-venvs` (which `make test` runs first) builds .learners/pytorch and
.learners/tensorflow from pyproject.toml alone, with numpy 2 (tools/learners.py); that step
downloads. These tests are offline: they put the current package into those venvs from a
wheel built here (`pip --no-index`), then run the PyTorch notebooks of the 2-D and MLP
chapters in a kernel of the PyTorch venv, and one TensorFlow training step in the other.
"""
import functools
import json
import os
import subprocess
import sys
import textwrap

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

import learners
from common import NOTEBOOKS
from distribution import build_wheel

LEARNER_CHAPTERS = ['gan_2d', 'mlp_gan']   # PyTorch notebooks run in the learner venv
# `make test` sets this: there a missing venv is a failure, not a skip
REQUIRED = os.environ.get('D2LMINI_LEARNERS') == 'required'
CELL_TIMEOUT = 1800
PROBE = 'import sys, numpy, d2lmini\nprint(sys.prefix, numpy.__version__, d2lmini.__file__)'


@functools.cache
def learner_python(name):
    """The venv's python, with the current d2lmini installed from a wheel (offline)."""
    if not learners.is_current(name, sys.executable):
        message = f'learner venv {name!r} missing or stale: run `make learner-venvs`'
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    python = learners.venv_python(name)
    subprocess.run([python, '-m', 'pip', 'install', '--quiet', '--no-deps', '--no-index',
                    '--force-reinstall', str(build_wheel())], check=True)
    return python


def learner_env(python, tmp_path):
    """A learner's environment: the venv first on PATH, no PYTHONPATH into this clone."""
    env = {'PATH': f'{python.parent}{os.pathsep}{os.environ["PATH"]}',
           'HOME': os.environ.get('HOME', str(tmp_path)),
           'D2LMINI_CACHE': str(learners.LEARNERS / 'cache'),  # its own judge, its sklearn
           'MPLBACKEND': 'module://matplotlib_inline.backend_inline',
           'TF_CPP_MIN_LOG_LEVEL': '2',
           # pytest runs two workers on two cores: one thread each
           'OMP_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1', 'TF_NUM_INTRAOP_THREADS': '1'}
    return env


def assert_learner_run(line, python):
    """The probe's `prefix numpy d2lmini-file` line: the venv's numpy 2 and package."""
    prefix, numpy, module = line.split()
    venv = str(python.parent.parent)
    assert prefix == venv and module.startswith(venv), line
    assert numpy.startswith('2.'), f'numpy {numpy}, not numpy 2'


def kernel_manager(python, tmp_path):
    """A kernel of the learner venv (its ipykernel came with the `jupyter` extra)."""
    spec = tmp_path / 'kernels' / 'learner'
    spec.mkdir(parents=True)
    spec.joinpath('kernel.json').write_text(json.dumps({
        'argv': [str(python), '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
        'display_name': 'learner', 'language': 'python'}))
    specs = KernelSpecManager(kernel_dirs=[str(tmp_path / 'kernels')])
    return KernelManager(kernel_name='learner', kernel_spec_manager=specs)


@pytest.mark.parametrize('chapter', LEARNER_CHAPTERS)
def test_pytorch_notebook_runs_in_a_learner_venv(chapter, tmp_path):
    python = learner_python('pytorch')
    nb = nbformat.read(NOTEBOOKS / 'pytorch' / f'{chapter}.ipynb', as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PROBE))
    work = tmp_path / 'work'     # a folder of its own, as a downloaded notebook has
    work.mkdir()
    client = NotebookClient(nb, km=kernel_manager(python, tmp_path), timeout=CELL_TIMEOUT,
                            resources={'metadata': {'path': str(work)}})
    client.execute(env=learner_env(python, tmp_path))   # raises on any failing cell
    setup = next(c for c in nb.cells if c.id == 'setup')
    assert setup.outputs == [], 'the set-up cell thinks d2lmini is missing'
    assert_learner_run(nb.cells[-1].outputs[0]['text'].strip(), python)


TF_STEP = textwrap.dedent('''\
    import keras
    import numpy as np
    import tensorflow as tf

    import d2lmini
    from d2lmini import tensorflow as d2l

    d2lmini.seed_everything(0)
    net_G = keras.Sequential([keras.layers.Dense(2)])
    net_D = keras.Sequential([keras.layers.Dense(5, activation='tanh'),
                              keras.layers.Dense(3, activation='tanh'),
                              keras.layers.Dense(1)])
    loss = keras.losses.BinaryCrossentropy(from_logits=True)
    trainer_D = keras.optimizers.Adam(0.05, beta_1=0.5)
    trainer_G = keras.optimizers.Adam(0.005, beta_1=0.5)
    X = tf.constant(np.random.normal(size=(8, 2)), dtype=tf.float32)
    Z = tf.random.normal((8, 2))
    losses = [d2l.update_D(X, Z, net_D, net_G, loss, trainer_D),
              d2l.update_G(Z, net_D, net_G, loss, trainer_G)]
    assert all(isinstance(x, float) and np.isfinite(x) for x in losses), losses
''')


def test_tensorflow_module_takes_a_step_in_a_numpy_2_venv(tmp_path):
    python = learner_python('tensorflow')
    result = subprocess.run([python, '-c', TF_STEP + PROBE], capture_output=True, text=True,
                            env=learner_env(python, tmp_path), cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert_learner_run(result.stdout.strip().splitlines()[-1], python)

"""Data-parallel runs of the chapter "Training GANs on several devices": launch and workers.

Framework-neutral: the framework code is `d2l.DataParallelGAN` (and `sync_batch_norm`,
`without_batch_norm`) in `d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet`, generated
from the chapter. This module starts worker processes through each framework's own launcher
and is the worker program they run:

    python -m d2lmini.dist --framework pytorch --workers 2 --modes equiv,speed --out DIR

`launch_workers(framework, workers, ...)` runs the same from Python (a notebook, the command line)::

  pytorch     python -m torch.distributed.run --standalone --nproc_per_node W (torchrun)
  tensorflow  W processes, each with its TF_CONFIG (TensorFlow's launch protocol; it has
              no launcher program)
  mxnet       mxnet/tools/launch.py -n W -s 1 --launcher local, through `d2lmini._mx_launch`
              (patched for Python 3.11 and pinned to 127.0.0.1)

Everything talks over the loopback interface. With `workers=1` the worker program runs as
one plain process (no launcher): the single-process reference, through the same code.

Modes of a worker (several per launch, so that the start-up is paid once)::

  equiv  `steps` steps in float64 on rows and noise fixed by `plan(steps, seed)`, once for
         each batch-norm setting in `equiv_batch_norm`; every worker saves its weights to
         OUT/equiv_<batch_norm>.rank<r>.npz
  speed  float32: `steps` training steps, then `steps` times the all-reduces alone
         (OUT/speed.json from worker 0: steps_per_s, comm_seconds_per_step)
  train  `epochs` epochs of the DCGAN chapter's recipe (d2lmini.configs.DCGAN); worker 0
         samples 1,000 digits from the EMA of G, judges them and writes OUT/train.json
         (the command line's fields) and OUT/samples.npy
"""
import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np

from .configs import DCGAN

__all__ = ['plan', 'shard', 'launch_workers', 'run_worker', 'load_weights', 'max_abs_diff']

WORKER_MODES = ('equiv', 'speed', 'train')
NUM_SAMPLES = 1000  # what DigitJudge compares
FRAMEWORK_MODULES = {'pytorch': 'torch', 'tensorflow': 'tensorflow', 'mxnet': 'mxnet'}


def plan(num_steps, seed, num_images=3000, batch_size=32, latent_dim=100):
    """Rows (num_steps, batch_size) and noise (num_steps, batch_size, latent_dim) of every
    step, drawn once with NumPy from `seed`: what every run of the equivalence test sees."""
    rng = np.random.RandomState(seed)
    per_epoch = num_images // batch_size
    rows = []
    while len(rows) < num_steps:
        order = rng.permutation(num_images)
        rows.extend(order[i * batch_size:(i + 1) * batch_size] for i in range(per_epoch))
    Z = rng.standard_normal((num_steps, batch_size, latent_dim))
    return np.stack(rows[:num_steps]), Z


def shard(a, rank, world):
    """Worker `rank`'s rows of a global minibatch `a`: rank*n/world ... (rank+1)*n/world."""
    n = len(a) // world
    return a[rank * n:(rank + 1) * n]


def _free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(('127.0.0.1', 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def _worker_command(framework, args):
    return [sys.executable, '-m', 'd2lmini.dist', '--framework', framework, *args]


def launch_workers(framework, workers, modes=('equiv',), out='dist_run', *, seed=0,
                   steps=5, speed_steps=30, epochs=1, batch_norm='sync',
                   equiv_batch_norm=('sync', 'local'), timeout=600, quiet=True):
    """Run `workers` worker processes of `framework` through its own launcher; wait.

    Returns what worker 0 wrote: a dict with the keys 'speed' and 'train' (their JSON) and
    'seconds', the launch's wall time (start-up included). Raises RuntimeError with the
    end of the workers' error output when the launch fails.
    """
    if framework not in FRAMEWORK_MODULES:
        raise ValueError(f'unknown framework {framework!r}: choose one of '
                         + ', '.join(FRAMEWORK_MODULES))
    if int(workers) != workers or workers < 1:
        raise ValueError(f'workers must be a positive integer, got {workers!r}')
    os.makedirs(out, exist_ok=True)
    args = ['--modes', ','.join(modes), '--out', os.path.abspath(out), '--seed', str(seed),
            '--steps', str(steps), '--speed-steps', str(speed_steps), '--epochs', str(epochs),
            '--batch-norm', batch_norm, '--equiv-batch-norm', ','.join(equiv_batch_norm)]
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL='2', GLOO_SOCKET_IFNAME='lo',
               OMP_NUM_THREADS='1', PYTHONUNBUFFERED='1')
    env.pop('TF_CONFIG', None)
    start = time.perf_counter()
    if workers == 1:  # the single-process reference: no launcher
        procs = [subprocess.Popen(_worker_command(framework, args), env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, start_new_session=True)]
    elif framework == 'pytorch':
        procs = [subprocess.Popen(
            [sys.executable, '-m', 'torch.distributed.run', '--standalone',
             '--nproc_per_node', str(workers), '-m', 'd2lmini.dist', '--framework',
             framework, *args], env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
            start_new_session=True)]
    elif framework == 'tensorflow':
        cluster = {'worker': [f'127.0.0.1:{port}' for port in _free_ports(workers)]}
        procs = [subprocess.Popen(
            _worker_command(framework, args),
            env=dict(env, TF_CONFIG=json.dumps(
                {'cluster': cluster, 'task': {'type': 'worker', 'index': i}})),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
            for i in range(workers)]
    else:
        procs = [subprocess.Popen(
            [sys.executable, '-m', 'd2lmini._mx_launch', '-n', str(workers), '-s', '1',
             '--launcher', 'local', *_worker_command(framework, args)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)]
    outputs, codes = [], []
    try:
        for proc in procs:
            output, _ = proc.communicate(timeout=timeout)
            outputs.append(output)
            codes.append(proc.returncode)
    except subprocess.TimeoutExpired:
        for proc in procs:  # the launcher and every process it started
            os.killpg(proc.pid, signal.SIGKILL)
        raise RuntimeError(f'the {workers} {framework} workers did not finish in '
                           f'{timeout} s') from None
    seconds = time.perf_counter() - start
    if any(codes):
        tail = '\n'.join(output[-3000:] for output in outputs)
        raise RuntimeError(f'the {workers} {framework} workers failed (exit codes '
                           f'{codes}):\n{tail}')
    if not quiet:
        print('\n'.join(outputs))
    result = {'seconds': seconds}
    for mode in ('speed', 'train'):
        if mode in modes:
            with open(os.path.join(out, f'{mode}.json')) as f:
                result[mode] = json.load(f)
    return result


def load_weights(out, batch_norm, rank=0):
    """The weights worker `rank` saved after the equivalence steps with `batch_norm`."""
    with np.load(os.path.join(out, f'equiv_{batch_norm}.rank{rank}.npz')) as saved:
        return dict(saved)


def max_abs_diff(a, b, buffers=True):
    """Largest abs(a - b) over the arrays of two dicts name -> array with the same names;
    `buffers=False` leaves out batch norm's running statistics (not weights: every worker
    updates its own from its own minibatch)."""
    if sorted(a) != sorted(b):
        raise ValueError(f'different arrays: {sorted(set(a) ^ set(b))}')
    names = [k for k in a if buffers or not any(
        word in k for word in ('running', 'moving', 'num_batches'))]
    return max(float(np.max(np.abs(np.asarray(a[k], np.float64) - b[k]))) for k in names)


def _import(framework, threads=1):
    import importlib
    if framework == 'pytorch':
        import torch
        torch.set_num_threads(threads)
    elif framework == 'tensorflow':
        import tensorflow as tf
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(threads)
    return importlib.import_module(f'd2lmini.{FRAMEWORK_MODULES[framework]}')


def _new_gan(d2l, seed, batch_norm, dtype, ema_decay=None):
    from .base import seed_everything
    config = DCGAN

    def make_nets():  # the same initial weights on every worker
        seed_everything(seed)
        return d2l.DCGANGenerator(config['latent_dim']), d2l.DCGANDiscriminator()
    gan = d2l.DataParallelGAN(make_nets, config['lr_D'], config['beta1'],
                              config['real_label'], ema_decay=ema_decay,
                              batch_norm=batch_norm, dtype=dtype)
    seed_everything(seed * 1000 + gan.rank)  # different noise on every worker
    return gan


def _images(d2l):
    from .data import load_mnist
    images = load_mnist('train')[0]
    return images.reshape(-1, *d2l.IMAGE_SHAPE).astype(np.float32)


def _write_json(path, obj):
    with open(path + '.tmp', 'w') as f:
        json.dump(obj, f)
    os.replace(path + '.tmp', path)


def equivalence(d2l, images, steps, seed, batch_norm, out):
    """`steps` float64 steps on the rows and noise of `plan`; save this worker's weights."""
    gan = _new_gan(d2l, seed, batch_norm, 'float64')
    rows, Z = plan(steps, seed, len(images), DCGAN['batch_size'], DCGAN['latent_dim'])
    for s in range(steps):
        gan.step(shard(images[rows[s]], gan.rank, gan.world), shard(Z[s], gan.rank,
                                                                     gan.world))
    np.savez(os.path.join(out, f'equiv_{batch_norm}.rank{gan.rank}.npz'), **gan.weights())
    return gan


def speed(d2l, images, steps, seed, batch_norm, out):
    """Steps/s of `steps` float32 training steps, then of the all-reduces alone."""
    gan = _new_gan(d2l, seed, batch_norm, 'float32')
    n = DCGAN['batch_size'] // gan.world
    rng = np.random.RandomState(seed * 1000 + gan.rank)
    X = images[:8 * n]

    def run(fn, count):
        for s in range(count):
            fn(s)
        gan.communicate()  # a barrier: every worker has finished
    Zs = rng.standard_normal((8, n, DCGAN['latent_dim'])).astype(np.float32)
    run(lambda s: gan.step(X[(s % 8) * n:(s % 8 + 1) * n], Zs[s % 8]), 5)  # warm-up
    start = time.perf_counter()
    run(lambda s: gan.step(X[(s % 8) * n:(s % 8 + 1) * n], Zs[s % 8]), steps)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    run(lambda s: gan.communicate(), steps)
    comm = time.perf_counter() - start
    result = {'workers': gan.world, 'batch_norm': batch_norm, 'steps': steps,
              'seconds': seconds, 'steps_per_s': steps / seconds,
              'comm_seconds_per_step': comm / steps, 'comm_share': comm / seconds,
              'load': os.getloadavg()[0]}
    if gan.rank == 0:
        _write_json(os.path.join(out, 'speed.json'), result)
    return result


def train(d2l, images, epochs, seed, batch_norm, out):
    """The DCGAN chapter's recipe for `epochs` epochs; worker 0 judges 1,000 samples."""
    gan = _new_gan(d2l, seed, batch_norm, 'float32', ema_decay=DCGAN['ema_decay'])
    batch_size, latent_dim = DCGAN['batch_size'], DCGAN['latent_dim']
    order_rng = np.random.RandomState(seed)  # the same on every worker: one shuffle
    noise_rng = np.random.RandomState(seed * 1000 + gan.rank)  # its own noise
    n = batch_size // gan.world
    per_epoch = len(images) // batch_size
    start, steps = time.perf_counter(), 0
    for _ in range(epochs):
        order = order_rng.permutation(len(images))
        for i in range(per_epoch):
            rows = shard(order[i * batch_size:(i + 1) * batch_size], gan.rank, gan.world)
            Z = noise_rng.standard_normal((n, latent_dim)).astype(np.float32)
            loss_D, loss_G = gan.step(images[rows], Z)
            steps += 1
    seconds = time.perf_counter() - start
    if gan.rank == 0:
        from .judge import DigitJudge
        from .training import as_images
        samples = as_images(d2l.generate(gan.net_G_sample, NUM_SAMPLES,
                                         latent_dim)).astype(np.float32)
        np.save(os.path.join(out, 'samples.npy'), samples)
        scores = DigitJudge.load(verbose=False).score(samples)
        result = {'workers': gan.world, 'batch_norm': batch_norm, 'steps': steps,
                  'seconds': seconds, 'steps_per_s': steps / seconds}
        result.update({key: float(scores[key]) for key in (
            'fd', 'real_fd', 'blur_fd_1.1', 'blur_fd_1.5', 'coverage', 'entropy')})
        result.update(loss_D=loss_D, loss_G=loss_G)
        _write_json(os.path.join(out, 'train.json'), result)
    gan.communicate()  # wait for worker 0's judging before anyone exits
    return result if gan.rank == 0 else None


def run_worker(d2l, modes=('equiv',), out='dist_run', *, seed=0, steps=5, speed_steps=30,
               epochs=1, batch_norm='sync', equiv_batch_norm=('sync', 'local')):
    """Run the worker program's `modes` in this process, with the framework module `d2l`.

    Outside a launcher this process is the single-process reference (one worker). Takes
    the arguments of `launch_workers` and returns what it returns (without 'seconds').
    """
    os.makedirs(out, exist_ok=True)
    images = _images(d2l)
    result = {}
    for mode in modes:
        if mode == 'equiv':
            for bn in equiv_batch_norm:
                equivalence(d2l, images, steps, seed, bn, out)
        elif mode == 'speed':
            result['speed'] = speed(d2l, images, speed_steps, seed, batch_norm, out)
        elif mode == 'train':
            result['train'] = train(d2l, images, epochs, seed, batch_norm, out)
        else:
            raise ValueError(f'unknown mode {mode!r}: choose from {", ".join(WORKER_MODES)}')
    return result


def main(argv=None):
    p = argparse.ArgumentParser(prog='python -m d2lmini.dist')
    p.add_argument('--framework', required=True, choices=list(FRAMEWORK_MODULES))
    p.add_argument('--modes', default='equiv')
    p.add_argument('--out', required=True)
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--steps', type=int, default=5)
    p.add_argument('--speed-steps', type=int, default=30)
    p.add_argument('--epochs', type=int, default=1)
    p.add_argument('--batch-norm', default='sync', choices=['sync', 'local', 'none'])
    p.add_argument('--equiv-batch-norm', default='sync,local')
    args = p.parse_args(argv)
    unknown = set(args.modes.split(',')) - set(WORKER_MODES)
    if unknown:
        p.error(f'unknown mode {unknown.pop()!r}: choose from {", ".join(WORKER_MODES)}')
    run_worker(_import(args.framework), args.modes.split(','), args.out, seed=args.seed,
               steps=args.steps, speed_steps=args.speed_steps, epochs=args.epochs,
               batch_norm=args.batch_norm,
               equiv_batch_norm=args.equiv_batch_norm.split(','))


if __name__ == '__main__':
    main()

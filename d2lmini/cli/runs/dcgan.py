"""The DCGAN of the chapter "DCGAN on MNIST" on the command line.

    python -m d2lmini run dcgan --framework pytorch --seed 1 [--epochs 60] [--samples s.npy]
    python -m d2lmini run dcgan --framework pytorch --workers 2 [--epochs 60]

Trains `DCGANGenerator` and `DCGANDiscriminator` with `train_fast` (or `train`, with `--loop
plain`) and the chapter's hyper-parameters (`d2lmini.configs.DCGAN`), scores 1,000
samples with `DigitJudge` and returns the numbers the chapter reports. With `--workers N`,
`run_workers` trains data-parallel in N processes started by the framework's own launcher
(`d2lmini.dist`, chapter "Training GANs on several devices").
"""
import os
import shutil
import tempfile
import time

from ...configs import DCGAN
from ._image_gan import run_image_gan

HAS_SAMPLES = True
HAS_WORKERS = True
# Batch norm of G across workers: synchronized where the engine has it (MXNet has not)
BATCH_NORM = {'pytorch': 'sync', 'tensorflow': 'sync', 'mxnet': 'local'}


def run(d2l, seed, num_epochs=None, samples=None, loop='fast', progress=False):
    """`seed` is only reported: the caller has seeded every generator already."""
    config = DCGAN
    net_G, net_D = d2l.DCGANGenerator(config['latent_dim']), d2l.DCGANDiscriminator()
    return run_image_gan(d2l, config, net_G, net_D, num_epochs, samples, loop, progress)


def run_workers(framework, workers, seed, num_epochs=None, samples=None):
    """Train with `workers` worker processes (`d2lmini.dist.launch`); worker 0's numbers."""
    from ...dist import launch_workers
    from ...outputs import save_with_fallback
    num_epochs = DCGAN['num_epochs'] if num_epochs is None else num_epochs
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        try:
            done = launch_workers(framework, workers, ('train',), out, seed=seed,
                                  epochs=num_epochs, batch_norm=BATCH_NORM[framework],
                                  timeout=24 * 3600)
        except RuntimeError as err:
            raise SystemExit(f'd2lmini: error: {err}') from None
        result = done['train']
        if samples is not None:
            samples = save_with_fallback(
                samples, lambda path: shutil.copyfile(os.path.join(out, 'samples.npy'),
                                                      path), 'the samples')
    result['launch_seconds'] = time.perf_counter() - start - result['seconds']
    if samples is not None:
        result['samples'] = samples
    return result

"""Run one benchmark case in this process and print one JSON line (used by bench/run.py).

    python bench/case.py gaussian fast pytorch

Each case runs in a fresh process so that its peak memory (ru_maxrss) is its own.
"""
import json
import os
import pathlib
import resource
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import d2lmini  # noqa: E402  (applies the MXNet numpy shim first)

DCGAN_EPOCHS = 2  # ~190 steps of batch 32 on the 3,000 training digits: enough for ms/step


def gaussian(mode, framework, seed):
    if mode == 'fast':
        from d2lmini.cli.runs import gaussian as experiment
        d2l = d2lmini.import_framework(framework)
        d2lmini.seed_everything(seed)
        return experiment.run(d2l, seed=seed, num_epochs=None, samples=None)
    import eager_gaussian
    return eager_gaussian.run_eager(framework, seed=seed)


def dcgan(mode, framework, seed):
    if mode == 'fast':
        import eager_dcgan
        return eager_dcgan.run_fast(framework, seed=seed, num_epochs=DCGAN_EPOCHS)
    import eager_dcgan
    return eager_dcgan.run_eager(framework, seed=seed, num_epochs=DCGAN_EPOCHS)


def main():
    experiment, mode, framework = sys.argv[1:4]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    result = {'gaussian': gaussian, 'dcgan': dcgan}[experiment](mode, framework, seed)
    result = {k: v for k, v in result.items() if isinstance(v, (int, float, str))}
    # Where it ran: the same code takes a GPU when there is one (`try_gpu`)
    result.setdefault('device', str(d2lmini.import_framework(framework).try_gpu()))
    # ru_maxrss is in KiB on Linux
    result['peak_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == '__main__':
    main()

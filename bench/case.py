"""Run one benchmark case in this process and print one JSON line (used by bench/run.py).

    python bench/case.py gaussian fast pytorch [seed]

`gaussian` trains the 2-D chapter's experiment in full (2,500 steps) as the command line does
(`python -m d2lmini run gaussian`), and reports its fit. `dcgan` trains the DCGAN chapter's
networks with its settings for DCGAN_EPOCHS epochs, enough to time a step; it is not judged.
The loop is 'fast' (`d2l.train_fast`) or 'plain' (`d2l.train`). Each case runs in a fresh
process, so that its peak memory (ru_maxrss) is its own; its progress bar goes to stderr.
"""
import json
import os
import pathlib
import resource
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import d2lmini  # noqa: E402  (applies the MXNet numpy shim first)
from d2lmini.cli.runs import _image_gan, gaussian as gaussian_run  # noqa: E402

DCGAN_EPOCHS = 2  # 186 steps of batch 32 on the 3,000 training digits: enough for ms/step


def gaussian(d2l, loop, seed):
    return gaussian_run.run(d2l, seed=seed, loop=loop, progress=True)


def dcgan(d2l, loop, seed):
    config = d2lmini.DCGAN
    net_G, net_D = d2l.DCGANGenerator(config['latent_dim']), d2l.DCGANDiscriminator()
    history = _image_gan.train_image_gan(d2l, config, net_G, net_D, DCGAN_EPOCHS, loop,
                                         progress=True)
    steps_per_epoch = history['steps'] / DCGAN_EPOCHS
    return {'steps': history['steps'], 'seconds': history['seconds_total'],
            'steps_per_s': history['steps_per_s'],
            'last_epoch_ms_per_step': 1000 * history['seconds'][-1] / steps_per_epoch}


def main():
    experiment, loop, framework = sys.argv[1:4]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    d2l = d2lmini.import_framework(framework)
    d2lmini.seed_everything(seed)
    load = os.getloadavg()[0]
    result = {'gaussian': gaussian, 'dcgan': dcgan}[experiment](d2l, loop, seed)
    result = {k: v for k, v in result.items() if isinstance(v, (int, float, str))}
    # Where it ran: the same code takes a GPU when there is one (`try_gpu`)
    result['device'] = str(d2l.try_gpu())
    result['load_before'] = round(load, 1)  # other programs' work on this machine
    # ru_maxrss is in KiB on Linux
    result['peak_mb'] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(result))


if __name__ == '__main__':
    main()

"""Where the time of a training run goes, for the cases that miss their `make bench` target.

    python bench/profiles.py gaussian pytorch   # cProfile of the chapter's `train`
    python bench/profiles.py dcgan mxnet        # MXNet's profiler: operator time vs wall time

`gaussian pytorch` runs the chapter's 2-D experiment under cProfile and splits its time into
the autograd engine, the optimizer, the forward passes with the losses, the data, the noise
and the rest (Python of the loop). cProfile slows Python down, so the shares are indicative.
`dcgan mxnet` trains the chapter's DCGAN for one epoch with MXNet's profiler on and prints
how much of the wall time the operators (the kernels) take, and the slowest of them.
"""
import cProfile
import os
import pathlib
import pstats
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import d2lmini  # noqa: E402  (before mxnet: the numpy shim)

# (label, path suffix of the file, function name): each entry's cumulative time. None of
# them calls another, so the shares add up.
TORCH_PARTS = [
    ('autograd engine (backward)', 'torch/_tensor.py', 'backward'),
    ('optimizer step (fused Adam)', 'torch/optim/optimizer.py', 'wrapper'),
    ('optimizer zero_grad', 'torch/optim/optimizer.py', 'zero_grad'),
    ('forward passes and losses', 'torch/nn/modules/module.py', '_wrapped_call_impl'),
    ('minibatches (d2lmini.Minibatches)', 'd2lmini/data.py', '__iter__'),
    ('noise (torch.randn)', '~', "<built-in method torch.randn>"),
    ('loss values (.item())', '~', "<method 'item' of 'torch._C.TensorBase' objects>"),
]


def cumulative(stats, suffix, name):
    return sum(entry[3] for (path, _, func), entry in stats.stats.items()
               if path.endswith(suffix) and func == name)


def profile_gaussian_pytorch():
    from d2lmini.runs import gaussian
    d2l = d2lmini.import_framework('pytorch')
    d2lmini.seed_everything(0)
    gaussian.run(d2l, seed=0)  # warm up: imports, first calls
    d2lmini.seed_everything(0)
    profiler = cProfile.Profile()
    profiler.runcall(gaussian.run, d2l, seed=0)
    stats = pstats.Stats(profiler)
    total = cumulative(stats, 'd2lmini/torch.py', 'train')
    print(f'PyTorch, 2-D GAN, 2,500 steps under cProfile: {total:.2f} s in `train`')
    rest = total
    for label, suffix, name in TORCH_PARTS:
        seconds = cumulative(stats, suffix, name)
        rest -= seconds
        print(f'  {label:36s} {seconds:6.2f} s {100 * seconds / total:5.1f}%')
    print(f'  {"rest (Python of the loop)":36s} {rest:6.2f} s {100 * rest / total:5.1f}%')


def profile_dcgan_mxnet():
    import mxnet as mx
    import eager_dcgan
    eager_dcgan.run_fast('mxnet', seed=0, num_epochs=1)  # warm up: graphs, memory
    mx.profiler.set_config(profile_all=True, aggregate_stats=True,
                           filename=str(pathlib.Path('/tmp') / 'd2lmini_mx_profile.json'))
    mx.profiler.set_state('run')
    tic = time.perf_counter()
    result = eager_dcgan.run_fast('mxnet', seed=0, num_epochs=1)
    mx.nd.waitall()
    wall = time.perf_counter() - tic
    mx.profiler.set_state('stop')
    table = mx.profiler.dumps(reset=True)
    operators = table[table.index('operator'):]
    rows = []
    for line in operators.splitlines()[3:]:
        parts = line.split()
        if len(parts) == 6 and parts[1].isdigit():
            rows.append((float(parts[2]), parts[0], int(parts[1])))
    op_ms = sum(r[0] for r in rows)
    print(f'MXNet, DCGAN, {result["steps"]} steps: wall {wall:.2f} s '
          f'({1000 * wall / result["steps"]:.1f} ms/step); operators (kernels) '
          f'{op_ms / 1000:.2f} s = {100 * op_ms / 1000 / wall:.0f}% of the wall time')
    for ms, name, count in sorted(rows, reverse=True)[:6]:
        print(f'  {name:32s} {ms:8.1f} ms in {count:5d} calls, '
              f'{ms / count:6.2f} ms each, {100 * ms / op_ms:4.1f}% of operator time')


CASES = {('gaussian', 'pytorch'): profile_gaussian_pytorch,
         ('dcgan', 'mxnet'): profile_dcgan_mxnet}


def main():
    if tuple(sys.argv[1:3]) not in CASES:
        raise SystemExit(f'usage: python bench/profiles.py EXPERIMENT FRAMEWORK, one of '
                         f'{", ".join(" ".join(case) for case in CASES)}')
    CASES[tuple(sys.argv[1:3])]()


if __name__ == '__main__':
    main()

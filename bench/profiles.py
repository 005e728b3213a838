"""Where the time of a training run goes, for the cases that miss their `make bench` target.

    python bench/profiles.py gaussian pytorch   # cProfile of the chapter's `train`
    python bench/profiles.py gaussian torch.compile  # the same step compiled, and its cost
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

import numpy as np

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
    from d2lmini.cli.runs import gaussian
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


def compiled_gaussian_pytorch():
    """What `torch.compile` would give the 2-D GAN, and what it costs.

    The chapter's step cannot be compiled as one graph (`backward` and the optimizer break
    it), so this writes the same step functionally: `torch.func.grad_and_value` for the
    gradients and Adam by hand (bias-corrected, as PyTorch's), then compiles the whole
    step, D's update followed by G's, into one program with Inductor.
    """
    import torch
    from torch.func import functional_call, grad_and_value
    from torch.nn import functional as F
    from d2lmini.configs import GAN_2D as cfg
    d2l = d2lmini.import_framework('pytorch')
    torch.set_num_threads(1)  # as the chapter's `train`
    d2lmini.seed_everything(0)
    data = d2lmini.gaussian_2d(cfg['num_examples'])
    net_G, net_D = d2l.LinearGenerator(cfg['latent_dim']), d2l.TanhDiscriminator()
    d2l.init_normal(net_D, d2l.INIT_SIGMA)
    d2l.init_normal(net_G, d2l.INIT_SIGMA)
    b = cfg['batch_size']
    labels_D = torch.cat([torch.ones(b, 1), torch.zeros(b, 1)])
    ones = torch.ones(b, 1)

    def adam(params, grads, state, t, lr, beta1=d2l.BETA1, beta2=0.999, eps=1e-8):
        new = {}
        for k in params:
            m = state[k][0] * beta1 + (1 - beta1) * grads[k]
            v = state[k][1] * beta2 + (1 - beta2) * grads[k] ** 2
            state[k] = (m, v)
            new[k] = params[k] - lr * (m / (1 - beta1 ** t)) / (
                (v / (1 - beta2 ** t)).sqrt() + eps)
        return new

    def loss_D(p_D, X, fake_X):
        Y = functional_call(net_D, p_D, (torch.cat([X, fake_X]),))
        return F.binary_cross_entropy_with_logits(Y, labels_D)

    def loss_G(p_G, p_D, Z):
        Y = functional_call(net_D, p_D, (functional_call(net_G, p_G, (Z,)),))
        return F.binary_cross_entropy_with_logits(Y, ones)

    def step(p_D, p_G, s_D, s_G, t, X, Z):
        fake_X = functional_call(net_G, p_G, (Z,))
        g_D, l_D = grad_and_value(loss_D)(p_D, X, fake_X)
        p_D = adam(p_D, g_D, s_D, t, cfg['lr_D'])
        g_G, l_G = grad_and_value(loss_G)(p_G, p_D, Z)
        p_G = adam(p_G, g_G, s_G, t, cfg['lr_G'])
        return p_D, p_G, s_D, s_G, l_D, l_G

    compiled = torch.compile(step, fullgraph=True, dynamic=False)
    p_D = {k: v.detach() for k, v in net_D.named_parameters()}
    p_G = {k: v.detach() for k, v in net_G.named_parameters()}
    s_D = {k: (torch.zeros_like(v), torch.zeros_like(v)) for k, v in p_D.items()}
    s_G = {k: (torch.zeros_like(v), torch.zeros_like(v)) for k, v in p_G.items()}
    X_all = torch.tensor(data)
    tic = time.perf_counter()  # the first call compiles
    compiled(dict(p_D), dict(p_G), dict(s_D), dict(s_G), torch.tensor(1.0), X_all[:b],
             torch.randn(b, cfg['latent_dim']))
    compile_s = time.perf_counter() - tic
    steps, tic = 0, time.perf_counter()
    for _ in range(cfg['num_epochs']):
        for X in X_all[torch.randperm(len(X_all))].split(b):
            steps += 1
            p_D, p_G, s_D, s_G, _, _ = compiled(p_D, p_G, s_D, s_G, torch.tensor(float(steps)),
                                                X, torch.randn(b, cfg['latent_dim']))
    seconds = time.perf_counter() - tic
    with torch.no_grad():
        fake_X = functional_call(net_G, p_G, (torch.randn(10_000, cfg['latent_dim']),))
    fit = d2lmini.mean_cov_error(fake_X.numpy(), data.mean(axis=0), np.cov(data, rowvar=False))
    print(f'PyTorch, 2-D GAN, whole step compiled by torch.compile (Inductor, CPU): compile '
          f'{compile_s:.1f} s, then {steps} steps in {seconds:.2f} s = {steps / seconds:.0f} '
          f'steps/s; fit {fit["mean_err"]:.3f}/{fit["cov_err"]:.3f}')
    from d2lmini.cli.runs import gaussian
    d2lmini.seed_everything(0)
    chapter = gaussian.run(d2l, seed=0)
    rate = steps / seconds
    break_even = compile_s / (1 / chapter['steps_per_s'] - 1 / rate)
    print(f'the chapter\'s eager `train`: {chapter["steps"]} steps in '
          f'{chapter["seconds"]:.2f} s = {chapter["steps_per_s"]:.0f} steps/s. Compiling pays '
          f'off after about {break_even:,.0f} steps ({break_even / chapter["steps"]:.0f} '
          f'times this run)')


CASES = {('gaussian', 'pytorch'): profile_gaussian_pytorch,
         ('gaussian', 'torch.compile'): compiled_gaussian_pytorch,
         ('dcgan', 'mxnet'): profile_dcgan_mxnet}


def main():
    if tuple(sys.argv[1:3]) not in CASES:
        raise SystemExit(f'usage: python bench/profiles.py EXPERIMENT FRAMEWORK, one of '
                         f'{", ".join(" ".join(case) for case in CASES)}')
    CASES[tuple(sys.argv[1:3])]()


if __name__ == '__main__':
    main()

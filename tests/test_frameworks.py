"""The 2-D GAN code of `d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet`.

Parametrized over the three frameworks (a framework that is not installed is skipped with
the reason): output shapes, one discriminator step, seeding, clear errors on bad input,
and a public API with the same names, order and signatures in the three modules.
"""
import inspect
import os

import numpy as np
import pytest

import d2lmini
from common import FRAMEWORK_ONLY  # names one framework alone defines, and why

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

FRAMEWORKS = list(d2lmini.FRAMEWORKS)
BATCH, LATENT_DIM = 8, 2


def framework_module(name):
    try:
        return d2lmini.import_framework(name)
    except ImportError as err:
        pytest.skip(f'{name} is not importable: {err}')


@pytest.fixture(params=FRAMEWORKS)
def d2l(request):
    return framework_module(request.param)


def noise(d2l, n):
    """Noise (n, LATENT_DIM) as the framework's own array type."""
    first = next(iter(d2l.load_array((np.random.normal(size=(n, LATENT_DIM)),), n,
                                     is_train=False)))
    return first[0]


def as_numpy(x):
    """A framework array as a NumPy array."""
    if hasattr(x, 'detach'):
        x = x.detach()
    return x.asnumpy() if hasattr(x, 'asnumpy') else np.asarray(x)


def bce_and_trainer(d2l, net_D, lr):
    """The loss and an Adam optimizer for `net_D`, as `d2l.train` builds them."""
    name = d2l.__name__.rsplit('.', 1)[-1]
    if name == 'torch':
        import torch
        return (torch.nn.BCEWithLogitsLoss(),
                torch.optim.Adam(net_D.parameters(), lr=lr))
    if name == 'tensorflow':
        import keras
        return (keras.losses.BinaryCrossentropy(from_logits=True),
                keras.optimizers.Adam(learning_rate=lr))
    from mxnet import gluon
    return (gluon.loss.SigmoidBCELoss(),
            gluon.Trainer(net_D.collect_params(), 'adam', {'learning_rate': lr}))


def test_generator_and_discriminator_shapes(d2l):
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    Z = noise(d2l, BATCH)
    fake_X = net_G(Z)
    assert tuple(fake_X.shape) == (BATCH, 2)
    assert tuple(net_D(fake_X).shape) == (BATCH, 1)
    assert d2l.generate(net_G, 5, LATENT_DIM).shape == (5, 2)
    assert isinstance(d2l.generate(net_G, 5, LATENT_DIM), np.ndarray)


def test_load_array_batches(d2l):
    data = d2lmini.gaussian_2d(20)
    batches = [b[0] for b in d2l.load_array((data,), 8, is_train=False)]
    assert [tuple(b.shape) for b in batches] == [(8, 2), (8, 2), (4, 2)]
    got = np.concatenate([as_numpy(b) for b in batches])
    np.testing.assert_allclose(got, data)  # in order when not training


def test_load_array_shuffles_and_drops_the_incomplete_batch_in_training(d2l):
    d2lmini.seed_everything(0)
    data = d2lmini.gaussian_2d(20)
    data_iter = d2l.load_array((data,), 8)
    passes = [np.concatenate([as_numpy(b[0]) for b in data_iter]) for _ in range(2)]
    for rows in passes:
        assert rows.shape == (16, 2)  # 2 full minibatches; the last 4 points wait
        # every row is one of the data's rows, none twice
        matches = [np.flatnonzero(np.all(np.isclose(data, row), axis=1)) for row in rows]
        assert all(len(m) == 1 for m in matches)
        assert len({int(m[0]) for m in matches}) == 16
    assert not np.array_equal(passes[0], passes[1])  # a new order at every pass


def test_one_discriminator_step_lowers_its_loss(d2l):
    d2lmini.seed_everything(0)
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    data = d2lmini.gaussian_2d(BATCH)
    (X,) = next(iter(d2l.load_array((data,), BATCH, is_train=False)))
    Z = noise(d2l, BATCH)
    loss, trainer_D = bce_and_trainer(d2l, net_D, lr=0.01)
    fake_before = as_numpy(net_G(Z))  # G must not change: its output on fixed noise
    first = d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
    for _ in range(5):
        last = d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
    assert isinstance(first, float) and isinstance(last, float)
    assert last < first, (first, last)
    np.testing.assert_array_equal(as_numpy(net_G(Z)), fake_before)


def test_generator_step_returns_a_float(d2l):
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    name = d2l.__name__.rsplit('.', 1)[-1]
    Z = noise(d2l, BATCH)
    if name == 'torch':
        import torch
        loss, trainer_G = torch.nn.BCEWithLogitsLoss(), torch.optim.Adam(
            net_G.parameters(), lr=0.01)
    elif name == 'tensorflow':
        import keras
        loss = keras.losses.BinaryCrossentropy(from_logits=True)
        trainer_G = keras.optimizers.Adam(learning_rate=0.01)
    else:
        from mxnet import gluon
        loss = gluon.loss.SigmoidBCELoss()
        trainer_G = gluon.Trainer(net_G.collect_params(), 'adam', {'learning_rate': 0.01})
    first = d2l.update_G(Z, net_D, net_G, loss, trainer_G)
    for _ in range(5):
        last = d2l.update_G(Z, net_D, net_G, loss, trainer_G)
    assert isinstance(first, float) and last < first, (first, last)


def short_run(d2l, seed, num_epochs=2, **options):
    d2lmini.seed_everything(seed)
    data = d2lmini.gaussian_2d(200)
    data_iter = d2l.load_array((data,), BATCH)
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    d2l.init_normal(net_G, 0.02)
    d2l.init_normal(net_D, 0.02)
    history = d2l.train(net_D, net_G, data_iter, num_epochs, 0.05, 0.005, LATENT_DIM,
                        **options)
    return history, net_G


def test_train_history(d2l):
    """The one history schema of every trainer (d2lmini.Monitor)."""
    history, net_G = short_run(d2l, seed=0)
    assert history['steps'] == 2 * 200 // BATCH
    assert len(history['loss_D']) == len(history['loss_G']) == len(history['seconds']) == 2
    assert all(np.isfinite(history['loss_D'] + history['loss_G']))
    assert history['seconds_total'] == pytest.approx(sum(history['seconds']))
    assert history['steps_per_s'] > 0 and history['snapshots'] == []
    assert history['net_G_sample'] is net_G  # no average asked for


def test_train_options(d2l):
    """`ema_decay` keeps a separate average of G; `k=2` steps G half as often; snapshots
    keep samples of the generator to sample from."""
    monitor = d2lmini.Monitor(2, view=d2lmini.PointsView(d2lmini.gaussian_2d(50)),
                              num_snapshots=2, animate=False)
    history, net_G = short_run(d2l, seed=0, ema_decay=0.9, k=2, real_label=0.9,
                               monitor=monitor)
    average = history['net_G_sample']
    assert average is not net_G
    Z = noise(d2l, BATCH)
    assert not np.allclose(as_numpy(average(Z)), as_numpy(net_G(Z)))
    assert [epoch for epoch, _ in history['snapshots']] == [1, 2]
    assert all(samples.shape == (200, 2) for _, samples in history['snapshots'])
    # With k larger than an epoch, G would not step every epoch: a clear error
    with pytest.raises(ValueError, match='k .* is larger than the number of minibatches'):
        short_run(d2l, seed=0, k=1000)


def test_train_diagnostics(d2l):
    """`Monitor(diagnostics=True)`: `train` records D(x), D(G(z)) and both gradient norms
    once per epoch; without it the history has no such keys, and the run is the same."""
    monitor = d2lmini.Monitor(2, animate=False, diagnostics=True)
    history, _ = short_run(d2l, seed=0, monitor=monitor)
    for key in ('D_real', 'D_fake', 'grad_D', 'grad_G'):
        assert len(history[key]) == 2 and all(np.isfinite(history[key])), key
    assert all(0 < p < 1 for p in history['D_real'] + history['D_fake'])
    assert min(history['grad_D'] + history['grad_G']) > 0
    plain, _ = short_run(d2l, seed=0)
    assert 'D_real' not in plain
    if d2l.__name__.endswith('torch'):  # deterministic on the CPU: the same run
        assert plain['loss_D'] == history['loss_D']


def linear_params(d2l, net_G):
    """The bias and weights of a linear G, read from its outputs (framework-neutral)."""
    Z = np.array([[0, 0], [1, 0], [0, 1]], dtype=np.float32)
    (Z,) = next(iter(d2l.load_array((Z,), 3, is_train=False)))
    out = as_numpy(net_G(Z))
    return np.concatenate([out[0], (out[1:] - out[0]).ravel()])


def test_k_steps_G_once_per_k_minibatches(d2l):
    """With k equal to the minibatches of an epoch, one epoch steps G exactly once: Adam's
    first step moves every weight by the learning rate (m / sqrt(v) = +-1)."""
    lr_G, num_batches = 0.005, 200 // BATCH
    for k, one_step in ((num_batches, True), (1, False)):
        d2lmini.seed_everything(0)
        data_iter = d2l.load_array((d2lmini.gaussian_2d(200),), BATCH)
        net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
        d2l.init_normal(net_G, 0.02)
        d2l.init_normal(net_D, 0.02)
        before = linear_params(d2l, net_G)
        d2l.train(net_D, net_G, data_iter, 1, 0.05, lr_G, LATENT_DIM, k=k)
        moved = np.abs(linear_params(d2l, net_G) - before)
        assert np.allclose(moved, lr_G, rtol=1e-3) == one_step, (k, moved)


def test_seeding_makes_two_runs_identical(d2l):
    first, net_first = short_run(d2l, seed=3)
    second, net_second = short_run(d2l, seed=3)
    other, _ = short_run(d2l, seed=4)
    assert first['loss_D'] == second['loss_D'] and first['loss_G'] == second['loss_G']
    assert first['loss_D'] != other['loss_D']
    d2lmini.seed_everything(0)
    a = d2l.generate(net_first, 10, LATENT_DIM)
    d2lmini.seed_everything(0)
    np.testing.assert_array_equal(a, d2l.generate(net_second, 10, LATENT_DIM))


@pytest.mark.parametrize('n', [-1, 0, 2.5, 'ten', True])
def test_generate_rejects_a_bad_count(d2l, n):
    net_G = d2l.LinearGenerator(LATENT_DIM)
    with pytest.raises(ValueError, match='n must be a positive integer'):
        d2l.generate(net_G, n, LATENT_DIM)


@pytest.mark.parametrize('batch_size', [0, -8, 2.5, None])
def test_load_array_rejects_a_bad_batch_size(d2l, batch_size):
    with pytest.raises(ValueError, match='batch_size must be a positive integer'):
        d2l.load_array((d2lmini.gaussian_2d(10),), batch_size)


@pytest.mark.parametrize('data, message', [
    (np.zeros((16, 3)), r'shape \(3,\), but net_G makes \(2,\)'),
    (np.full((16, 2), np.nan), 'NaN'),
])
def test_train_rejects_bad_data(d2l, data, message):
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    with pytest.raises(ValueError, match=message):
        data_iter = d2l.load_array((data,), BATCH)
        d2l.train(net_D, net_G, data_iter, 1, 0.05, 0.005, LATENT_DIM)


@pytest.mark.parametrize('kwargs, message', [
    (dict(num_epochs=0), 'num_epochs'), (dict(lr_D=-0.1), 'lr_D'),
    (dict(lr_G=0), 'lr_G'), (dict(latent_dim=1.5), 'latent_dim'),
    (dict(beta1=1.0), 'beta1'), (dict(real_label=0.0), 'real_label'),
    (dict(k=0), 'k must'), (dict(ema_decay=1.0), 'ema_decay')])
def test_train_rejects_bad_settings(d2l, kwargs, message):
    net_G, net_D = d2l.LinearGenerator(LATENT_DIM), d2l.SmallDiscriminator()
    data = d2lmini.gaussian_2d(16)
    args = dict(num_epochs=1, lr_D=0.05, lr_G=0.005, latent_dim=LATENT_DIM)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        d2l.train(net_D, net_G, d2l.load_array((data,), BATCH), **args)


def test_load_array_rejects_a_batch_larger_than_the_data(d2l):
    with pytest.raises(ValueError, match='larger than the number of examples'):
        d2l.load_array((d2lmini.gaussian_2d(4),), BATCH)


def public_api(module):
    """(name, signature) of the public functions and classes defined in `module`, in order."""
    items = []
    for name, obj in vars(module).items():
        if name.startswith('_') or getattr(obj, '__module__', None) != module.__name__:
            continue
        if inspect.isfunction(obj):
            items.append((name, str(inspect.signature(obj))))
        elif inspect.isclass(obj):
            # A class without its own __init__ inherits the framework's, whose
            # signature differs between frameworks for reasons of their own
            own = '__init__' in vars(obj)
            items.append((name, str(inspect.signature(obj)) if own else '(inherited)'))
    return items


def test_same_public_api_in_the_three_modules():
    full = {fw: public_api(framework_module(fw)) for fw in FRAMEWORKS}
    for fw, only in FRAMEWORK_ONLY.items():  # the exceptions must exist
        assert set(only) <= {n for n, _ in full[fw]}
    apis = [[(n, sig) for n, sig in full[fw] if n not in FRAMEWORK_ONLY.get(fw, [])]
            for fw in FRAMEWORKS]
    for name, api in zip(FRAMEWORKS[1:], apis[1:]):
        assert api == apis[0], f'{name} differs from {FRAMEWORKS[0]}'
    names = [n for n, _ in apis[0]]
    chapter_api = ['try_gpu', 'load_array', 'LinearGenerator', 'SmallDiscriminator',
                   'init_normal', 'update_D', 'update_G', 'generate', 'update_ema',
                   'GradientProbe', 'diagnose', 'train']
    assert [n for n in names if n in chapter_api] == chapter_api

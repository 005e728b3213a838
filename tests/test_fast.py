"""The fast training functions of "Making GAN training fast", in every framework.

Like the tests of the plain loop (`test_frameworks.py`): minibatches, the history schema,
seeding, the options (k, ema_decay, real_label, monitor) and bad input. And parity tests in
the spirit of minGPT's test against the Hugging Face weights: from the same weights, the same
minibatch and the same noise, a step of the fast functions gives the same weights as a step
of `update_D` and `update_G`. Where the fast path changes the arithmetic (the DCGAN's
spectral norm is refined by fewer power iterations per step), the test checks what should
still hold.
"""
import inspect
import os

import numpy as np
import pytest

import d2lmini
from framework_support import FrameworkOps

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

BATCH, LATENT_DIM, NUM_POINTS = 8, 2, 200
LR_D, LR_G, BETA1 = 0.05, 0.005, 0.5  # the 2-D chapter's
PARITY_STEPS = 3
# The order of the additions differs (one pass of 2m points against two of m), which changes
# the rounding of single precision; nothing else may differ
PARITY_TOLERANCE = 1e-5
# With spectral norm the fast step differs a little (see the test). Measured over 3 steps in
# the three frameworks: the losses by up to 2.4%, the weights by up to 9.4% of how far they
# moved; twice that is allowed
SPECTRAL_NORM_LOSS_RTOL, SPECTRAL_NORM_WEIGHTS_RTOL = 0.05, 0.2
IMAGE_LR = 1e-2  # gradient descent's learning rate in the image GANs' parity tests


class Adapter(FrameworkOps):
    """FrameworkOps plus the optimizers, copies and weights these tests need."""

    def loss(self):
        if self.name == 'pytorch':
            import torch
            return torch.nn.BCEWithLogitsLoss()
        if self.name == 'tensorflow':
            import keras
            return keras.losses.BinaryCrossentropy(from_logits=True)
        from mxnet import gluon
        return gluon.loss.SigmoidBCELoss()

    def adam(self, net, lr):
        """Adam as `train` makes it (PyTorch's `train_fast` fuses it: see the tests)."""
        if self.name == 'pytorch':
            import torch
            return torch.optim.Adam(net.parameters(), lr=lr, betas=(BETA1, 0.999))
        if self.name == 'tensorflow':
            import keras
            return keras.optimizers.Adam(lr, beta_1=BETA1, epsilon=1e-8)
        from mxnet import gluon
        return gluon.Trainer(net.collect_params(), 'adam',
                             {'learning_rate': lr, 'beta1': BETA1})


    def weights(self, net):
        """The trainable weights of `net`, flattened into one NumPy vector."""
        if self.name == 'pytorch':
            return np.concatenate([p.detach().numpy().ravel() for p in net.parameters()])
        if self.name == 'tensorflow':
            return np.concatenate([v.numpy().ravel() for v in net.trainable_variables])
        return np.concatenate([p.data().asnumpy().ravel()
                               for p in net.collect_params().values()
                               if p.grad_req != 'null'])

    def compiled(self, fn):
        """`fn` as `train_fast` runs it: TensorFlow traces it into a graph."""
        if self.name == 'tensorflow':
            import tensorflow as tf
            return tf.function(fn)
        return fn

    def hybridize(self, loss_D, loss_G):
        """MXNet: compile as `train_fast` does, each whole loss unless a network runs
        Python in its own `forward` (then each network); others: nothing to do."""
        if self.name == 'mxnet':
            from mxnet.gluon import nn
            nets = (loss_D.net_D, loss_D.net_G)
            whole = all(type(net).forward is nn.HybridBlock.forward for net in nets)
            for block in (loss_D, loss_G) if whole else nets:
                block.hybridize(static_alloc=True, static_shape=True)


@pytest.fixture(params=list(d2lmini.FRAMEWORKS), scope='module')
def fw(request):
    try:
        return Adapter(request.param)
    except ImportError as err:
        pytest.skip(str(err))


def new_nets(fw, seed=0):
    d2lmini.seed_everything(seed)
    net_G, net_D = fw.d2l.LinearGenerator(LATENT_DIM), fw.d2l.SmallDiscriminator()
    fw.d2l.init_normal(net_G, 0.02)
    fw.d2l.init_normal(net_D, 0.02)
    return net_G, net_D


def fast_run(fw, seed=0, num_epochs=2, **options):
    net_G, net_D = new_nets(fw, seed)
    data = d2lmini.gaussian_2d(NUM_POINTS)
    history = fw.d2l.train_fast(net_D, net_G, fw.d2l.load_array_fast((data,), BATCH),
                                num_epochs, LR_D, LR_G, LATENT_DIM, **options)
    return history, net_G


# Minibatches

def test_load_array_fast_keeps_the_order_when_not_training(fw):
    data = d2lmini.gaussian_2d(20)
    batches = [b[0] for b in fw.d2l.load_array_fast((data,), 8, is_train=False)]
    assert [tuple(b.shape) for b in batches] == [(8, 2), (8, 2), (4, 2)]
    np.testing.assert_allclose(np.concatenate([fw.numpy(b) for b in batches]), data)


def test_load_array_fast_shuffles_and_drops_the_incomplete_batch_in_training(fw):
    d2lmini.seed_everything(0)
    data = d2lmini.gaussian_2d(20)
    data_iter = fw.d2l.load_array_fast((data,), 8)
    passes = [np.concatenate([fw.numpy(b[0]) for b in data_iter]) for _ in range(2)]
    for rows in passes:
        assert rows.shape == (16, 2)  # 2 full minibatches; the last 4 points wait
        matches = [np.flatnonzero(np.all(np.isclose(data, row), axis=1)) for row in rows]
        assert all(len(m) == 1 for m in matches)
        assert len({int(m[0]) for m in matches}) == 16  # no point twice
    assert not np.array_equal(passes[0], passes[1])  # a new order at every pass
    (whole,) = data_iter.epoch()  # what TensorFlow's `train_fast` compiles from
    assert sorted(map(tuple, fw.numpy(whole).round(5))) == sorted(map(tuple, data.round(5)))


@pytest.mark.parametrize('batch_size', [0, -8, 2.5, None, 21])
def test_load_array_fast_rejects_a_bad_batch_size(fw, batch_size):
    with pytest.raises(ValueError, match='batch_size'):
        fw.d2l.load_array_fast((d2lmini.gaussian_2d(20),), batch_size)


def test_load_array_fast_rejects_nan(fw):
    with pytest.raises(ValueError, match='NaN'):
        fw.d2l.load_array_fast((np.full((16, 2), np.nan),), BATCH)


# train_fast: the history, seeding, options

def test_train_fast_returns_train_s_history(fw):
    history, net_G = fast_run(fw)
    net_G_plain, net_D_plain = new_nets(fw)
    data = d2lmini.gaussian_2d(NUM_POINTS)
    plain = fw.d2l.train(net_D_plain, net_G_plain, fw.d2l.load_array((data,), BATCH), 2,
                         LR_D, LR_G, LATENT_DIM)
    assert set(history) == set(plain)  # one schema for every trainer
    assert history['steps'] == plain['steps'] == 2 * (NUM_POINTS // BATCH)
    assert len(history['loss_D']) == len(history['loss_G']) == len(history['seconds']) == 2
    assert all(isinstance(v, float) and np.isfinite(v)
               for v in history['loss_D'] + history['loss_G'])
    assert history['steps_per_s'] > 0 and history['net_G_sample'] is net_G
    assert history['seconds_total'] == pytest.approx(sum(history['seconds']))


def test_train_fast_takes_train_s_arguments(fw):
    """The same parameters, in the same order, with the same defaults: `train_fast` is
    `train` made fast, so a call to one works with the other (beta2 once was missing)."""
    assert (inspect.signature(fw.d2l.train_fast).parameters
            == inspect.signature(fw.d2l.train).parameters)


def test_seeding_makes_two_fast_runs_identical(fw):
    first, net_first = fast_run(fw, seed=3)
    second, net_second = fast_run(fw, seed=3)
    other, _ = fast_run(fw, seed=4)
    assert first['loss_D'] == second['loss_D'] and first['loss_G'] == second['loss_G']
    assert first['loss_D'] != other['loss_D']
    np.testing.assert_array_equal(fw.weights(net_first), fw.weights(net_second))


def test_train_fast_options(fw):
    """k, ema_decay, real_label and a monitor with snapshots, as `train` takes them."""
    monitor = d2lmini.Monitor(2, view=d2lmini.PointsView(d2lmini.gaussian_2d(50)),
                              num_snapshots=2, animate=False)
    history, net_G = fast_run(fw, k=2, ema_decay=0.9, real_label=0.9, monitor=monitor)
    assert history['steps'] == 2 * (NUM_POINTS // BATCH)  # steps of D
    assert history['net_G_sample'] is not net_G  # the average, a copy
    assert not np.array_equal(fw.weights(history['net_G_sample']), fw.weights(net_G))
    assert [epoch for epoch, _ in history['snapshots']] == [1, 2]
    assert all(np.isfinite(history['loss_D'] + history['loss_G']))


def test_train_epoch_fast_steps_G_after_every_kth_D_step(fw):
    """With 5 minibatches and k=2, D steps 5 times and G twice, as in `train`."""
    import types
    net_G, net_D = new_nets(fw)
    loss = fw.loss()
    loss_D = fw.d2l.DiscriminatorLoss(net_D, net_G, loss)
    loss_G = fw.d2l.GeneratorLoss(net_D, net_G, loss)
    trainer_D, trainer_G = fw.adam(net_D, LR_D), fw.adam(net_G, LR_G)
    calls = types.SimpleNamespace(G=0)

    def count_G_steps():
        calls.G += 1
    data = d2lmini.gaussian_2d(5 * BATCH)
    minibatches = fw.d2l.load_array_fast((data,), BATCH)
    noise = lambda n: fw.tensor(np.random.normal(size=(n, LATENT_DIM)))
    if fw.name == 'tensorflow':  # one tensor (batches, b, 2), run eagerly here
        minibatches = fw.tensor(data.reshape(5, BATCH, 2))
    sum_D, sum_G, num_D = fw.d2l.train_epoch_fast(minibatches, noise, loss_D, loss_G,
                                                  trainer_D, trainer_G, k=2,
                                                  update_sample=count_G_steps)
    assert int(num_D) == 5 and calls.G == 2
    assert np.isfinite(float(sum_D)) and np.isfinite(float(sum_G))


@pytest.mark.parametrize('kwargs, message', [
    (dict(num_epochs=0), 'num_epochs'), (dict(lr_D=-0.1), 'lr_D'), (dict(lr_G=0), 'lr_G'),
    (dict(latent_dim=1.5), 'latent_dim'), (dict(beta1=1.0), 'beta1'),
    (dict(real_label=0), 'real_label'), (dict(k=0), 'k'), (dict(ema_decay=1.0), 'ema_decay')])
def test_train_fast_rejects_bad_settings(fw, kwargs, message):
    net_G, net_D = new_nets(fw)
    args = dict(num_epochs=1, lr_D=LR_D, lr_G=LR_G, latent_dim=LATENT_DIM)
    args.update(kwargs)
    data_iter = fw.d2l.load_array_fast((d2lmini.gaussian_2d(16),), BATCH)
    with pytest.raises(ValueError, match=message):
        fw.d2l.train_fast(net_D, net_G, data_iter, **args)


def test_train_fast_and_a_general_data_loader(fw):
    """TensorFlow compiles each epoch from `load_array_fast`'s arrays and says so for
    anything else; PyTorch and MXNet take any minibatches, e.g. `load_array`'s."""
    net_G, net_D = new_nets(fw)
    data_iter = fw.d2l.load_array((d2lmini.gaussian_2d(32),), BATCH)
    if fw.name == 'tensorflow':
        with pytest.raises(ValueError, match='load_array_fast'):
            fw.d2l.train_fast(net_D, net_G, data_iter, 1, LR_D, LR_G, LATENT_DIM)
    else:
        history = fw.d2l.train_fast(net_D, net_G, data_iter, 1, LR_D, LR_G, LATENT_DIM)
        assert history['steps'] == 32 // BATCH


# Parity: the fast step is the plain step

def plain_and_fast_steps(fw, make_nets, X, Z, real_label=1.0, lr_D=LR_D, lr_G=LR_G,
                         optimizer='adam', num_steps=PARITY_STEPS):
    """`num_steps` steps of `update_D`/`update_G` and of the fast functions, each on a pair
    of networks from `make_nets()` (the same weights: it seeds), with `optimizer` ('adam'
    or 'sgd'); return the plain pair, the fast pair, the start's weights and both losses."""
    net_G, net_D = make_nets()
    start = [fw.weights(net_D), fw.weights(net_G)]
    fast_G, fast_D = make_nets()
    loss = fw.loss()
    make = getattr(fw, optimizer)
    trainer_D, trainer_G = make(net_D, lr_D), make(net_G, lr_G)
    loss_D = fw.d2l.DiscriminatorLoss(fast_D, fast_G, loss, real_label)
    loss_G = fw.d2l.GeneratorLoss(fast_D, fast_G, loss)
    fw.hybridize(loss_D, loss_G)
    fast_trainer_D, fast_trainer_G = make(fast_D, lr_D), make(fast_G, lr_G)
    step_D, step_G = fw.compiled(fw.d2l.update_D_fast), fw.compiled(fw.d2l.update_G_fast)
    losses, fast_losses = [], []
    for _ in range(num_steps):
        losses.append((fw.d2l.update_D(X, Z, net_D, net_G, loss, trainer_D, real_label),
                       fw.d2l.update_G(Z, net_D, net_G, loss, trainer_G)))
        fast_losses.append((float(step_D(X, Z, loss_D, fast_trainer_D)),
                            float(step_G(Z, loss_G, fast_trainer_G))))
    pairs = [(net_D, fast_D), (net_G, fast_G)]
    return pairs, start, np.array(losses), np.array(fast_losses)


@pytest.mark.parametrize('real_label', [1.0, 0.9])
def test_fast_step_is_the_plain_step_2d(fw, real_label):
    X = fw.tensor(d2lmini.gaussian_2d(BATCH))
    Z = fw.tensor(np.random.normal(size=(BATCH, LATENT_DIM)))
    pairs, _, losses, fast_losses = plain_and_fast_steps(fw, lambda: new_nets(fw), X, Z,
                                                         real_label)
    np.testing.assert_allclose(fast_losses, losses, atol=PARITY_TOLERANCE)
    for net, fast_net in pairs:
        np.testing.assert_allclose(fw.weights(fast_net), fw.weights(net),
                                   atol=PARITY_TOLERANCE)


IMAGE_LATENT_DIM = 16  # small and unusual, so that a hard-coded 100 would show


def image_nets(fw, generator, discriminator):
    """A function making the two networks, always from the same seed."""
    d2l = fw.d2l
    if not hasattr(d2l, generator):
        pytest.skip(f'no {generator} in d2lmini yet')

    def make_nets():
        d2lmini.seed_everything(0)
        return getattr(d2l, generator)(IMAGE_LATENT_DIM), getattr(d2l, discriminator)()
    return make_nets


def images_and_noise(fw, n, latent_dim):
    images = d2lmini.load_mnist('train')[0][:n].reshape(-1, *fw.d2l.IMAGE_SHAPE)
    return fw.tensor(images), fw.tensor(np.random.normal(size=(n, latent_dim)))


def test_fast_step_is_the_plain_step_mlp_gan(fw):
    """The MLP GAN's G has batch normalization, which `DiscriminatorLoss` runs as
    `update_D` does (in training mode, under no gradient); D has none, so the one pass
    computes the same loss."""
    make_nets = image_nets(fw, 'MLPGenerator', 'MLPDiscriminator')
    X, Z = images_and_noise(fw, 16, IMAGE_LATENT_DIM)
    pairs, _, losses, fast_losses = plain_and_fast_steps(
        fw, make_nets, X, Z, real_label=0.9, lr_D=IMAGE_LR, lr_G=IMAGE_LR, optimizer='sgd')
    np.testing.assert_allclose(fast_losses, losses, rtol=PARITY_TOLERANCE)
    for net, fast_net in pairs:
        np.testing.assert_allclose(fw.weights(fast_net), fw.weights(net),
                                   atol=PARITY_TOLERANCE)


def test_fast_step_with_spectral_norm_stays_close_to_the_plain_step(fw):
    """The DCGAN's D refines its spectral-norm estimate at every forward pass in
    training: three per plain step, two per fast one. So the arithmetic differs a little;
    what must hold is that the losses agree closely and that the weights move the same way:
    the two runs differ by a small fraction of how far the weights moved."""
    make_nets = image_nets(fw, 'DCGANGenerator', 'DCGANDiscriminator')
    X, Z = images_and_noise(fw, 16, IMAGE_LATENT_DIM)
    pairs, start, losses, fast_losses = plain_and_fast_steps(
        fw, make_nets, X, Z, real_label=0.9, lr_D=IMAGE_LR, lr_G=IMAGE_LR, optimizer='sgd')
    print('losses, plain and fast:', losses.round(4).tolist(), fast_losses.round(4).tolist())
    np.testing.assert_allclose(fast_losses, losses, rtol=SPECTRAL_NORM_LOSS_RTOL)
    for (net, fast_net), start in zip(pairs, start):
        moved = np.linalg.norm(fw.weights(net) - start)
        apart = np.linalg.norm(fw.weights(fast_net) - fw.weights(net))
        print(f'moved {moved:.3g}, apart {apart:.3g}')
        assert apart < SPECTRAL_NORM_WEIGHTS_RTOL * moved


def test_fused_adam_is_adam():
    """PyTorch's `train_fast` fuses Adam into one kernel: the same update, to rounding."""
    torch = pytest.importorskip('torch')
    weights = [torch.randn(5, 3, requires_grad=True), torch.randn(3, requires_grad=True)]
    fused = [w.detach().clone().requires_grad_() for w in weights]
    optimizers = [torch.optim.Adam(weights, lr=LR_D, betas=(BETA1, 0.999)),
                  torch.optim.Adam(fused, lr=LR_D, betas=(BETA1, 0.999), fused=True)]
    for _ in range(PARITY_STEPS):
        for params, optimizer in zip([weights, fused], optimizers):
            optimizer.zero_grad()
            sum((p ** 2).sum() for p in params).backward()
            optimizer.step()
    for w, f in zip(weights, fused):
        np.testing.assert_allclose(f.detach().numpy(), w.detach().numpy(),
                                   atol=PARITY_TOLERANCE)

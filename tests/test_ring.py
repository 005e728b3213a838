"""Unit tests of the chapter "When GANs fail": the ring networks, the minibatch standard
deviation on known inputs, one training step with real and fake points through D separately,
a short run of the book's `train` on ring data, sampling, clear errors for bad input, and the
`ring` command line. Every test runs in each framework in seconds.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import d2lmini
from framework_support import FrameworkOps

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

LATENT_DIM = 5    # small and unusual, so that a hard-coded 16 would show
NUM_HIDDENS = 12
BATCH = 8
SNAPSHOT_SIZE = 30  # generated points per snapshot in the short runs
FRAMEWORKS = list(d2lmini.FRAMEWORKS)


class Ops(FrameworkOps):
    """FrameworkOps plus what these tests need."""

    def spread_and_grad(self, H):
        """MinibatchStd's output for H, and the gradient of its spread column wrt H."""
        layer = self.d2l.MinibatchStd()
        X = self.tensor(H)
        if self.name == 'pytorch':
            X.requires_grad_(True)
            out = layer(X)
            out[:, -1].sum().backward()
            return self.numpy(out), self.numpy(X.grad)
        if self.name == 'tensorflow':
            import tensorflow as tf
            with tf.GradientTape() as tape:
                tape.watch(X)
                out = layer(X)
                total = tf.reduce_sum(out[:, -1])
            return self.numpy(out), self.numpy(tape.gradient(total, X))
        from mxnet import autograd
        X.attach_grad()
        with autograd.record():
            out = layer(X)
            total = out[:, -1].sum()
        total.backward()
        return self.numpy(out), self.numpy(X.grad)

    def weights(self, net):
        if self.name == 'pytorch':
            return [p.detach().cpu().numpy().copy() for p in net.parameters()]
        if self.name == 'tensorflow':
            return [v.numpy().copy() for v in net.trainable_variables]
        return [p.data().asnumpy().copy() for p in net.collect_params().values()]

    def logits(self, net, X):
        """`net`'s output for the NumPy array `X`, as a NumPy array."""
        return self.numpy(net(self.tensor(X)))

    def loss_and_trainers(self, net_D, net_G, lr=1e-3):
        if self.name == 'pytorch':
            import torch
            return (torch.nn.BCEWithLogitsLoss(),
                    torch.optim.Adam(net_D.parameters(), lr=lr),
                    torch.optim.Adam(net_G.parameters(), lr=lr))
        if self.name == 'tensorflow':
            import keras
            return (keras.losses.BinaryCrossentropy(from_logits=True),
                    keras.optimizers.Adam(lr), keras.optimizers.Adam(lr))
        from mxnet import gluon
        return (gluon.loss.SigmoidBinaryCrossEntropyLoss(),
                gluon.Trainer(net_D.collect_params(), 'adam', {'learning_rate': lr}),
                gluon.Trainer(net_G.collect_params(), 'adam', {'learning_rate': lr}))


@pytest.fixture(params=FRAMEWORKS)
def ops(request):
    try:
        return Ops(request.param)
    except ImportError as err:
        pytest.skip(str(err))


def test_network_shapes(ops):
    d2l = ops.d2l
    net_G = d2l.RingGenerator(LATENT_DIM, NUM_HIDDENS)
    fake_X = net_G(ops.tensor(np.random.normal(size=(BATCH, LATENT_DIM))))
    assert ops.numpy(fake_X).shape == (BATCH, 2)
    for minibatch_std in (False, True):
        net_D = d2l.RingDiscriminator(NUM_HIDDENS, minibatch_std)
        assert ops.numpy(net_D(fake_X)).shape == (BATCH, 1)


def test_minibatch_std_on_known_input(ops):
    # Two features over a batch of 4: standard deviations 1 and 3, so the spread is 2
    H = np.array([[1, 0], [1, 6], [-1, 0], [-1, 6]], dtype=np.float32)
    out, grad = ops.spread_and_grad(H)
    assert out.shape == (4, 3)
    np.testing.assert_allclose(out[:, :2], H)               # features pass unchanged
    np.testing.assert_allclose(out[:, 2], 2.0, rtol=1e-5)   # every example sees the spread
    assert np.all(np.isfinite(grad)) and np.abs(grad).sum() > 0


def test_minibatch_std_of_a_collapsed_batch_is_small_and_differentiable(ops):
    H = np.ones((6, 3), dtype=np.float32)  # every example identical: spread 0
    out, grad = ops.spread_and_grad(H)
    assert np.all(np.abs(out[:, -1]) < 1e-3)
    assert np.all(np.isfinite(grad)), 'the epsilon must keep the gradient finite'


def test_minibatch_std_tells_spread_from_clump(ops):
    ring = d2lmini.ring_of_gaussians(256)
    clump = ring[:1] + np.random.normal(0, 0.01, size=(256, 2)).astype(np.float32)
    spread_ring = ops.spread_and_grad(ring)[0][0, -1]
    spread_clump = ops.spread_and_grad(clump)[0][0, -1]
    assert spread_ring > 1.3 and spread_clump < 0.02  # sqrt(2) for the ring's coordinates


def bce_with_logits(logits, label):
    """Mean binary cross-entropy of `logits` against one `label`, in NumPy."""
    logits = np.asarray(logits, dtype=np.float64)
    return float(np.mean(np.logaddexp(0, logits) - label * logits))


def test_update_D_passes_real_and_fake_separately(ops):
    """The minibatch standard deviation must describe real points only or fake points only:
    `update_D`'s loss is that of two passes through D, not of one pass over both."""
    d2l = ops.d2l
    net_G = d2l.RingGenerator(LATENT_DIM, NUM_HIDDENS)
    net_D = d2l.RingDiscriminator(NUM_HIDDENS, minibatch_std=True)
    X = d2lmini.ring_of_gaussians(BATCH)
    Z = np.random.normal(size=(BATCH, LATENT_DIM)).astype(np.float32)
    fake_X = ops.logits(net_G, Z)
    two_passes = (bce_with_logits(ops.logits(net_D, X), 1.0)
                  + bce_with_logits(ops.logits(net_D, fake_X), 0.0)) / 2
    both = ops.logits(net_D, np.concatenate([X, fake_X]))
    one_pass = (bce_with_logits(both[:BATCH], 1.0) + bce_with_logits(both[BATCH:], 0.0)) / 2
    assert abs(one_pass - two_passes) > 1e-4, 'the test cannot tell one pass from two'
    loss, trainer_D, _ = ops.loss_and_trainers(net_D, net_G)
    loss_D = d2l.update_D(ops.tensor(X), ops.tensor(Z), net_D, net_G, loss, trainer_D)
    assert isinstance(loss_D, float)
    assert loss_D == pytest.approx(two_passes, rel=1e-4, abs=1e-5)


def test_update_D_and_update_G_change_both_ring_networks(ops):
    d2l = ops.d2l
    net_G = d2l.RingGenerator(LATENT_DIM, NUM_HIDDENS)
    net_D = d2l.RingDiscriminator(NUM_HIDDENS, minibatch_std=True)
    X = ops.tensor(d2lmini.ring_of_gaussians(BATCH))
    Z = ops.tensor(np.random.normal(size=(BATCH, LATENT_DIM)))
    net_D(X)  # make sure every weight exists before copying
    before = ops.weights(net_D), ops.weights(net_G)
    loss, trainer_D, trainer_G = ops.loss_and_trainers(net_D, net_G)
    losses = (d2l.update_D(X, Z, net_D, net_G, loss, trainer_D),
              d2l.update_G(Z, net_D, net_G, loss, trainer_G))
    assert all(isinstance(v, float) and np.isfinite(v) for v in losses)
    after = ops.weights(net_D), ops.weights(net_G)
    for old, new in zip(before, after):
        assert any(not np.allclose(a, b) for a, b in zip(old, new))


def short_run(ops, num_epochs=3, ema_decay=0.9, num_snapshots=3, **kwargs):
    """Train the remedy on 2 minibatches of ring points for `num_epochs` epochs."""
    d2l = ops.d2l
    net_G = d2l.RingGenerator(LATENT_DIM, NUM_HIDDENS)
    net_D = d2l.RingDiscriminator(NUM_HIDDENS, minibatch_std=True)
    data = d2lmini.ring_of_gaussians(2 * BATCH)
    monitor = d2lmini.Monitor(num_epochs, view=d2lmini.PointsView(data, SNAPSHOT_SIZE),
                              num_snapshots=num_snapshots, animate=False)
    args = dict(lr_D=1e-3, lr_G=1e-3, latent_dim=LATENT_DIM)
    args.update(kwargs)
    history = d2l.train(net_D, net_G, d2l.load_array((data,), BATCH), num_epochs,
                        ema_decay=ema_decay, monitor=monitor, **args)
    return net_G, history


def test_train_on_the_ring_history_and_sampling(ops):
    net_G, history = short_run(ops)
    assert history['steps'] == 6 and history['seconds_total'] > 0
    assert len(history['loss_D']) == len(history['loss_G']) == len(history['seconds']) == 3
    assert np.all(np.isfinite(history['loss_D'])) and np.all(np.isfinite(history['loss_G']))
    assert [epoch for epoch, _ in history['snapshots']] == [1, 2, 3]
    for _, points in history['snapshots']:
        assert points.shape == (SNAPSHOT_SIZE, 2)
    samples = ops.d2l.generate(history['net_G_sample'], 50, LATENT_DIM)
    assert isinstance(samples, np.ndarray) and samples.shape == (50, 2)
    # The average lags behind the trained generator: a second network
    assert history['net_G_sample'] is not net_G
    raw = ops.d2l.generate(net_G, 50, LATENT_DIM)
    assert raw.shape == (50, 2)


def test_without_an_average_snapshots_show_the_current_generator(ops):
    net_G, history = short_run(ops, num_epochs=2, ema_decay=None, num_snapshots=1)
    assert history['net_G_sample'] is net_G


@pytest.mark.parametrize('kwargs, message', [
    (dict(num_epochs=0), 'num_epochs'),
    (dict(lr_D=-1.0), 'lr_D'),
    (dict(lr_G='fast'), 'lr_G'),
    (dict(ema_decay=1.0), 'ema_decay'),
    (dict(latent_dim=2.5), 'latent_dim'),
])
def test_bad_arguments_give_clear_errors(ops, kwargs, message):
    with pytest.raises(ValueError, match=message):
        short_run(ops, **kwargs)


@pytest.mark.parametrize('batch_size', [0, 1.5, 3 * BATCH])
def test_bad_batch_size_gives_a_clear_error(ops, batch_size):
    data = d2lmini.ring_of_gaussians(2 * BATCH)
    with pytest.raises(ValueError, match='batch_size'):
        ops.d2l.load_array((data,), batch_size)


def test_chapter_snapshots_are_evenly_spaced():
    assert d2lmini.snapshot_epochs(30, 10) == [3, 6, 9, 12, 15, 18, 21, 24, 27, 30]
    assert d2lmini.snapshot_epochs(2, 4) == [1, 2]  # never more snapshots than epochs


def test_mode_coverage_separates_collapse_from_the_ring():
    """The metric the chapter asserts with: real data pass, a clump fails."""
    modes = d2lmini.ring_modes()
    real = d2lmini.mode_coverage(d2lmini.ring_of_gaussians(2000), modes, 0.02)
    clump = d2lmini.mode_coverage(modes[[3]] + np.random.normal(0, 0.02, (2000, 2)),
                                  modes, 0.02)
    assert real['modes_covered'] == 8 and real['high_quality'] > 0.95
    assert clump['modes_covered'] == 1 and clump['covered_modes'] == [3]
    assert d2lmini.THRESHOLDS['ring']  # the chapter's checks exist


@pytest.mark.slow
@pytest.mark.parametrize('framework', FRAMEWORKS)
def test_command_line_reports_both_runs(framework):
    result = subprocess.run(
        [sys.executable, '-m', 'd2lmini', 'run', 'ring', '--framework', framework,
         '--seed', '1', '--epochs', '1', '--json'],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, 'TF_CPP_MIN_LOG_LEVEL': '2'})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report['experiment'] == 'ring' and report['framework'] == framework
    # One epoch of 100 minibatches of the chapter's 25,600 points, for each of the two GANs
    assert report['steps'] == 200
    for key in ('vanilla_modes_covered', 'remedy_modes_covered'):
        assert 0 <= report[key] <= report['num_modes'] == 8
    for key in ('vanilla_high_quality', 'remedy_high_quality'):
        assert 0.0 <= report[key] <= 1.0


def test_command_line_rejects_samples_for_the_ring():
    result = subprocess.run(
        [sys.executable, '-m', 'd2lmini', 'run', 'ring', '--framework', 'pytorch',
         '--samples', 'out.npy'], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and 'only for image experiments' in result.stderr

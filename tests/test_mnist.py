"""Unit tests of the MNIST GANs of the chapters "An MLP GAN on MNIST" and "DCGAN on MNIST",
trained with the 2-D chapter's plain loop: network shapes, one step of each player, sampling,
the history of `train`, the weight average, spectral normalization under `update_D`'s two
passes, and clear errors for bad input. Every test runs in each framework and takes seconds.
"""
import os

import numpy as np
import pytest

import d2lmini
from framework_support import FrameworkOps

os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

LATENT_DIM = 16   # small and unusual, so that a hard-coded 100 would show
BATCH = 8
MODELS = [('MLPGenerator', 'MLPDiscriminator'), ('DCGANGenerator', 'DCGANDiscriminator')]


class Adapter(FrameworkOps):
    """FrameworkOps plus what these tests need."""

    def noise(self, n, dim=LATENT_DIM):
        return self.tensor(np.random.normal(size=(n, dim)))

    def images(self, array):
        """(N, 28, 28) NumPy images in the framework's layout."""
        return self.tensor(np.asarray(array).reshape(-1, *self.d2l.IMAGE_SHAPE))

    def forward(self, net, X):
        """Forward pass in training mode (batch norm uses the batch's statistics)."""
        if self.name == 'pytorch':
            net.train()
            return net(X)
        if self.name == 'tensorflow':
            return net(X, training=True)
        from mxnet import autograd
        with autograd.train_mode():
            return net(X)

    def weights(self, net):
        """The trainable weights of `net`, as NumPy arrays, in a fixed order."""
        if self.name == 'pytorch':
            return [p.detach().cpu().numpy().copy() for p in net.parameters()]
        if self.name == 'tensorflow':
            return [v.numpy() for v in net.trainable_variables]
        return [p.data().asnumpy() for p in net.collect_params().values()
                if p.grad_req != 'null']


    def clone_discriminator(self, net_D):
        """A second DCGANDiscriminator with the same weights and power-iteration state."""
        if self.name == 'pytorch':
            import copy
            return copy.deepcopy(net_D)
        clone = self.d2l.DCGANDiscriminator()
        if self.name == 'tensorflow':
            clone.set_weights(net_D.get_weights())  # u and v included
            return clone
        for p_clone, p in zip(clone.collect_params().values(),
                              net_D.collect_params().values()):
            p_clone.set_data(p.data().copy())
        return clone

    def pass_gradients(self, net_D, X, label, loss):
        """Gradients of loss(D(X), label) / 2, computed right after this one pass."""
        if self.name == 'pytorch':
            import torch
            net_D.zero_grad()
            Y = net_D(X)
            (loss(Y, torch.full_like(Y, label)) / 2).backward()
            return [p.grad.numpy().copy() for p in net_D.parameters()]
        if self.name == 'tensorflow':
            import tensorflow as tf
            with tf.GradientTape() as tape:
                Y = net_D(X, training=True)
                value = loss(tf.fill(tf.shape(Y), label), Y) / 2
            return [g.numpy() for g in tape.gradient(value, net_D.trainable_variables)]
        from mxnet import autograd, np as mnp
        with autograd.record():
            Y = net_D(X)
            value = loss(Y, mnp.full_like(Y, label)).mean() / 2
        value.backward()
        return [p.grad().asnumpy() for p in net_D.collect_params().values()
                if p.grad_req != 'null']

    def update_D(self):
        """`update_D` as `train` calls it (TensorFlow traces it into a graph)."""
        if self.name == 'tensorflow':
            import tensorflow as tf
            return tf.function(self.d2l.update_D)
        return self.d2l.update_D

    def loss_and_trainers(self, net_D, net_G, lr):
        if self.name == 'pytorch':
            import torch
            return (torch.nn.BCEWithLogitsLoss(),
                    torch.optim.Adam(net_D.parameters(), lr=lr, betas=(0.5, 0.999)),
                    torch.optim.Adam(net_G.parameters(), lr=lr, betas=(0.5, 0.999)))
        if self.name == 'tensorflow':
            import keras
            return (keras.losses.BinaryCrossentropy(from_logits=True),
                    keras.optimizers.Adam(lr, beta_1=0.5),
                    keras.optimizers.Adam(lr, beta_1=0.5))
        from mxnet import gluon
        return (gluon.loss.SigmoidBinaryCrossEntropyLoss(),
                gluon.Trainer(net_D.collect_params(), 'adam',
                              {'learning_rate': lr, 'beta1': 0.5}),
                gluon.Trainer(net_G.collect_params(), 'adam',
                              {'learning_rate': lr, 'beta1': 0.5}))


@pytest.fixture(params=list(d2lmini.FRAMEWORKS), scope='module')
def fw(request):
    try:
        return Adapter(request.param)
    except ImportError as err:
        pytest.skip(str(err))


def real_images(n):
    return d2lmini.load_mnist('train')[0][:n]


def models(fw, generator, discriminator):
    if not hasattr(fw.d2l, generator):
        pytest.skip(f'd2lmini.{fw.d2l.__name__.split(".")[-1]} defines no {generator} yet')
    return getattr(fw.d2l, generator)(latent_dim=LATENT_DIM), getattr(fw.d2l, discriminator)()


def bce(logits, labels):
    """Mean binary cross-entropy of logits, in NumPy."""
    logits = logits.astype(np.float64).ravel()
    return float(np.mean(np.maximum(logits, 0) - logits * labels
                         + np.log1p(np.exp(-np.abs(logits)))))


@pytest.mark.parametrize('generator, discriminator', MODELS)
def test_shapes_and_ranges(fw, generator, discriminator):
    net_G, net_D = models(fw, generator, discriminator)
    fake_X = fw.forward(net_G, fw.noise(BATCH))
    assert tuple(fake_X.shape) == (BATCH, *fw.d2l.IMAGE_SHAPE)
    values = fw.numpy(fake_X)
    assert values.min() >= -1 and values.max() <= 1, 'G must end with tanh'
    assert tuple(fw.forward(net_D, fake_X).shape) == (BATCH, 1)
    assert tuple(fw.forward(net_D, fw.images(real_images(BATCH))).shape) == (BATCH, 1)


@pytest.mark.parametrize('generator, discriminator', MODELS)
def test_one_step_of_each_player(fw, generator, discriminator):
    net_G, net_D = models(fw, generator, discriminator)
    d2lmini.seed_everything(0)
    X, Z = fw.images(real_images(32)), fw.noise(32)
    fake_X = fw.tensor(fw.numpy(fw.forward(net_G, Z)))  # these fakes, frozen
    labels = np.r_[np.ones(32), np.zeros(32)]

    def loss_D():
        logits = np.concatenate([fw.numpy(fw.forward(net_D, X)),
                                 fw.numpy(fw.forward(net_D, fake_X))])
        return bce(logits, labels)

    before = loss_D()
    loss, trainer_D, trainer_G = fw.loss_and_trainers(net_D, net_G, lr=1e-3)
    loss_D_step = fw.d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
    loss_G_step = fw.d2l.update_G(Z, net_D, net_G, loss, trainer_G)
    assert isinstance(loss_D_step, float) and isinstance(loss_G_step, float)
    if generator == 'MLPGenerator':  # (spectral norm's power iteration moves D a little)
        assert abs(loss_D_step - before) < 1e-3, 'update_D reports D loss before the ' \
            'step, the mean over the real and the fake images'
    assert np.isfinite(loss_G_step)
    assert loss_D() < before - 1e-3, 'one step of D must lower its loss on the same batch'


def test_spectral_norm_gradient_with_two_passes(fw):
    """`update_D` passes real, then fake images through D before one backward pass, and each
    pass of an SNConv2D runs a power iteration that updates u and v. The gradient must still
    be the one of each pass with its own u and v: equal to the sum of the two halves'
    gradients, each computed right after its pass (the u and v of the first pass differ
    from the second's: one iteration from a random start has not converged)."""
    net_G, net_D = models(fw, *MODELS[1])
    d2lmini.seed_everything(0)
    X, Z = fw.images(real_images(16)), fw.noise(16)
    reference = fw.clone_discriminator(net_D)
    loss, _, _ = fw.loss_and_trainers(net_D, net_G, lr=1e-3)
    before = fw.weights(net_D)
    real_label = 0.9
    fw.update_D()(X, Z, net_D, net_G, loss, fw.sgd(net_D, lr=1.0), real_label)
    step = [b - a for b, a in zip(before, fw.weights(net_D))]  # = the gradient (SGD, lr 1)
    fake_X = fw.tensor(fw.numpy(fw.forward(net_G, Z)))  # the fakes `update_D` made
    expected = [real + fake for real, fake in zip(
        fw.pass_gradients(reference, X, real_label, loss),
        fw.pass_gradients(reference, fake_X, 0.0, loss))]
    assert len(step) == len(expected) == 6  # three kernels and three biases
    for got, want in zip(step, expected):
        np.testing.assert_allclose(got, want, rtol=1e-3, atol=1e-5 * np.abs(want).max(),
                                   err_msg='the gradient of update_D does not use each '
                                           "pass's own u and v")


def test_generate(fw):
    net_G, _ = models(fw, *MODELS[0])
    samples = fw.d2l.generate(net_G, 70, LATENT_DIM)  # not a multiple of a minibatch
    assert isinstance(samples, np.ndarray) and samples.shape == (70, *fw.d2l.IMAGE_SHAPE)
    images = d2lmini.as_images(samples)
    assert images.shape == (70, 28, 28) and 0 <= images.min() <= images.max() <= 1


def train_briefly(fw, ema_decay, num_epochs=2):
    d2lmini.seed_everything(0)
    net_G, net_D = models(fw, *MODELS[0])
    images = d2lmini.check_images(real_images(256))
    data_iter = fw.d2l.load_array((images.reshape(-1, *fw.d2l.IMAGE_SHAPE),), 64)
    monitor = d2lmini.Monitor(num_epochs, view=d2lmini.ImagesView(), num_snapshots=2,
                              animate=False)
    history = fw.d2l.train(net_D, net_G, data_iter, num_epochs, 1e-3, 1e-3, LATENT_DIM,
                           ema_decay=ema_decay, monitor=monitor)
    return net_G, history


def test_train_history(fw):
    net_G, history = train_briefly(fw, ema_decay=None)
    assert len(history['loss_D']) == len(history['loss_G']) == len(history['seconds']) == 2
    assert all(np.isfinite(history['loss_D'] + history['loss_G']))
    assert history['steps'] == 2 * (256 // 64)
    assert history['seconds_total'] > 0 and history['steps_per_s'] > 0
    assert [epoch for epoch, _ in history['snapshots']] == [1, 2]
    for _, samples in history['snapshots']:
        assert samples.shape == (16, *fw.d2l.IMAGE_SHAPE)
        images = d2lmini.as_images(samples)
        assert images.shape == (16, 28, 28) and 0 <= images.min() <= images.max() <= 1
    assert history['net_G_sample'] is net_G


def test_weight_average(fw):
    Z = fw.noise(64)
    net_G, history = train_briefly(fw, ema_decay=0.9)
    averaged = fw.numpy(fw.forward(history['net_G_sample'], Z))
    assert history['net_G_sample'] is not net_G
    assert np.abs(averaged - fw.numpy(fw.forward(net_G, Z))).max() > 1e-3, \
        'after training the average must differ from G'
    net_G, history = train_briefly(fw, ema_decay=0.0)
    averaged = fw.numpy(fw.forward(history['net_G_sample'], Z))
    np.testing.assert_allclose(averaged, fw.numpy(fw.forward(net_G, Z)), atol=1e-5,
                               err_msg='with decay 0 the average is G itself')


@pytest.mark.parametrize('change, message', [
    (dict(images=lambda X: X * 127.5 + 127.5), '[-1, 1]'),   # pixel values 0..255
    (dict(images=lambda X: (X + 1) / 2), '[-1, 1]'),         # [0, 1]
    (dict(images=lambda X: X.reshape(len(X), -1)), 'shape'),  # flat vectors
    (dict(batch_size=1000), 'larger than the number of'),
    (dict(num_epochs=0), 'num_epochs'),
    (dict(ema_decay=1.0), 'ema_decay'),
    (dict(real_label=0.0), 'real_label'),
    (dict(lr_D=-1.0), 'lr_D'),
    (dict(lr_G=-1.0), 'lr_G'),
])
def test_bad_input_gets_a_clear_error(fw, change, message):
    """The chapters' path (check the images, load them, train) stops with a ValueError that
    names the problem, before any training."""
    net_G, net_D = models(fw, *MODELS[0])
    args = dict(images=real_images(128), num_epochs=1, batch_size=64, lr_D=1e-3,
                lr_G=1e-3, real_label=1.0, ema_decay=None)
    if 'images' in change:
        change = dict(images=change['images'](args['images']))
    args.update(change)
    with pytest.raises(ValueError, match=message.replace('[', r'\[').replace(']', r'\]')):
        images = d2lmini.check_images(args['images'])
        data_iter = fw.d2l.load_array((images.reshape(-1, *fw.d2l.IMAGE_SHAPE),),
                                      args['batch_size'])
        fw.d2l.train(net_D, net_G, data_iter, args['num_epochs'], args['lr_D'],
                     args['lr_G'], LATENT_DIM, real_label=args['real_label'],
                     ema_decay=args['ema_decay'])


def test_snapshot_epochs_and_tiles():
    from d2lmini.training import snapshot_epochs, tile_images
    assert snapshot_epochs(80, 4) == [20, 40, 60, 80]
    assert snapshot_epochs(2, 4) == [1, 2]  # never more snapshots than epochs
    images = np.arange(4 * 2 * 3, dtype=np.float32).reshape(4, 2, 3)
    tiled = tile_images(images, 2, 2)
    assert tiled.shape == (4, 6)
    np.testing.assert_array_equal(tiled[2:, 3:], images[3])  # row 1, column 1
    assert tile_images(images[:3], 2, 2)[2:, 3:].max() == 0  # a missing image stays black

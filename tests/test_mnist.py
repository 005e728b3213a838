"""Unit tests of the MNIST GAN machinery shared by the chapters "An MLP GAN on MNIST" and
"DCGAN on MNIST": network shapes, one training step, sampling, the weight average, and clear
errors for bad input. Every test runs in each framework and takes seconds.
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
def test_one_step_lowers_the_discriminator_loss(fw, generator, discriminator):
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
    loss_D_step, loss_G_step = fw.d2l.gan_step(X, Z, net_D, net_G, loss, trainer_D,
                                               trainer_G)
    if generator == 'MLPGenerator':  # (spectral norm's power iteration moves D a little)
        assert abs(float(loss_D_step) - before) < 1e-3, 'gan_step reports D loss before ' \
            'the step, on real and fake images'
    assert np.isfinite(float(loss_G_step))
    assert loss_D() < before - 1e-3, 'one step of D must lower its loss on the same batch'


def test_generate_images(fw):
    net_G, _ = models(fw, *MODELS[0])
    images = fw.d2l.generate_images(net_G, 70, LATENT_DIM)  # not a multiple of the batch
    assert isinstance(images, np.ndarray) and images.shape == (70, 28, 28)
    assert images.min() >= 0 and images.max() <= 1


def train_briefly(fw, ema_decay, num_epochs=2):
    d2lmini.seed_everything(0)
    net_G, net_D = models(fw, *MODELS[0])
    history = fw.d2l.train_gan(net_D, net_G, real_images(256), num_epochs, 64, 1e-3,
                               LATENT_DIM, ema_decay=ema_decay, num_snapshots=2,
                               animate=False)
    return net_G, history


def test_train_gan_history(fw):
    net_G, history = train_briefly(fw, ema_decay=None)
    assert len(history['loss_D']) == len(history['loss_G']) == 2
    assert all(np.isfinite(history['loss_D'] + history['loss_G']))
    assert history['steps'] == 2 * (256 // 64)
    assert history['seconds'] > 0 and history['steps_per_s'] > 0
    assert [epoch for epoch, _ in history['snapshots']] == [1, 2]
    for _, images in history['snapshots']:
        assert images.shape == (16, 28, 28) and 0 <= images.min() <= images.max() <= 1
    assert history['net_G_sample'] is net_G


def test_weight_average(fw):
    Z = fw.noise(64)
    net_G, history = train_briefly(fw, ema_decay=0.9)
    averaged = fw.d2l.images_from_noise(history['net_G_sample'], Z)
    assert history['net_G_sample'] is not net_G
    assert np.abs(averaged - fw.d2l.images_from_noise(net_G, Z)).max() > 1e-3, \
        'after training the average must differ from G'
    net_G, history = train_briefly(fw, ema_decay=0.0)
    averaged = fw.d2l.images_from_noise(history['net_G_sample'], Z)
    np.testing.assert_allclose(averaged, fw.d2l.images_from_noise(net_G, Z), atol=1e-5,
                               err_msg='with decay 0 the average is G itself')


@pytest.mark.parametrize('change, message', [
    (dict(images=lambda X: X * 127.5 + 127.5), '[-1, 1]'),   # pixel values 0..255
    (dict(images=lambda X: (X + 1) / 2), '[-1, 1]'),         # [0, 1]
    (dict(images=lambda X: X.reshape(len(X), -1)), 'shape'),  # flat vectors
    (dict(batch_size=1000), 'larger than the number of images'),
    (dict(num_epochs=0), 'num_epochs'),
    (dict(ema_decay=1.0), 'ema_decay'),
    (dict(real_label=0.0), 'real_label'),
    (dict(lr=-1.0), 'lr'),
])
def test_bad_input_gets_a_clear_error(fw, change, message):
    net_G, net_D = models(fw, *MODELS[0])
    args = dict(images=real_images(128), num_epochs=1, batch_size=64, lr=1e-3,
                latent_dim=LATENT_DIM)
    if 'images' in change:
        change = dict(images=change['images'](args['images']))
    args.update(change)
    with pytest.raises(ValueError, match=message.replace('[', r'\[').replace(']', r'\]')):
        fw.d2l.train_gan(net_D, net_G, animate=False, **args)


def test_snapshot_epochs_and_tiles():
    from d2lmini.training import snapshot_epochs, tile_images
    assert snapshot_epochs(80, 4) == [20, 40, 60, 80]
    assert snapshot_epochs(2, 4) == [1, 2]  # never more snapshots than epochs
    images = np.arange(4 * 2 * 3, dtype=np.float32).reshape(4, 2, 3)
    tiled = tile_images(images, 2, 2)
    assert tiled.shape == (4, 6)
    np.testing.assert_array_equal(tiled[2:, 3:], images[3])  # row 1, column 1
    assert tile_images(images[:3], 2, 2)[2:, 3:].max() == 0  # a missing image stays black

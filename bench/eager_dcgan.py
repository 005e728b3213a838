"""DCGAN training both ways, for `make bench`: d2lmini's compiled path and a d2l-style loop.

    python bench/eager_dcgan.py pytorch [epochs]

`run_fast` is the chapter's own `train_gan` (one compiled step: `tf.function`, hybridized
Gluon blocks, plain PyTorch without a data loader; real and fake images through D in one
pass). `run_eager` trains the same networks with the same hyper-parameters the way *Dive into
Deep Learning* writes its DCGAN: a framework data loader yields each minibatch, and the
chapter-4 functions `update_D` / `update_G` (separate real and fake passes through D, a loss
read back to Python after every step) run eagerly: no `tf.function`, no `hybridize`.
Both return steps, seconds and steps_per_s.
"""
import os
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import d2lmini  # noqa: E402  (before mxnet: the numpy shim)
from d2lmini.configs import DCGAN as CFG  # noqa: E402


def run_fast(framework, seed, num_epochs):
    d2l = d2lmini.import_framework(framework)
    d2lmini.seed_everything(seed)
    images, _ = d2lmini.load_mnist('train')
    net_G, net_D = d2l.DCGANGenerator(CFG['latent_dim']), d2l.DCGANDiscriminator()
    history = d2l.train_gan(net_D, net_G, images, num_epochs, CFG['batch_size'], CFG['lr_D'],
                            CFG['latent_dim'], beta1=CFG['beta1'],
                            real_label=CFG['real_label'], ema_decay=CFG['ema_decay'],
                            animate=False)
    return {k: history[k] for k in ('steps', 'seconds', 'steps_per_s')}


def eager_pytorch(d2l, images, num_epochs):
    import torch
    from torch import nn
    X_all = torch.tensor(images).reshape(-1, 1, 28, 28)
    data_iter = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(X_all),
                                            CFG['batch_size'], shuffle=True, drop_last=True)
    device = d2l.try_gpu()  # as d2l's DCGAN chapter trains: on a GPU when there is one
    net_G = d2l.DCGANGenerator(CFG['latent_dim']).to(device)
    net_D = d2l.DCGANDiscriminator().to(device)
    loss = nn.BCEWithLogitsLoss()
    betas = (CFG['beta1'], 0.999)
    trainer_D = torch.optim.Adam(net_D.parameters(), lr=CFG['lr_D'], betas=betas)
    trainer_G = torch.optim.Adam(net_G.parameters(), lr=CFG['lr_G'], betas=betas)
    steps = 0
    for _ in range(num_epochs):
        for (X,) in data_iter:
            X = X.to(device)
            Z = torch.randn(X.shape[0], CFG['latent_dim'], device=device)
            d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
            d2l.update_G(Z, net_D, net_G, loss, trainer_G)
            steps += 1
    return steps


def eager_tensorflow(d2l, images, num_epochs):
    import tensorflow as tf
    from tensorflow import keras
    X_all = images.reshape(-1, 28, 28, 1)
    data_iter = tf.data.Dataset.from_tensor_slices(X_all).shuffle(len(X_all)).batch(
        CFG['batch_size'], drop_remainder=True)
    net_G, net_D = d2l.DCGANGenerator(CFG['latent_dim']), d2l.DCGANDiscriminator()
    loss = keras.losses.BinaryCrossentropy(from_logits=True)
    trainer_D = keras.optimizers.Adam(CFG['lr_D'], beta_1=CFG['beta1'])
    trainer_G = keras.optimizers.Adam(CFG['lr_G'], beta_1=CFG['beta1'])
    steps = 0
    for _ in range(num_epochs):
        for X in data_iter:
            Z = tf.random.normal((X.shape[0], CFG['latent_dim']))
            d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
            d2l.update_G(Z, net_D, net_G, loss, trainer_G)
            steps += 1
    return steps


def eager_mxnet(d2l, images, num_epochs):
    from mxnet import gluon, np
    X_all = images.reshape(-1, 1, 28, 28)
    data_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(X_all), CFG['batch_size'],
                                      shuffle=True, last_batch='discard')
    # The constructors initialize the weights; nothing is hybridized here
    net_G, net_D = d2l.DCGANGenerator(CFG['latent_dim']), d2l.DCGANDiscriminator()
    loss = gluon.loss.SigmoidBinaryCrossEntropyLoss()
    trainer_D = gluon.Trainer(net_D.collect_params(), 'adam',
                              {'learning_rate': CFG['lr_D'], 'beta1': CFG['beta1']})
    trainer_G = gluon.Trainer(net_G.collect_params(), 'adam',
                              {'learning_rate': CFG['lr_G'], 'beta1': CFG['beta1']})
    ctx = d2l.try_gpu()  # as d2l's DCGAN chapter trains: on a GPU when there is one
    steps = 0
    for _ in range(num_epochs):
        for X in data_iter:  # not hybridized: every operation runs from Python
            X = X.as_np_ndarray() if hasattr(X, 'as_np_ndarray') else X
            X = X.as_in_context(ctx)
            Z = np.random.normal(size=(X.shape[0], CFG['latent_dim']), ctx=ctx)
            d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
            d2l.update_G(Z, net_D, net_G, loss, trainer_G)
            steps += 1
    return steps


def run_eager(framework, seed, num_epochs):
    d2l = d2lmini.import_framework(framework)
    d2lmini.seed_everything(seed)
    images, _ = d2lmini.load_mnist('train')
    loop = {'pytorch': eager_pytorch, 'tensorflow': eager_tensorflow,
            'mxnet': eager_mxnet}[framework]
    tic = time.perf_counter()
    steps = loop(d2l, images, num_epochs)
    seconds = time.perf_counter() - tic
    return {'steps': steps, 'seconds': seconds, 'steps_per_s': steps / seconds}


if __name__ == '__main__':
    framework = sys.argv[1]
    epochs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    print('fast ', run_fast(framework, 0, epochs))
    print('eager', run_eager(framework, 0, epochs))

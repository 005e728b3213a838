"""Eager, d2l-style reference loops for the 2-D Gaussian GAN, to compare d2lmini's with.

    python bench/eager_gaussian.py pytorch [seed]

`run_eager(framework, seed)` trains the chapter's experiment the way *Dive into Deep
Learning* writes it: a framework data loader that assembles every minibatch example by
example (PyTorch `DataLoader(TensorDataset)`, `tf.data`, Gluon `DataLoader`), and eager
update steps (PyTorch autograd, a `GradientTape` per step, Gluon blocks that are not
hybridized under `autograd.record`). The mathematics is the chapter's (same networks,
initialization, mean losses, Adam with beta1 = 0.5, learning rates, 2,500 steps), so the
fit is comparable and only the mechanics differ. Returns the same keys as
`python -m d2lmini run gaussian --json`.
"""
import json
import os
import pathlib
import sys
import time
import warnings

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')

import d2lmini  # noqa: E402  (before mxnet: the numpy shim)
from d2lmini.configs import GAN_2D  # noqa: E402

NUM_FIT_SAMPLES = GAN_2D['num_fit_samples']  # as in the chapter
INIT_SIGMA, BETA1 = 0.02, 0.5  # the chapter's settings


def train_pytorch(data, cfg):
    import torch
    from torch import nn
    d2l = d2lmini.import_framework('pytorch')
    X_all = torch.tensor(data)
    data_iter = torch.utils.data.DataLoader(
        torch.utils.data.TensorDataset(X_all), cfg['batch_size'], shuffle=True)
    net_G = d2l.LinearGenerator(cfg['latent_dim'])
    net_D = d2l.TanhDiscriminator()
    for w in list(net_D.parameters()) + list(net_G.parameters()):
        nn.init.normal_(w, 0, INIT_SIGMA)
    loss = nn.BCEWithLogitsLoss()
    trainer_D = torch.optim.Adam(net_D.parameters(), lr=cfg['lr_D'],
                                 betas=(BETA1, 0.999))
    trainer_G = torch.optim.Adam(net_G.parameters(), lr=cfg['lr_G'],
                                 betas=(BETA1, 0.999))

    def update_D(X, Z):
        ones = torch.ones((X.shape[0], 1))
        zeros = torch.zeros((X.shape[0], 1))
        trainer_D.zero_grad()
        real_Y = net_D(X)
        fake_Y = net_D(net_G(Z).detach())
        loss_D = (loss(real_Y, ones) + loss(fake_Y, zeros)) / 2
        loss_D.backward()
        trainer_D.step()
        return loss_D

    def update_G(Z):
        ones = torch.ones((Z.shape[0], 1))
        trainer_G.zero_grad()
        loss_G = loss(net_D(net_G(Z)), ones)
        loss_G.backward()
        trainer_G.step()
        return loss_G

    # d2l adds the loss tensors to a float accumulator, which PyTorch warns about
    warnings.filterwarnings('ignore', message='Converting a tensor with requires_grad')

    def epoch():
        metric = d2lmini.Accumulator(3)
        for (X,) in data_iter:
            Z = torch.normal(0, 1, size=(X.shape[0], cfg['latent_dim']))
            metric.add(update_D(X, Z), update_G(Z), 1)
        return metric

    def sample(n):
        with torch.no_grad():
            return net_G(torch.normal(0, 1, size=(n, cfg['latent_dim']))).numpy()
    return epoch, sample


def train_tensorflow(data, cfg):
    import tensorflow as tf
    import keras
    d2l = d2lmini.import_framework('tensorflow')
    data_iter = tf.data.Dataset.from_tensor_slices((data,)).shuffle(
        len(data)).batch(cfg['batch_size'])
    net_G = d2l.LinearGenerator(cfg['latent_dim'])
    net_D = d2l.TanhDiscriminator()
    for w in net_D.trainable_variables + net_G.trainable_variables:
        w.assign(tf.random.normal(w.shape, stddev=INIT_SIGMA))
    loss = keras.losses.BinaryCrossentropy(from_logits=True)
    optimizer_D = keras.optimizers.Adam(cfg['lr_D'], beta_1=BETA1, epsilon=1e-8)
    optimizer_G = keras.optimizers.Adam(cfg['lr_G'], beta_1=BETA1, epsilon=1e-8)

    def update_D(X, Z):
        ones = tf.ones((X.shape[0], 1))
        zeros = tf.zeros((X.shape[0], 1))
        fake_X = net_G(Z)
        with tf.GradientTape() as tape:
            real_Y = net_D(X)
            fake_Y = net_D(fake_X)
            loss_D = (loss(ones, real_Y) + loss(zeros, fake_Y)) / 2
        grads = tape.gradient(loss_D, net_D.trainable_variables)
        optimizer_D.apply_gradients(zip(grads, net_D.trainable_variables))
        return loss_D

    def update_G(Z):
        ones = tf.ones((Z.shape[0], 1))
        with tf.GradientTape() as tape:
            loss_G = loss(ones, net_D(net_G(Z)))
        grads = tape.gradient(loss_G, net_G.trainable_variables)
        optimizer_G.apply_gradients(zip(grads, net_G.trainable_variables))
        return loss_G

    def epoch():
        metric = d2lmini.Accumulator(3)
        for (X,) in data_iter:
            Z = tf.random.normal((X.shape[0], cfg['latent_dim']))
            metric.add(update_D(X, Z), update_G(Z), 1)
        return metric

    def sample(n):
        return net_G(tf.random.normal((n, cfg['latent_dim']))).numpy()
    return epoch, sample


def train_mxnet(data, cfg):
    from mxnet import autograd, gluon, init, np
    d2l = d2lmini.import_framework('mxnet')
    data_iter = gluon.data.DataLoader(gluon.data.ArrayDataset(np.array(data)),
                                      cfg['batch_size'], shuffle=True)
    net_G = d2l.LinearGenerator(cfg['latent_dim'])  # not hybridized
    net_D = d2l.TanhDiscriminator()
    for net in (net_D, net_G):
        for param in net.collect_params().values():
            param.initialize(init.Normal(INIT_SIGMA), force_reinit=True)
    loss = gluon.loss.SigmoidBCELoss()
    trainer_D = gluon.Trainer(net_D.collect_params(), 'adam', {
        'learning_rate': cfg['lr_D'], 'beta1': BETA1})
    trainer_G = gluon.Trainer(net_G.collect_params(), 'adam', {
        'learning_rate': cfg['lr_G'], 'beta1': BETA1})

    def update_D(X, Z):
        ones, zeros = np.ones((X.shape[0], 1)), np.zeros((X.shape[0], 1))
        with autograd.record():
            real_Y = net_D(X)
            fake_Y = net_D(net_G(Z).detach())
            loss_D = (loss(real_Y, ones) + loss(fake_Y, zeros)) / 2
        loss_D.backward()
        trainer_D.step(X.shape[0])
        return float(loss_D.mean())

    def update_G(Z):
        ones = np.ones((Z.shape[0], 1))
        with autograd.record():
            loss_G = loss(net_D(net_G(Z)), ones)
        loss_G.backward()
        trainer_G.step(Z.shape[0])
        return float(loss_G.mean())

    def epoch():
        metric = d2lmini.Accumulator(3)
        for X in data_iter:
            Z = np.random.normal(0, 1, size=(X.shape[0], cfg['latent_dim']))
            metric.add(update_D(X, Z), update_G(Z), 1)
        return metric

    def sample(n):
        return net_G(np.random.normal(0, 1, size=(n, cfg['latent_dim']))).asnumpy()
    return epoch, sample


def run_eager(framework, seed=0, num_epochs=None):
    """Train the chapter's experiment with the eager d2l-style loop; return the metrics."""
    cfg = GAN_2D
    num_epochs = cfg['num_epochs'] if num_epochs is None else num_epochs
    d2lmini.import_framework(framework)  # clear error when it is missing
    d2lmini.seed_everything(seed)
    data = d2lmini.gaussian_2d(cfg['num_examples'])
    builders = {'pytorch': train_pytorch, 'tensorflow': train_tensorflow,
                'mxnet': train_mxnet}
    epoch, sample = builders[framework](data, cfg)
    seconds, steps = 0.0, 0
    for _ in range(num_epochs):
        timer = d2lmini.Timer()
        metric = epoch()
        seconds += timer.stop()
        steps += int(metric[2])
    fake_X = sample(NUM_FIT_SAMPLES)
    # As in the chapter: against the training points, and against the true Gaussian
    fit = d2lmini.mean_cov_error(fake_X, data.mean(axis=0), np.cov(data, rowvar=False))
    vs_true = d2lmini.mean_cov_error(fake_X, *d2lmini.gaussian_2d_params())
    # d2l's GAN chapter trains this experiment on the CPU (eager TensorFlow places its
    # operations on a GPU by itself when there is one)
    device = str(d2lmini.import_framework(framework).try_gpu()) \
        if framework == 'tensorflow' else 'cpu'
    return {'framework': framework, 'seed': seed, 'device': device, 'steps': steps,
            'seconds': seconds,
            'steps_per_s': steps / seconds, **fit,
            'mean_err_true': vs_true['mean_err'], 'cov_err_true': vs_true['cov_err'],
            'loss_D': metric[0] / metric[2], 'loss_G': metric[1] / metric[2]}


if __name__ == '__main__':
    print(json.dumps(run_eager(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)))

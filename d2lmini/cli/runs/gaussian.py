"""The GAN on a 2-D Gaussian of the chapter "A GAN on a 2-D Gaussian" on the command line.

    python -m d2lmini run gaussian --framework pytorch --seed 1 [--epochs 20] [--loop plain]

Trains `LinearGenerator` and `SmallDiscriminator` with the chapter's hyper-parameters
(`d2lmini.configs.GAN_2D`), in the chapter's order of random draws, with `train_fast`
(default) or the chapter's `train`, and measures the fit of `num_fit_samples` generated
points: `mean_err` and `cov_err` against the mean and covariance of the `num_examples`
training points (what the generator sees, and what the chapter asserts), and
`mean_err_true`, `cov_err_true` against the true Gaussian.
"""
import numpy as np

from ...configs import GAN_2D
from ...data import gaussian_2d, gaussian_2d_params
from ...metrics import mean_cov_error
from ...training import Monitor
from . import loop_functions

HAS_SAMPLES = False


def run(d2l, seed, num_epochs=None, samples=None, loop='fast', progress=False):
    """Train with the chapter's settings; return steps, timing, fit and last losses.

    `seed` is only reported: the caller has seeded every generator already.
    """
    config = GAN_2D
    num_epochs = config['num_epochs'] if num_epochs is None else num_epochs
    latent_dim = config['latent_dim']
    train, load_array = loop_functions(d2l, loop)
    data = gaussian_2d(config['num_examples'])
    data_iter = load_array((data,), config['batch_size'])
    net_G, net_D = d2l.LinearGenerator(latent_dim), d2l.SmallDiscriminator()
    d2l.init_normal(net_G, config['init_sigma'])
    d2l.init_normal(net_D, config['init_sigma'])
    history = train(net_D, net_G, data_iter, num_epochs, config['lr_D'], config['lr_G'],
                    latent_dim, beta1=config['beta1'],
                    monitor=Monitor(num_epochs, animate=False, progress=progress))
    fake_X = d2l.generate(history['net_G_sample'], config['num_fit_samples'], latent_dim)
    metrics = mean_cov_error(fake_X, data.mean(axis=0), np.cov(data, rowvar=False))
    vs_true = mean_cov_error(fake_X, *gaussian_2d_params())
    return {'steps': history['steps'], 'seconds': history['seconds_total'],
            'steps_per_s': history['steps_per_s'], **metrics,
            'mean_err_true': vs_true['mean_err'], 'cov_err_true': vs_true['cov_err'],
            'loss_D': history['loss_D'][-1], 'loss_G': history['loss_G'][-1]}

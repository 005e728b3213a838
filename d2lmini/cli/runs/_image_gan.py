"""What the two MNIST experiments of the command line share: train, sample, judge."""
import numpy as np

from ...data import check_images, load_mnist
from ...outputs import save_with_fallback
from ...training import Monitor, as_images
from . import loop_functions

NUM_SAMPLES = 1000  # what DigitJudge compares (its FD_SAMPLES)


def train_image_gan(d2l, config, net_G, net_D, num_epochs=None, loop='fast',
                    progress=False):
    """Train `net_G`/`net_D` on the 3,000 training digits with `config`; the history."""
    num_epochs = config['num_epochs'] if num_epochs is None else num_epochs
    train, load_array = loop_functions(d2l, loop)
    images = check_images(load_mnist('train')[0])
    data_iter = load_array((images.reshape(-1, *d2l.IMAGE_SHAPE),), config['batch_size'])
    return train(net_D, net_G, data_iter, num_epochs, config['lr_D'], config['lr_G'],
                 config['latent_dim'], beta1=config['beta1'],
                 real_label=config['real_label'], ema_decay=config['ema_decay'],
                 monitor=Monitor(num_epochs, animate=False, progress=progress))


def run_image_gan(d2l, config, net_G, net_D, num_epochs=None, samples=None, loop='fast',
                  progress=False):
    """Train, then sample and judge; return steps, timing, judge scores, last losses.

    `samples`, a path ending in .npy, receives the generated images (N, 28, 28) float32 in
    [0, 1], or a fallback file if writing there fails; `result['samples']` is the path
    written.
    """
    from ...judge import DigitJudge  # trains (once) or loads the cached judge
    history = train_image_gan(d2l, config, net_G, net_D, num_epochs, loop, progress)
    generated = as_images(d2l.generate(history['net_G_sample'], NUM_SAMPLES,
                                       config['latent_dim'])).astype(np.float32)
    if samples is not None:  # checked before training; if writing still fails, keep them
        samples = save_with_fallback(samples, lambda path: np.save(path, generated),
                                     'the samples')
    scores = DigitJudge.load(verbose=False).score(generated)
    result = {'steps': history['steps'], 'seconds': history['seconds_total'],
              'steps_per_s': history['steps_per_s']}
    result.update({key: scores[key] for key in ('fd', 'real_fd', 'blur_fd_1.1',
                                                'blur_fd_1.5', 'coverage', 'entropy')})
    result.update(loss_D=history['loss_D'][-1], loss_G=history['loss_G'][-1])
    if samples is not None:
        result['samples'] = samples
    return result

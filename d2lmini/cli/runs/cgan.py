"""The conditional DCGAN of the chapter "Conditional GANs" on the command line.

    python -m d2lmini run cgan --framework pytorch --seed 1 [--epochs 20] [--samples s.npz]

Trains `CGANGenerator` and `CGANDiscriminator` with the chapter's loop `train_cgan` and its
hyper-parameters (`d2lmini.configs.CONDITIONAL_GAN`) on the 3,000 training digits and their
labels, generates `num_per_class` samples of every digit at the chapter's noise scale, and
reports what the chapter asserts: the judge's per-class accuracy (each requested digit read
as that digit), the FD with its references, and the coverage. `--samples OUT.npz` writes the
arrays `images` (n, 28, 28) float32 in [0, 1] and `labels` (n,), the digit each was asked for.

The conditional loop exists in the chapter's plain form only: `LOOPS` holds 'plain'.
"""
import numpy as np

from ...conditional import cgan_labels, cgan_noise, class_accuracy
from ...configs import CONDITIONAL_GAN
from ...data import check_images, load_mnist
from ...outputs import save_with_fallback
from ...training import Monitor, as_images

HAS_SAMPLES = True
SAMPLES_SUFFIX = '.npz'  # two arrays: images and labels
LOOPS = ('plain',)  # train_cgan is the plain loop with labels; there is no fast one


def run(d2l, seed, num_epochs=None, samples=None, loop='plain', progress=False):
    """Train, generate every digit, judge; return steps, timing, per-class accuracy, FD.

    `seed` is only reported: the caller has seeded every generator already.
    """
    if loop not in LOOPS:
        raise ValueError(f"cgan trains with --loop plain only, not {loop!r}")
    from ...judge import DigitJudge  # trains (once) or loads the cached judge
    c = CONDITIONAL_GAN
    num_epochs = c['num_epochs'] if num_epochs is None else num_epochs
    images, labels = load_mnist('train')
    images = check_images(images)
    data_iter = d2l.load_array((images.reshape(-1, *d2l.IMAGE_SHAPE), labels),
                               c['batch_size'])
    net_G, net_D = d2l.CGANGenerator(c['latent_dim']), d2l.CGANDiscriminator()
    history = d2l.train_cgan(net_D, net_G, data_iter, num_epochs, c['lr_D'], c['lr_G'],
                             c['latent_dim'], beta1=c['beta1'], real_label=c['real_label'],
                             aux_weight=c['aux_weight'], ema_decay=c['ema_decay'],
                             monitor=Monitor(num_epochs, animate=False, progress=progress))
    eval_labels = cgan_labels(c['num_per_class'] * d2l.NUM_CLASSES)
    Z = cgan_noise(len(eval_labels), c['latent_dim'], c['noise_scale'])
    generated = as_images(d2l.generate_cgan(history['net_G_sample'], Z,
                                            eval_labels)).astype(np.float32)
    if samples is not None:  # checked before training; if writing still fails, keep them
        samples = save_with_fallback(
            samples, lambda path: np.savez(path, images=generated, labels=eval_labels),
            'the samples')
    report = class_accuracy(DigitJudge.load(verbose=False), generated, eval_labels)
    result = {'steps': history['steps'], 'seconds': history['seconds_total'],
              'steps_per_s': history['steps_per_s'], 'noise_scale': c['noise_scale'],
              'num_per_class': c['num_per_class']}
    result.update({key: report[key] for key in (
        'min_class_accuracy', 'mean_class_accuracy', 'class_accuracy', 'fd', 'real_fd',
        'blur_fd_1.1', 'blur_fd_1.5', 'coverage', 'entropy')})
    result.update(loss_D=history['loss_D'][-1], loss_G=history['loss_G'][-1])
    if samples is not None:
        result['samples'] = samples
    return result

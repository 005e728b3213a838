"""Mode collapse on the ring of Gaussians (chapter "When GANs fail") on the command line.

    python -m d2lmini run ring --framework mxnet --seed 2 [--epochs 30] --json

Draws the chapter's training set from the ring and trains on it, with the chapter's
hyper-parameters (`d2lmini.configs.GAN_FAILURES`) and the book's loop `d2l.train`, first the plain
GAN (sampled from its current generator), then the GAN whose discriminator sees the
minibatch standard deviation (sampled from the average of its generator's weights). Reports
for both the modes covered and the share of high-quality samples (`d2lmini.mode_coverage`).

The ring trains with the chapter's plain loop only: the remedy's discriminator computes a
feature of each minibatch (its standard deviation), and `train_fast`'s one pass over real and
fake points together would compute it over the mixture, hiding a collapsed generator's
fakes among the real points. So `LOOPS` holds 'plain' alone.
"""
from ...configs import GAN_FAILURES
from ...data import ring_modes, ring_of_gaussians
from ...metrics import mode_coverage
from ...training import Monitor

HAS_SAMPLES = False
LOOPS = ('plain',)  # see above: no one-pass discriminator for the minibatch feature


def measure(d2l, history, config):
    """Sample the trained GAN of `history` (its `net_G_sample`) and score it on the ring of
    `config`: modes covered, share of high-quality samples, steps and seconds."""
    samples = d2l.generate(history['net_G_sample'], config['num_samples'],
                           config['latent_dim'])
    coverage = mode_coverage(samples, ring_modes(config['num_modes'], config['radius']),
                             config['ring_std'])
    return {'modes_covered': coverage['modes_covered'],
            'high_quality': coverage['high_quality'],
            'steps': history['steps'], 'seconds': history['seconds_total']}


def ring_data(config):
    """The training points of the ring of `config`."""
    return ring_of_gaussians(config['num_examples'], config['num_modes'], config['radius'],
                             config['ring_std'])


def both_results(config, **runs):
    """One result from two GANs measured on the ring (`measure`), named by the keywords:
    total steps and seconds, then each GAN's modes covered and high-quality share."""
    steps = sum(run['steps'] for run in runs.values())
    seconds = sum(run['seconds'] for run in runs.values())
    result = {'steps': steps, 'seconds': seconds, 'steps_per_s': steps / seconds}
    for name, run in runs.items():
        result[f'{name}_modes_covered'] = run['modes_covered']
        result[f'{name}_high_quality'] = run['high_quality']
    return {**result, 'num_modes': config['num_modes']}


def train_and_measure(d2l, data, minibatch_std, num_epochs, ema_decay, progress):
    """Train one GAN on the ring's `data`; return its coverage numbers, steps and seconds."""
    config = GAN_FAILURES
    net_G = d2l.RingGenerator(config['latent_dim'], config['num_hiddens'])
    net_D = d2l.RingDiscriminator(config['num_hiddens'], minibatch_std)
    data_iter = d2l.load_array((data,), config['batch_size'])
    history = d2l.train(net_D, net_G, data_iter, num_epochs, config['lr_D'],
                        config['lr_G'], config['latent_dim'], ema_decay=ema_decay,
                        monitor=Monitor(num_epochs, animate=False, progress=progress))
    return measure(d2l, history, config)


def run(d2l, seed, num_epochs=None, samples=None, loop='plain', progress=False):
    """Train the plain GAN, then the remedy; return both coverages and the timing.

    `seed` is only reported: the caller has seeded every generator already. `loop` must be
    'plain' (see above); `progress` shows a progress bar for each of the two runs on stderr.
    """
    if loop not in LOOPS:
        raise ValueError(f"the ring trains with --loop plain only, not {loop!r}")
    config = GAN_FAILURES
    num_epochs = config['num_epochs'] if num_epochs is None else num_epochs
    data = ring_data(config)
    vanilla = train_and_measure(d2l, data, False, num_epochs, None, progress)
    remedy = train_and_measure(d2l, data, True, num_epochs, config['ema_decay'],
                                progress)
    return both_results(config, vanilla=vanilla, remedy=remedy)

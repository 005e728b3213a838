"""Mode collapse on the ring of Gaussians (chapter "When GANs fail") on the command line.

    python -m d2lmini run ring --framework mxnet --seed 2 [--epochs 3000] --json

Trains the plain GAN and the GAN whose discriminator sees the minibatch standard deviation,
with the chapter's hyper-parameters (`d2lmini.configs.RING`), and reports for both the modes
covered and the share of high-quality samples (`d2lmini.mode_coverage`). `--epochs` sets the
number of training steps of each run (the ring has no epochs: every step draws fresh data).

The ring trains with the chapter's plain loop only: the remedy's discriminator computes a
feature of each minibatch (its standard deviation), and `train_fast`'s one pass over real and
fake points together would compute it over the mixture, hiding a collapsed generator's
fakes among the real points. So `LOOPS` holds 'plain' alone.
"""
from ...configs import RING
from ...data import ring_modes
from ...metrics import mode_coverage

HAS_SAMPLES = False
LOOPS = ('plain',)  # see above: no one-pass discriminator for the minibatch feature


def train_and_measure(d2l, minibatch_std, num_steps):
    """Train one GAN on the ring; return its coverage numbers, steps and seconds."""
    config = RING
    net_G = d2l.ring_generator(config['latent_dim'], config['num_hiddens'])
    net_D = d2l.ring_discriminator(config['num_hiddens'], minibatch_std)
    history = d2l.train_ring(net_D, net_G, num_steps, config['batch_size'],
                             config['lr_D'], config['lr_G'], config['latent_dim'],
                             config['ema_decay'])
    samples = d2l.ring_samples(history['net_G_sample'], config['num_samples'],
                               config['latent_dim'])
    coverage = mode_coverage(samples, ring_modes(config['num_modes'], config['radius']),
                             config['std'])
    return {'modes_covered': coverage['modes_covered'],
            'high_quality': coverage['high_quality'],
            'steps': history['steps'], 'seconds': history['seconds']}


def run(d2l, seed, num_epochs=None, samples=None, loop='plain', progress=False):
    """Train the plain GAN, then the remedy; return both coverages and the timing.

    `seed` is only reported: the caller has seeded every generator already. `loop` must be
    'plain' (see above); the chapter's loop reports no progress yet (`progress` is ignored).
    """
    if loop not in LOOPS:
        raise ValueError(f"the ring trains with --loop plain only, not {loop!r}")
    num_steps = RING['num_steps'] if num_epochs is None else num_epochs
    vanilla = train_and_measure(d2l, False, num_steps)
    remedy = train_and_measure(d2l, True, num_steps)
    seconds = vanilla['seconds'] + remedy['seconds']
    steps = vanilla['steps'] + remedy['steps']
    return {'steps': steps, 'seconds': seconds, 'steps_per_s': steps / seconds,
            'vanilla_modes_covered': vanilla['modes_covered'],
            'vanilla_high_quality': vanilla['high_quality'],
            'remedy_modes_covered': remedy['modes_covered'],
            'remedy_high_quality': remedy['high_quality'],
            'num_modes': RING['num_modes']}

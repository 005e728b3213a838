"""One module per experiment of the command line: `run(d2l, seed, num_epochs, samples, loop,
progress)`.

`d2l` is the framework module (`d2lmini.torch`, ...); the code here is framework-neutral and
calls only names that all three framework modules define with the same signature. `run`
returns a dict of measurements. An experiment that makes images sets `HAS_SAMPLES = True`;
it writes them to `samples` (a .npy path that the command line has checked before training)
with `d2lmini.outputs.save_with_fallback` and reports the path written as `samples`.

`loop` chooses the training loop: 'fast' (`d2l.train_fast` on `d2l.load_array_fast`, chapter
"Making GAN training fast") or 'plain' (`d2l.train` on `d2l.load_array`, chapter "A GAN on a
2-D Gaussian"). An experiment that cannot use both lists the ones it can in `LOOPS`, the
default first. `progress=True` prints a progress bar on stderr.
"""

LOOPS = ('fast', 'plain')  # what an experiment supports unless it says otherwise


def loop_functions(d2l, loop):
    """The training function and the data loader of `loop`, 'fast' or 'plain'."""
    if loop == 'fast':
        return d2l.train_fast, d2l.load_array_fast
    if loop == 'plain':
        return d2l.train, d2l.load_array
    raise ValueError(f"unknown loop {loop!r}: choose 'fast' or 'plain'")

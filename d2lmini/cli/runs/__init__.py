"""One module per experiment of the command line: `run(d2l, seed, num_epochs, samples)`.

`d2l` is the framework module (`d2lmini.torch`, ...); the code here is framework-neutral and
calls only names that all three framework modules define with the same signature. `run`
returns a dict of measurements. An experiment that makes images sets `HAS_SAMPLES = True`;
it writes them to `samples` (a .npy path that the command line has checked before training)
with `d2lmini.outputs.save_with_fallback` and reports the path written as `samples`.
"""

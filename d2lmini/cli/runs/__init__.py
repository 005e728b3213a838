"""One module per experiment of the command line: `run(d2l, seed, num_epochs, samples)`.

`d2l` is the framework module (`d2lmini.torch`, ...); the code here is framework-neutral and
calls only names that all three framework modules define with the same signature.
"""

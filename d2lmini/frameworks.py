"""The frameworks of the book: the one list that the package, the build and the tests read.

Adding a framework starts here. Each entry says how the framework is named everywhere:

* `tag`: the cell tag in the chapter sources, the folder `notebooks/<tag>/`, the website's
  tab key (`?framework=<tag>`) and the command line's `--framework`;
* `label`: the name readers see (tabs, notebook headers);
* `module`: the generated module `d2lmini.<module>` that holds the chapters' code;
* `package`: what `import` loads to tell whether the framework is installed;
* `pin`: the pip requirement a learner installs; it is the version that `requirements.txt`
  (the lock of the book's build) pins, and the package's extra `[<tag>]` admits it
  (`tests/test_registry.py` checks both).

The order of `FRAMEWORKS` is the order of the tabs. This module imports nothing heavy, so
that the build tools and a learner's code can read it without any framework installed.
"""
import importlib
from typing import NamedTuple

__all__ = ['Framework', 'FRAMEWORKS', 'import_framework']


class Framework(NamedTuple):
    tag: str
    label: str
    module: str
    package: str
    pin: str


FRAMEWORKS = {fw.tag: fw for fw in [
    Framework('pytorch', 'PyTorch', 'torch', 'torch', 'torch==2.13.0'),
    Framework('tensorflow', 'TensorFlow', 'tensorflow', 'tensorflow',
              'tensorflow-cpu==2.21.0'),
    Framework('mxnet', 'MXNet', 'mxnet', 'mxnet', 'mxnet==1.9.1'),
]}


def import_framework(name):
    """Return `d2lmini.torch`, `d2lmini.tensorflow` or `d2lmini.mxnet` for a framework name.

    Raises ValueError for an unknown name and ImportError, saying what to install, when the
    framework is missing.
    """
    if name not in FRAMEWORKS:
        raise ValueError(f'unknown framework {name!r}: choose one of '
                         + ', '.join(FRAMEWORKS))
    fw = FRAMEWORKS[name]
    try:
        importlib.import_module(fw.package)
    except ImportError as err:
        raise ImportError(f'{name} is not installed ({err}); install it with '
                          f'`pip install "{fw.pin}"`') from None
    return importlib.import_module(f'd2lmini.{fw.module}')

"""d2lmini: the helper package of the GAN book.

This file and its siblings (`frameworks`, `base`, `data`, `metrics`, `plot`, `training`,
`speed`, `outputs`, `judge`, `conditional`, `exercises`) are framework-neutral: they use numpy, matplotlib
and scikit-learn only, so a notebook runs with just its own framework installed. The
framework code lives in
`d2lmini.torch`, `d2lmini.tensorflow` and `d2lmini.mxnet`, which are generated from the
chapters (`make lib`); `d2lmini.frameworks` lists them. The command line
(`python -m d2lmini`) lives apart, in `d2lmini.cli`.
"""
import numpy as _np

# MXNet 1.9.1 still uses `numpy.bool`, removed in numpy 1.24 (apache/mxnet#21165). This is the
# one place the shim lives: `d2lmini.mxnet` imports this package before it imports mxnet.
# numpy 2 has its own `numpy.bool` again, which stays as it is.
if 'bool' not in _np.__dict__:  # plain lookup: hasattr() warns on numpy 1.26
    _np.bool = bool

from .frameworks import *  # noqa: E402,F401,F403
from .base import *  # noqa: E402,F401,F403
from .configs import *  # noqa: E402,F401,F403
from .data import *  # noqa: E402,F401,F403
from .metrics import *  # noqa: E402,F401,F403
from .plot import *  # noqa: E402,F401,F403
from .training import *  # noqa: E402,F401,F403
from .speed import *  # noqa: E402,F401,F403
from .outputs import *  # noqa: E402,F401,F403
from .judge import *  # noqa: E402,F401,F403
from .conditional import *  # noqa: E402,F401,F403
from .wgan import *  # noqa: E402,F401,F403
from .dist import *  # noqa: E402,F401,F403
from .exercises import *  # noqa: E402,F401,F403

"""Framework-specific glue the unit tests share: NumPy arrays in and out of tensors."""
import numpy as np

import d2lmini


class FrameworkOps:
    """The few framework operations the tests need, behind one interface."""

    def __init__(self, name):
        self.name = name
        self.d2l = d2lmini.import_framework(name)

    def tensor(self, array):
        array = np.asarray(array, dtype=np.float32)
        if self.name == 'pytorch':
            import torch
            return torch.tensor(array)
        if self.name == 'tensorflow':
            import tensorflow as tf
            return tf.constant(array)
        from mxnet import np as mnp
        return mnp.array(array, ctx=self.d2l.try_gpu())

    def numpy(self, X):
        if self.name == 'pytorch':
            return X.detach().cpu().numpy()
        if self.name == 'tensorflow':
            return X.numpy()
        return X.asnumpy()

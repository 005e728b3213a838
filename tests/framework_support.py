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

    def sgd(self, net, lr):
        """Plain SGD: one step moves the weights by exactly -lr times the gradient. (Adam's
        first steps are about lr * sign(gradient): where a gradient is nearly zero, rounding
        would decide the direction, and comparing weights would compare rounding.)"""
        if self.name == 'pytorch':
            import torch
            return torch.optim.SGD(net.parameters(), lr=lr)
        if self.name == 'tensorflow':
            import keras
            return keras.optimizers.SGD(lr)
        from mxnet import gluon
        return gluon.Trainer(net.collect_params(), 'sgd', {'learning_rate': lr})

"""Checkers for the exercises of the chapter "DCGAN on MNIST"."""
import numpy as np

from ._common import expect, report
from ._numbers import as_float, as_tuple_of_floats, close

__all__ = ['check_dcgan_output_size', 'check_dcgan_generator_params',
           'check_dcgan_trans_conv_padding', 'check_dcgan_spectral_norm']

# The generator of the chapter: latent 100 -> 64 x 7 x 7 (kernel 7) -> 32 x 14 x 14 -> 1 x 28 x
# 28 (kernels 4); batch norm (a scale and a shift per channel) after the first two layers,
# which have no bias; the last layer has one
LATENT_DIM = 100
CHANNELS = (64, 32, 1)
KERNELS = (7, 4, 4)
# The exercise on the output size: a 6 x 6 input, kernel 5, stride 3, padding 1
SIZE_INPUT, SIZE_KERNEL, SIZE_STRIDE, SIZE_PADDING = 6, 5, 3, 1


def _generator_params(out_channels=1, bias=True, batch_norm=True):
    channels = (LATENT_DIM,) + CHANNELS[:-1] + (out_channels,)
    weights = sum(c_in * c_out * k * k
                  for c_in, c_out, k in zip(channels[:-1], channels[1:], KERNELS))
    return weights + bias * out_channels + batch_norm * 2 * sum(CHANNELS[:-1])


def check_dcgan_output_size(answer):
    """Height (= width) of the output of a transposed convolution with a 6 x 6 input,
    kernel 5, stride 3 and padding 1.

    Expected: 18, or the pair (18, 18).
    """
    if expect(answer, 'the output height, an integer (or the pair (height, width))'):
        return False
    pair = as_tuple_of_floats(answer, 2)
    value = pair[0] if pair is not None and pair[0] == pair[1] else as_float(answer)
    if value is None:
        return report(False, f'expected one number or a (height, width) pair, got {answer!r}')
    n, k, s, p = SIZE_INPUT, SIZE_KERNEL, SIZE_STRIDE, SIZE_PADDING
    if value == (n - 1) * s + k:
        return report(False, 'padding p removes p rows from each border of the output')
    if value == (n - 1) * s + k - p:
        return report(False, 'padding removes rows at both borders, top and bottom')
    if value == (n + 2 * p - k) // s + 1:
        return report(False, 'that is the size after an ordinary convolution; a transposed '
                             'convolution goes the other way, (n - 1) s + k - 2p')
    return report(value == (n - 1) * s + k - 2 * p,
                  'use (n - 1) * stride + kernel - 2 * padding')


def check_dcgan_generator_params(answer):
    """The number of trainable parameters of `DCGANGenerator(latent_dim=100)` (PyTorch or
    TensorFlow; MXNet's version has a second output channel).

    Expected: an integer, 347,073 (347,586 with MXNet's two output channels).
    """
    if expect(answer, 'an integer: the number of trainable parameters of G'):
        return False
    value = as_float(answer)
    if value is None:
        return report(False, f'expected a single number, got {answer!r}')
    if value == _generator_params(out_channels=2):
        return report(True, '')  # MXNet's generator, with its second output channel
    if value == _generator_params(batch_norm=False):
        return report(False, 'add batch norm: each normalized channel has a trainable '
                             'scale and shift')
    if value == _generator_params(bias=False):
        return report(False, 'the last transposed convolution has a bias (the others do '
                             'not: batch norm would cancel it)')
    return report(value == _generator_params(),
                  'a transposed convolution has in_channels * out_channels * k * k '
                  'weights; add 2 per channel of the two batch-norm layers and 1 bias')


def _trans_conv_padded(X, K, stride=1, padding=0):
    n_h, n_w = X.shape
    k_h, k_w = K.shape
    Y = np.zeros(((n_h - 1) * stride + k_h, (n_w - 1) * stride + k_w))
    for i in range(n_h):
        for j in range(n_w):
            Y[i * stride:i * stride + k_h, j * stride:j * stride + k_w] += X[i, j] * K
    return Y[padding:Y.shape[0] - padding, padding:Y.shape[1] - padding]


def check_dcgan_trans_conv_padding(answer):
    """A function `trans_conv(X, K, stride=1, padding=0)` for 2-D NumPy arrays.

    Expected: a callable that returns the transposed convolution of X with K, with
    `padding` rows and columns removed from each border of the output. It is called on
    small random arrays with several strides and paddings.
    """
    if expect(answer, 'a function trans_conv(X, K, stride=1, padding=0)'):
        return False
    if not callable(answer):
        return report(False, f'expected a function, got {type(answer).__name__}')
    rng = np.random.RandomState(0)
    for n, k, stride, padding in [(3, 2, 1, 0), (3, 3, 2, 1), (4, 4, 2, 1), (2, 3, 3, 1)]:
        X, K = rng.randn(n, n), rng.randn(k, k)
        try:
            result = np.asarray(answer(X, K, stride=stride, padding=padding), dtype=float)
        except Exception as err:  # the reader's code: report, do not crash the notebook
            return report(False, f'your function raised {type(err).__name__}: {err}')
        expected = _trans_conv_padded(X, K, stride, padding)
        if result.shape != expected.shape:
            return report(False, f'with a {n}x{n} input, kernel {k}, stride {stride} and '
                                 f'padding {padding} the output is {expected.shape}, got '
                                 f'{result.shape}')
        if not np.allclose(result, expected):
            return report(False, f'wrong values for stride {stride}, padding {padding}: '
                                 'compute the full output first, then crop the borders')
    return report(True, '')


def check_dcgan_spectral_norm(answer):
    """Prediction, then measurement: the largest singular value of a trained SNConv2D
    layer's normalized kernel matrix W / sigma.

    Expected: a number close to 1 (within 5%).
    """
    if expect(answer, 'a number: the largest singular value of W / sigma'):
        return False
    value = as_float(answer)
    if value is None or value <= 0:
        return report(False, f'expected a positive number, got {answer!r}')
    if close(value, 1.0, rel=0.05):
        return report(True, '')
    if value < 0.95:
        return report(False, 'singular values of W / sigma are those of W divided by '
                             'sigma, and sigma estimates the largest one of W')
    return report(False, 'did you take the singular values of W itself? Divide W by '
                         'u @ W @ v first')


EXAMPLES = {
    'check_dcgan_output_size': (
        [18, '18', 18.0, (18, 18), [18, 18]],
        [20, 19, 2, (18, 17), 'eighteen']),
    'check_dcgan_generator_params': (
        [347073, '347073', 347586],
        [_generator_params(batch_norm=False), _generator_params(bias=False), 1510032,
         'many']),
    'check_dcgan_trans_conv_padding': (
        [_trans_conv_padded],
        [lambda X, K, stride=1, padding=0: _trans_conv_padded(X, K, stride, 0),
         lambda X, K, stride=1, padding=0: _trans_conv_padded(X, K, 1, padding),
         lambda X, K, stride=1, padding=0: 1 / 0, 3]),
    'check_dcgan_spectral_norm': (
        [1.0, 0.99, '1.02'],
        [3.7, 0.5, -1, 'one']),
}

"""`DigitJudge`: how good are generated digits? A small classifier answers, with references.

Judging images by eye does not scale and cannot be asserted in a test. FID (Heusel et al.,
2017) compares the statistics of a pretrained network's features on generated and on real
images. We do the same with a network small enough to train in seconds on these machines: a
two-layer perceptron trained on 1,000 real digits (the 'judge' split of `load_mnist`). Its
64 hidden features of 1,000 generated digits are compared with those of 1,000 held-out real
digits (the 'reference' split) by the Fréchet distance.

A distance means little on its own, so every score comes with fixed references measured the
same way (same judge, same sample size): real digits ('train' split) and real digits blurred
by a Gaussian filter of 1.1 and 1.5 pixels. The judge is trained once and cached on disk with
its references, in ~/.cache/d2lmini (or $D2LMINI_CACHE).
"""
import hashlib
import json
import os
import tempfile
import time
import warnings

import numpy as np

from .data import load_mnist
from .metrics import frechet_distance

__all__ = ['DigitJudge']

JUDGE_VERSION = 1             # bump to retrain every cached judge after changing this file
HIDDEN_SIZES = (256, 64)      # the 64 features of the last hidden layer are compared
TRAIN_ITERATIONS = 200        # Adam epochs; training stops earlier when the loss stalls
L2_PENALTY = 1e-3             # weight decay: smoother features, less overfitting to 1,000
JUDGE_SEED = 0                # the judge is the same whatever seed a chapter uses
FD_SAMPLES = 1000             # every FD compares this many images (the FD grows as n shrinks)
MIN_SAMPLES = 500             # below this the covariance of 64 features is too noisy
BLUR_SIGMAS = (1.1, 1.5)      # pixels; the fixed quality references
COVERAGE_SHARE = 0.02         # a class is covered when it holds at least 2% of the samples


def _cache_dir():
    return os.environ.get('D2LMINI_CACHE') or os.path.join(
        os.path.expanduser('~'), '.cache', 'd2lmini')


def _to_unit_range(images):
    """MNIST images from [-1, 1] to the [0, 1] range the judge works in."""
    return (images + 1.0) / 2.0


def _blur(images, sigma):
    """Blur each image (N, 28, 28) with a Gaussian filter of `sigma` pixels."""
    from scipy import ndimage  # imported here: `import d2lmini` stays fast
    return ndimage.gaussian_filter(images, sigma=(0, sigma, sigma))


def _stats(features):
    return features.mean(axis=0), np.cov(features, rowvar=False)


class DigitJudge:
    """A small digit classifier that scores generated digits against real ones.

    Use `DigitJudge.load()` (trains once, then reads the cache) and `judge.score(images)`.
    The classifier's test accuracy on the held-out 'reference' digits is `self.accuracy`.
    """

    def __init__(self, weights, biases, references, accuracy, train_seconds):
        self.weights, self.biases = weights, biases
        self.references = references    # FD sample size -> dict of reference numbers
        self.accuracy = accuracy
        self.train_seconds = train_seconds
        self._reference_stats = {}

    _loaded = {}  # cache path -> judge, so that load() is instant the second time
    _hash = None  # hash of the data and settings, computed once per process

    @classmethod
    def cache_path(cls):
        """Where the judge is cached; the name hashes its data, settings and version."""
        if cls._hash is None:
            cls._hash = cls._data_and_settings_hash()
        return os.path.join(_cache_dir(), f'judge-{cls._hash}.npz')

    @staticmethod
    def _data_and_settings_hash():
        key = hashlib.sha256()
        for split in ('judge', 'reference', 'train'):
            images, labels = load_mnist(split)
            key.update(images.tobytes())
            key.update(labels.tobytes())
        key.update(json.dumps([JUDGE_VERSION, HIDDEN_SIZES, TRAIN_ITERATIONS, L2_PENALTY,
                               JUDGE_SEED, FD_SAMPLES, BLUR_SIGMAS]).encode())
        return key.hexdigest()[:16]

    @classmethod
    def load(cls, verbose=True):
        """Return the judge: from memory, from the disk cache, or trained now (seconds)."""
        path = cls.cache_path()
        if path in cls._loaded:
            return cls._loaded[path]
        if os.path.exists(path):
            try:
                judge = cls._read(path)
            except (OSError, KeyError, ValueError):
                judge = None  # a damaged or partial file: train again
        else:
            judge = None
        if judge is None:
            judge = cls.train(verbose=verbose)
            try:
                judge._write(path)
            except OSError as err:  # the judge still works; only the cache is lost
                warnings.warn(f'DigitJudge: could not cache the judge in '
                              f'{os.path.dirname(path)} ({err.strerror or err}); it is kept '
                              f'for this process only. Set D2LMINI_CACHE to a writable '
                              f'folder to keep it across runs', stacklevel=2)
        cls._loaded[path] = judge
        return judge

    @classmethod
    def train(cls, verbose=True):
        """Train the classifier on the 'judge' split and measure its references."""
        try:
            from sklearn.neural_network import MLPClassifier
        except ImportError:
            raise ImportError('DigitJudge needs scikit-learn to train once: '
                              '`pip install scikit-learn`') from None
        images, labels = load_mnist('judge')
        timer = time.perf_counter()
        net = MLPClassifier(hidden_layer_sizes=HIDDEN_SIZES, alpha=L2_PENALTY,
                            max_iter=TRAIN_ITERATIONS, random_state=JUDGE_SEED)
        net.fit(_to_unit_range(images).reshape(len(images), -1), labels)
        seconds = time.perf_counter() - timer
        judge = cls([w.astype(np.float64) for w in net.coefs_],
                    [b.astype(np.float64) for b in net.intercepts_], {}, 0.0, seconds)
        test_images, test_labels = load_mnist('reference')
        judge.accuracy = float(
            (judge.predict(_to_unit_range(test_images)) == test_labels).mean())
        judge.references[FD_SAMPLES] = judge._measure_references(FD_SAMPLES)
        if verbose:
            print(f'DigitJudge trained in {seconds:.1f} s, accuracy on held-out digits '
                  f'{judge.accuracy:.3f}')
        return judge

    def _write(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        arrays = {f'W{i}': w for i, w in enumerate(self.weights)}
        arrays.update({f'b{i}': b for i, b in enumerate(self.biases)})
        meta = dict(accuracy=self.accuracy, train_seconds=self.train_seconds,
                    references={str(n): r for n, r in self.references.items()})
        # Write then rename, so that a notebook running in parallel never reads half a file
        fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix='.npz')
        try:
            with os.fdopen(fd, 'wb') as f:
                np.savez(f, meta=json.dumps(meta), **arrays)
            os.replace(tmp, path)
        except OSError:
            os.remove(tmp)  # no half-written file left behind (e.g. a full disk)
            raise

    @classmethod
    def _read(cls, path):
        with np.load(path) as data:
            layers = len([k for k in data.files if k.startswith('W')])
            weights = [data[f'W{i}'] for i in range(layers)]
            biases = [data[f'b{i}'] for i in range(layers)]
            meta = json.loads(str(data['meta']))
        references = {int(n): r for n, r in meta['references'].items()}
        return cls(weights, biases, references, meta['accuracy'], meta['train_seconds'])

    def features(self, images):
        """The last hidden layer's activations (N, 64) for images (N, 28, 28) in [0, 1]."""
        H = images.reshape(len(images), -1).astype(np.float64)
        for W, b in zip(self.weights[:-1], self.biases[:-1]):
            H = np.maximum(H @ W + b, 0.0)  # ReLU, as in MLPClassifier
        return H

    def predict_proba(self, images):
        """Class probabilities (N, 10) for images (N, 28, 28) in [0, 1]."""
        logits = self.features(images) @ self.weights[-1] + self.biases[-1]
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        return p / p.sum(axis=1, keepdims=True)

    def predict(self, images):
        """Predicted digit (N,) for images (N, 28, 28) in [0, 1]."""
        return self.predict_proba(images).argmax(axis=1)

    def _stats_of_reference(self, n):
        if n not in self._reference_stats:
            real, _ = load_mnist('reference')
            self._reference_stats[n] = _stats(self.features(_to_unit_range(real[:n])))
        return self._reference_stats[n]

    def _fd(self, images):
        """Fréchet distance between the features of `images` and of as many real digits."""
        mu, cov = _stats(self.features(images))
        return frechet_distance(mu, cov, *self._stats_of_reference(len(images)))

    def _measure_references(self, n):
        train, _ = load_mnist('train')
        real = _to_unit_range(train[:n])
        refs = {'real_fd': self._fd(real)}
        for sigma in BLUR_SIGMAS:
            refs[f'blur_fd_{sigma}'] = self._fd(_blur(real, sigma))
        return refs

    def score(self, images):
        """Score generated digits: a dict of numbers, each explained below.

        `images`: (N, 28, 28) with values in [0, 1] (map a tanh generator's output with
        (x + 1) / 2), N >= 500. The first n = min(N, 1000) images are used, and every
        Fréchet distance below compares n images with n held-out real digits, because the FD
        estimate grows as the sample shrinks: compare only numbers measured at the same n.

        - `fd`: Fréchet distance between the judge's features of the images and of real
          digits. Lower is better; 0 would mean indistinguishable statistics.
        - `real_fd`: the same for real digits (other real digits than the reference): the
          best score one can expect at this sample size.
        - `blur_fd_1.1`, `blur_fd_1.5`: the same for real digits blurred by a Gaussian of
          1.1 and 1.5 pixels. Clean, recognisable digits score below `blur_fd_1.1`; rough,
          wobbly or smeared ones land between the two references or above.
        - `coverage`: how many of the 10 classes receive at least 2% of the predictions. Less
          than 10 means the generator misses digits (mode collapse).
        - `entropy`: entropy of the predicted-class histogram in nats; log(10) = 2.30 when all
          classes are equally frequent, 0 when one class takes everything.
        - `class_counts`: predictions per class (list of 10 ints); `n`: images used.

        The classifier's mean confidence is deliberately not reported: it is not a quality
        signal, since a classifier is often very confident on noise and smudges.
        """
        images = self._check(images)
        n = min(len(images), FD_SAMPLES)
        images = images[:n]
        if n not in self.references:
            self.references[n] = self._measure_references(n)
        counts = np.bincount(self.predict(images), minlength=10)
        share = counts / n
        nonzero = share[share > 0]
        return {'fd': self._fd(images), **self.references[n],
                'coverage': int((share >= COVERAGE_SHARE).sum()),
                'entropy': float(-(nonzero * np.log(nonzero)).sum()),
                'class_counts': counts.tolist(), 'n': n}

    @staticmethod
    def _check(images):
        """Return images as float64 (N, 28, 28) in [0, 1], or raise a clear ValueError."""
        images = np.asarray(images, dtype=np.float64)
        if images.ndim == 4 and images.shape[1] == 1:
            images = images[:, 0]  # (N, 1, 28, 28) channel-first batches
        elif images.ndim == 4 and images.shape[-1] == 1:
            images = images[..., 0]  # (N, 28, 28, 1) channel-last batches
        if images.ndim != 3 or images.shape[1:] != (28, 28):
            raise ValueError(f'images must have shape (N, 28, 28), got {images.shape}')
        if len(images) < MIN_SAMPLES:
            raise ValueError(f'score needs at least {MIN_SAMPLES} images for a stable '
                             f'Fréchet distance, got {len(images)}')
        if not np.all(np.isfinite(images)):
            raise ValueError('images contain NaN or infinite values: did training diverge?')
        low, high = images.min(), images.max()
        if low < -0.01:
            raise ValueError(f'images must have values in [0, 1], got [{low:.3g}, '
                             f'{high:.3g}]: a tanh generator gives [-1, 1], map it with '
                             f'(x + 1) / 2')
        if high > 1.01:
            raise ValueError(f'images must have values in [0, 1], got [{low:.3g}, '
                             f'{high:.3g}]: divide pixel values in [0, 255] by 255')
        return np.clip(images, 0.0, 1.0)

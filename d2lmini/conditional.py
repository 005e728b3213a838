"""Framework-neutral helpers of the chapter "Conditional GANs": labels and noise to generate
from, and the judge's view of samples generated for requested classes."""
import numpy as np

__all__ = ['NUM_DIGIT_CLASSES', 'cgan_labels', 'cgan_noise', 'class_accuracy']

NUM_DIGIT_CLASSES = 10


def cgan_labels(n, num_classes=NUM_DIGIT_CLASSES):
    """`n` labels 0, 1, ..., num_classes - 1, 0, 1, ... (int64): every class in equal shares
    (up to one), in mixed order, so that a generated batch is like a training batch."""
    n = int(n)
    if n < 1:
        raise ValueError(f'n must be a positive integer, got {n}')
    return np.arange(n, dtype=np.int64) % num_classes


def cgan_noise(n, latent_dim, scale=1.0):
    """`n` noise vectors (n, latent_dim), float32, from N(0, scale^2 I), drawn with NumPy's
    global generator (seeded by `d2lmini.seed_everything`). `scale` < 1 draws them closer to
    the centre: more typical, less varied samples."""
    if not np.isfinite(scale) or scale < 0:
        raise ValueError(f'scale must be a non-negative number, got {scale!r}')
    return (np.random.standard_normal((int(n), int(latent_dim))) * scale).astype(np.float32)


def class_accuracy(judge, images, labels):
    """The judge's view of `images` (N, 28, 28) in [0, 1] generated for the classes `labels`.

    Returns `judge.score(images)` (FD against real digits, the blur references, coverage;
    N >= 500) and: `confusion`, a 10 x 10 list of counts (row: requested class, column: the
    judge's reading); `class_accuracy`, per requested class the share read as that class;
    `min_class_accuracy` and `mean_class_accuracy`.
    """
    labels = np.asarray(labels).astype(np.int64)
    if labels.shape != (len(images),):
        raise ValueError(f'labels must have one entry per image ({len(images)}), got shape '
                         f'{labels.shape}')
    if labels.min() < 0 or labels.max() >= NUM_DIGIT_CLASSES:
        raise ValueError(f'labels must lie in 0..{NUM_DIGIT_CLASSES - 1}')
    scores = judge.score(images)
    read = judge.predict(judge._check(images))
    confusion = np.zeros((NUM_DIGIT_CLASSES, NUM_DIGIT_CLASSES), dtype=np.int64)
    np.add.at(confusion, (labels, read), 1)
    asked = confusion.sum(axis=1)
    if (asked == 0).any():
        raise ValueError('labels must request every class at least once')
    accuracy = confusion.diagonal() / asked
    return {**scores, 'confusion': confusion.tolist(),
            'class_accuracy': accuracy.tolist(),
            'min_class_accuracy': float(accuracy.min()),
            'mean_class_accuracy': float(accuracy.mean())}

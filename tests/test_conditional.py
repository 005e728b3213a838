"""The conditional GAN's measurement (`d2lmini.conditional`): per-class accuracy by the digit
judge, and the check `cgan_mnist` that the chapter asserts, which must fail for a generator
that ignores or mixes up the requested labels."""
import numpy as np
import pytest

import d2lmini


@pytest.fixture(scope='module')
def judge():
    return d2lmini.DigitJudge.load(verbose=False)


@pytest.fixture(scope='module')
def real():
    images, labels = d2lmini.load_mnist('reference')
    return (images + 1) / 2, labels


def test_labels_are_balanced_and_mixed():
    labels = d2lmini.cgan_labels(1000)
    assert labels.dtype == np.int64 and labels[:12].tolist() == [*range(10), 0, 1]
    assert np.bincount(labels).tolist() == [100] * 10
    with pytest.raises(ValueError):
        d2lmini.cgan_labels(0)


def test_noise_scale():
    d2lmini.seed_everything(0)
    Z = d2lmini.cgan_noise(4000, 8, scale=0.5)
    assert Z.shape == (4000, 8) and Z.dtype == np.float32
    assert Z.std() == pytest.approx(0.5, rel=0.05)
    with pytest.raises(ValueError):
        d2lmini.cgan_noise(10, 8, scale=-1)


def test_class_accuracy_of_real_digits(judge, real):
    images, labels = real
    report = d2lmini.class_accuracy(judge, images, labels)
    confusion = np.array(report['confusion'])
    assert confusion.shape == (10, 10) and confusion.sum() == len(labels)
    assert confusion.trace() / len(labels) == pytest.approx(judge.accuracy)
    assert report['min_class_accuracy'] == min(report['class_accuracy']) > 0.7
    assert report['fd'] < report['blur_fd_1.1'] and report['coverage'] == 10


@pytest.mark.parametrize('mix_up', ['ignored', 'shifted'])
def test_check_fails_for_a_generator_that_ignores_the_label(judge, real, mix_up):
    """Real digits, but presented as drawn for other labels: good images, wrong classes."""
    images, labels = real
    if mix_up == 'ignored':  # the requested labels have nothing to do with the images
        asked = np.random.default_rng(0).permutation(labels)
    else:  # every digit drawn as the next one
        asked = (labels + 1) % 10
    report = d2lmini.class_accuracy(judge, images, asked)
    assert report['min_class_accuracy'] < 0.3
    with pytest.raises(AssertionError, match='min_class_accuracy'):
        d2lmini.assert_fit('cgan_mnist', report)


def test_bad_labels_are_refused(judge, real):
    images, labels = real
    with pytest.raises(ValueError, match='one entry per image'):
        d2lmini.class_accuracy(judge, images, labels[:10])
    with pytest.raises(ValueError, match='0..9'):
        d2lmini.class_accuracy(judge, images, labels + 5)

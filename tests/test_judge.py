"""Does the DigitJudge tell good digits from bad ones? (It trains once, ~10 s, then caches.)"""
import numpy as np
import pytest
from scipy import ndimage

import d2lmini
from d2lmini import judge as judge_module


@pytest.fixture(scope='module')
def judge():
    return d2lmini.DigitJudge.load(verbose=False)


def unit(images):
    return (images + 1) / 2


def test_classifier_is_accurate(judge):
    images, labels = d2lmini.load_mnist('reference')
    assert judge.accuracy > 0.85
    assert (judge.predict(unit(images)) == labels).mean() == pytest.approx(judge.accuracy)


def test_references_are_ordered(judge):
    train, _ = d2lmini.load_mnist('train')
    scores = judge.score(unit(train[1000:2000]))  # real digits the references did not use
    assert scores['n'] == 1000
    assert scores['real_fd'] < scores['blur_fd_1.1'] < scores['blur_fd_1.5']
    # Unseen real digits score like the real-vs-real baseline, far below the blurred ones
    assert scores['fd'] < 2 * scores['real_fd'] < scores['blur_fd_1.1']
    assert scores['coverage'] == 10 and scores['entropy'] > 2.25
    assert sum(scores['class_counts']) == 1000


def test_noise_scores_far_worse_than_digits(judge):
    rng = np.random.RandomState(0)
    noise = judge.score(rng.rand(1000, 28, 28))
    blobs = judge.score(np.clip(ndimage.gaussian_filter(rng.rand(1000, 28, 28),
                                                        (0, 2, 2)) * 3 - 1, 0, 1))
    for scores in (noise, blobs):
        assert scores['fd'] > 10 * scores['blur_fd_1.5']
        assert scores['coverage'] < 10


def test_single_class_has_coverage_one(judge):
    images, labels = d2lmini.load_mnist('all')
    ones = judge.score(unit(images[labels == 1]))  # 500 images of the digit 1
    assert ones['n'] == 500
    assert ones['coverage'] == 1 and ones['entropy'] < 0.3
    assert ones['fd'] > ones['blur_fd_1.5']  # one class alone is far from real digits


def test_same_sample_size_everywhere(judge):
    train, _ = d2lmini.load_mnist('train')
    small = judge.score(unit(train[1000:1500]))
    large = judge.score(unit(train[1000:2000]))
    # The FD of fewer samples is larger, for the digits and their references alike
    assert small['n'] == 500 and small['real_fd'] > large['real_fd']
    assert small['fd'] < small['blur_fd_1.1']


def test_wrong_input_raises_clear_errors(judge):
    images, _ = d2lmini.load_mnist('reference')
    with pytest.raises(ValueError, match=r'map it with \(x \+ 1\) / 2'):
        judge.score(images)  # [-1, 1], not converted
    with pytest.raises(ValueError, match='divide pixel values'):
        judge.score(unit(images) * 255)
    with pytest.raises(ValueError, match=r'shape \(N, 28, 28\)'):
        judge.score(unit(images).reshape(1000, 784))
    with pytest.raises(ValueError, match='at least 500 images'):
        judge.score(unit(images[:100]))
    with pytest.raises(ValueError, match='NaN'):
        judge.score(np.full((600, 28, 28), np.nan))
    # channel dimensions of framework batches are accepted
    assert judge.score(unit(images)[:, None])['n'] == 1000


def test_cache_round_trip_and_location(judge, tmp_path, monkeypatch):
    monkeypatch.setenv('D2LMINI_CACHE', str(tmp_path))
    path = d2lmini.DigitJudge.cache_path()
    assert path.startswith(str(tmp_path)) and path.endswith('.npz')
    judge._write(path)
    copy = d2lmini.DigitJudge._read(path)
    images = unit(d2lmini.load_mnist('reference')[0][:600])
    np.testing.assert_allclose(copy.features(images), judge.features(images))
    assert copy.references[judge_module.FD_SAMPLES] == judge.references[
        judge_module.FD_SAMPLES]


def test_unwritable_cache_warns_and_keeps_the_judge(judge, tmp_path, monkeypatch):
    """A cache folder that cannot be created costs the cache, not the judge (or a run)."""
    blocker = tmp_path / 'file'
    blocker.write_text('a file where the cache folder should be')
    monkeypatch.setenv('D2LMINI_CACHE', str(blocker / 'cache'))
    monkeypatch.setattr(d2lmini.DigitJudge, '_loaded', {})
    monkeypatch.setattr(d2lmini.DigitJudge, 'train', classmethod(lambda cls, verbose: judge))
    with pytest.warns(UserWarning, match='could not cache the judge.*D2LMINI_CACHE'):
        loaded = d2lmini.DigitJudge.load(verbose=False)
    assert loaded is judge
    assert d2lmini.DigitJudge.load(verbose=False) is judge  # kept for this process
    assert sorted(p.name for p in tmp_path.iterdir()) == ['file']

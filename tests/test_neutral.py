"""Unit tests of the framework-neutral part of d2lmini: seeding, data, metrics, plots."""
import base64
import random
import re

import numpy as np
import pytest

import d2lmini
from d2lmini import metrics


# --- seeding and timing -----------------------------------------------------------------

def test_seed_everything_repeats_draws():
    d2lmini.seed_everything(3)
    first = (random.random(), np.random.rand(), d2lmini.gaussian_2d(5))
    d2lmini.seed_everything(3)
    second = (random.random(), np.random.rand(), d2lmini.gaussian_2d(5))
    assert first[:2] == second[:2]
    np.testing.assert_array_equal(first[2], second[2])
    d2lmini.seed_everything(4)
    assert np.random.rand() != first[1]


def test_seed_environment_variable(monkeypatch):
    monkeypatch.setenv('D2LMINI_SEED', '17')
    assert d2lmini.seed_everything() == 17
    assert d2lmini.seed_everything(5) == 5  # an explicit seed wins
    monkeypatch.setenv('D2LMINI_SEED', 'abc')
    with pytest.raises(ValueError, match='D2LMINI_SEED must be an integer'):
        d2lmini.seed_everything()
    monkeypatch.delenv('D2LMINI_SEED')
    assert d2lmini.seed_everything() == d2lmini.DEFAULT_SEED


@pytest.mark.parametrize('value', ['abc', '-5', '1.5', str(d2lmini.MAX_SEED + 1)])
def test_bad_seed_in_the_environment_says_what_to_set(monkeypatch, value):
    monkeypatch.setenv('D2LMINI_SEED', value)
    with pytest.raises(ValueError, match=f"D2LMINI_SEED must be an integer from 0 to "
                                         f"{d2lmini.MAX_SEED}, got '{value}': set it"):
        d2lmini.seed_everything()


@pytest.mark.parametrize('seed', [-5, d2lmini.MAX_SEED + 1, 1.5, '3', True])
def test_bad_seed_argument_is_rejected_before_seeding(seed):
    state = np.random.get_state()[1].copy()
    with pytest.raises(ValueError, match=f'the seed must be an integer from 0 to '
                                         f'{d2lmini.MAX_SEED}'):
        d2lmini.seed_everything(seed)
    np.testing.assert_array_equal(np.random.get_state()[1], state)  # nothing was seeded


def test_largest_seed_works():
    assert d2lmini.seed_everything(d2lmini.MAX_SEED) == d2lmini.MAX_SEED
    assert d2lmini.seed_everything(np.int64(7)) == 7


def test_timer_and_accumulator():
    timer = d2lmini.Timer()
    elapsed = timer.stop()
    timer.start()
    timer.stop()
    assert elapsed >= 0 and len(timer.times) == 2
    assert timer.sum() == pytest.approx(sum(timer.times))
    assert timer.cumsum()[-1] == pytest.approx(timer.sum())
    acc = d2lmini.Accumulator(2)
    acc.add(1.5, 2)
    acc.add(np.float32(0.5), 1)
    assert acc[0] == 2.0 and acc[1] == 3.0
    acc.reset()
    assert acc.data == [0.0, 0.0]


# --- data ---------------------------------------------------------------------------------

def test_gaussian_2d_matches_its_parameters():
    d2lmini.seed_everything(0)
    X = d2lmini.gaussian_2d(20000)
    assert X.shape == (20000, 2) and X.dtype == np.float32
    mean, cov = d2lmini.gaussian_2d_params()
    np.testing.assert_allclose(mean, [1, 2])
    np.testing.assert_allclose(cov, [[1.01, 1.95], [1.95, 4.25]])
    np.testing.assert_allclose(X.mean(0), mean, atol=0.05)
    np.testing.assert_allclose(np.cov(X.T), cov, rtol=0.05, atol=0.05)


def test_gaussian_2d_custom_parameters_and_errors():
    d2lmini.seed_everything(0)
    X = d2lmini.gaussian_2d(3000, A=np.eye(2) * 0.1, b=[-5, 5])
    np.testing.assert_allclose(X.mean(0), [-5, 5], atol=0.02)
    with pytest.raises(ValueError, match=r'A must have shape \(2, 2\)'):
        d2lmini.gaussian_2d(10, A=np.eye(3))
    with pytest.raises(ValueError, match='n must be a positive integer'):
        d2lmini.gaussian_2d(0)


def test_ring_of_gaussians():
    modes = d2lmini.ring_modes(8, 2.0)
    assert modes.shape == (8, 2)
    np.testing.assert_allclose(np.linalg.norm(modes, axis=1), 2.0, rtol=1e-6)
    d2lmini.seed_everything(0)
    X = d2lmini.ring_of_gaussians(800)
    assert X.shape == (800, 2) and X.dtype == np.float32
    nearest = np.linalg.norm(X[:, None] - modes[None], axis=2).min(axis=1)
    assert nearest.max() < 0.02 * 6  # every point sits close to a mode


def test_load_mnist_splits():
    parts = {split: d2lmini.load_mnist(split) for split in ('train', 'judge', 'reference')}
    sizes = {split: len(images) for split, (images, _) in parts.items()}
    assert sizes == {'train': 3000, 'judge': 1000, 'reference': 1000}
    for images, labels in parts.values():
        assert images.shape[1:] == (28, 28) and images.dtype == np.float32
        assert images.min() == -1.0 and images.max() == 1.0
        assert set(labels) == set(range(10))
        assert (np.diff(labels) != 0).mean() > 0.5  # shuffled, not sorted by class
    # The three splits are disjoint: no image of one appears in another
    keys = [{image.tobytes() for image in parts[s][0]} for s in parts]
    assert not (keys[0] & keys[1]) and not (keys[0] & keys[2]) and not (keys[1] & keys[2])
    # ... and independent of the global seed
    d2lmini.seed_everything(123)
    np.testing.assert_array_equal(d2lmini.load_mnist('judge')[1], parts['judge'][1])
    images, labels = d2lmini.load_mnist('all')
    assert images.shape == (5000, 28, 28) and np.bincount(labels).tolist() == [500] * 10


def test_load_mnist_errors():
    with pytest.raises(ValueError, match="unknown MNIST split 'test'"):
        d2lmini.load_mnist('test')


# --- metrics ------------------------------------------------------------------------------

def test_mean_cov_error_on_known_inputs():
    samples = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [2.0, 2.0]])
    # sample mean (1, 1); sample covariance (ddof 1) = 4/3 I
    result = metrics.mean_cov_error(samples, mean=[1, 1], cov=np.eye(2) * 4 / 3)
    assert result['mean_err'] == pytest.approx(0.0)
    assert result['cov_err'] == pytest.approx(0.0, abs=1e-12)
    result = metrics.mean_cov_error(samples + [3, 4], mean=[1, 1], cov=np.eye(2) * 2 / 3)
    assert result['mean_err'] == pytest.approx(5.0)
    assert result['cov_err'] == pytest.approx(1.0)  # twice the target: 100% off


def test_mean_cov_error_shape_errors():
    mean, cov = d2lmini.gaussian_2d_params()
    with pytest.raises(ValueError, match=r'samples must have shape \(n, 2\), got \(10, 3\)'):
        metrics.mean_cov_error(np.zeros((10, 3)), mean, cov)
    with pytest.raises(ValueError, match=r'samples must have shape \(n, 2\), got \(10,\)'):
        metrics.mean_cov_error(np.zeros(10), mean, cov)
    with pytest.raises(ValueError, match='NaN'):
        metrics.mean_cov_error(np.full((10, 2), np.nan), mean, cov)


def test_mmd_same_and_different():
    rng = np.random.RandomState(0)
    X, Y = rng.normal(size=(500, 2)), rng.normal(size=(500, 2))
    same = metrics.mmd(X, Y)
    shifted = metrics.mmd(X, Y + [2.0, 0.0])
    assert abs(same) < 0.005
    assert shifted > 0.1 and shifted > 50 * abs(same)
    with pytest.raises(ValueError, match=r'Y must have shape \(n, 2\)'):
        metrics.mmd(X, np.zeros((5, 3)))


def test_mmd_is_unbiased():
    # Averaged over many pairs from one distribution the estimate is 0 (about 0.0005 here);
    # the biased estimator, which keeps k(x, x) = 1, would average about 0.0075
    rng = np.random.RandomState(0)
    values = [metrics.mmd(rng.normal(size=(200, 2)), rng.normal(size=(200, 2)))
              for _ in range(30)]
    assert abs(np.mean(values)) < 0.002


def test_mode_coverage():
    modes = d2lmini.ring_modes(8, 2.0)
    d2lmini.seed_everything(0)
    full = metrics.mode_coverage(d2lmini.ring_of_gaussians(1000), modes, std=0.02)
    assert full['modes_covered'] == 8 and full['num_modes'] == 8
    assert full['high_quality'] > 0.95 and sum(full['counts']) <= 1000
    # A collapsed generator: everything on two modes, plus points far from any mode
    collapsed = np.concatenate([np.repeat(modes[:2], 300, axis=0), np.zeros((400, 2))])
    result = metrics.mode_coverage(collapsed, modes, std=0.02)
    assert result['modes_covered'] == 2 and result['covered_modes'] == [0, 1]
    assert result['high_quality'] == pytest.approx(0.6)
    assert result['counts'][:3] == [300, 300, 0]
    # A mode with fewer than min_share of the samples does not count
    few = np.concatenate([np.repeat(modes[:1], 995, axis=0), np.repeat(modes[1:2], 5, axis=0)])
    assert metrics.mode_coverage(few, modes, std=0.02)['modes_covered'] == 1


def test_frechet_distance_known_values():
    assert metrics.frechet_distance([0, 0], np.eye(2), [0, 0], np.eye(2)) == pytest.approx(0)
    # 1-D Gaussians: (mu1 - mu2)^2 + (sigma1 - sigma2)^2
    value = metrics.frechet_distance([0.0], [[1.0]], [3.0], [[4.0]])
    assert value == pytest.approx(9 + 1)
    singular = metrics.frechet_distance(np.zeros(2), np.diag([1.0, 0]), np.ones(2),
                                        np.diag([4.0, 0]))
    assert singular == pytest.approx(2 + 1)


def test_assert_fit_passes_and_fails(capsys):
    good = {'mean_err': 0.1, 'cov_err': 0.05, 'mean_err_true': 0.1, 'cov_err_true': 0.05}
    metrics.assert_fit('gaussian_2d', good)
    assert 'fit OK' in capsys.readouterr().out
    with pytest.raises(AssertionError) as info:
        metrics.assert_fit('gaussian_2d', {**good, 'mean_err': 0.5})
    message = str(info.value)
    assert 'mean_err = 0.5 < 0.3  FAILED' in message and 'cov_err = 0.05 < 0.2' in message
    # a cloud that fits its training points but not the true Gaussian fails too
    with pytest.raises(AssertionError, match=r'cov_err_true = 0.3 < 0.25  FAILED'):
        metrics.assert_fit('gaussian_2d', {**good, 'cov_err_true': 0.3})


def test_assert_fit_threshold_named_by_another_metric(capsys):
    good = {'fd': 5.0, 'blur_fd_1.1': 8.0, 'coverage': 10}
    metrics.assert_fit('dcgan_mnist', good)
    assert 'blur_fd_1.1 = 8' in capsys.readouterr().out
    with pytest.raises(AssertionError, match='fd = 9 < blur_fd_1.1 = 8  FAILED'):
        metrics.assert_fit('dcgan_mnist', {**good, 'fd': 9.0})
    with pytest.raises(AssertionError, match='coverage = 9 == 10  FAILED'):
        metrics.assert_fit('dcgan_mnist', {**good, 'coverage': 9})
    with pytest.raises(AssertionError, match='FAILED'):  # a diverged run never passes
        metrics.assert_fit('dcgan_mnist', {**good, 'fd': float('nan')})


def test_assert_fit_bad_input():
    with pytest.raises(ValueError, match="unknown kind 'gaussian'"):
        metrics.assert_fit('gaussian', {})
    with pytest.raises(ValueError, match=r"lack \['cov_err'\]"):
        metrics.assert_fit('gaussian_2d', {'mean_err': 0.1})


def test_every_threshold_is_documented():
    for kind, checks in metrics.THRESHOLDS.items():
        assert checks, kind
        for check in checks:
            assert set(check) == {'metric', 'op', 'threshold', 'reason'}, (kind, check)
            assert check['op'] in metrics._OPS, (kind, check)
            assert isinstance(check['threshold'], (int, float, str)), (kind, check)
            assert len(check['reason'].split()) >= 8, f'{kind}: say how it was chosen'


# --- plots --------------------------------------------------------------------------------

def test_animator_headless_records_data_only():
    animator = d2lmini.Animator(xlabel='epoch', ylabel='loss', legend=['D', 'G'],
                                nrows=1, ncols=2, figsize=(7, 2.5))
    assert not animator.jupyter and not animator.active and len(animator.axes) == 2
    for epoch in range(1, 4):
        animator.add(epoch, (1.0 / epoch, None if epoch == 2 else epoch))
    assert animator.X == [[1, 2, 3], [1, 3]]
    assert animator.Y[0] == pytest.approx([1, 0.5, 1 / 3]) and animator.Y[1] == [1, 3]
    assert animator.frames == [] and animator.finish() is None
    with pytest.raises(RuntimeError, match='record=True'):
        animator.animation_bytes()
    with pytest.raises(ValueError, match='2 curves'):
        animator.add(4, (1, 2, 3))


def test_animator_records_frames_and_makes_one_animation(tmp_path, monkeypatch):
    """One figure: an animation at the picture's own size and colours, ending on the final
    state, with no second, still picture of the same run."""
    from PIL import Image
    monkeypatch.setattr(d2lmini.plot, 'ANIM_MAX_FRAMES', 8)  # fewer frames: a faster test
    animator = d2lmini.Animator(xlabel='epoch', ylabel='loss', legend=['D'], nrows=1,
                                ncols=2, figsize=(7, 2.5), record=True,
                                titles=['losses', 'samples'])
    rng = np.random.RandomState(0)
    num_updates = d2lmini.plot.ANIM_MAX_FRAMES + 3
    for epoch in range(num_updates):
        animator.axes[1].cla()
        animator.axes[1].scatter(*rng.normal(size=(2, 100)), s=4)
        animator.add(epoch, rng.rand())
    assert len(animator.frames) == num_updates
    assert animator.axes[0].get_xlabel() == 'epoch'
    assert animator.axes[0].get_title() == 'losses'  # kept across redraws
    html = animator.finish()
    uris = re.findall(r'src="data:(image/\w+);base64,([^"]+)"', html)
    assert [mime for mime, _ in uris] == ['image/webp']
    # 30 frames should stay within a few hundred KB: about 20 KB a frame at most
    assert len(html) < 20_000 * d2lmini.plot.ANIM_MAX_FRAMES + 100_000
    path = tmp_path / 'training.webp'
    animator.save_animation(path)
    final = np.asarray(animator.frames[-1], dtype=float)
    with Image.open(path) as anim:
        assert anim.n_frames == d2lmini.plot.ANIM_MAX_FRAMES
        assert anim.size == animator.frames[0].size  # the picture's own size
        assert anim.info.get('loop') == 0
        anim.seek(anim.n_frames - 1)  # the last frame is the final state, in colour
        last = np.asarray(anim.convert('RGB'), dtype=float)
    assert np.abs(last - final).mean() < 3  # lossy, but the same picture
    assert (np.ptp(last, axis=2) > 30).any()  # coloured, not gray
    assert base64.b64decode(uris[0][1]) == path.read_bytes()


def test_save_animation_checks_the_path_before_writing(tmp_path):
    animator = d2lmini.Animator(record=True, figsize=(2, 1.5))
    with pytest.raises(RuntimeError, match='no frames recorded'):
        animator.save_animation(tmp_path / 'empty.webp')  # nothing to save: no empty file
    animator.add(1, 1.0)
    for path, message in [(tmp_path / 'anim.png', "must name a .webp file"),
                          (tmp_path / 'missing' / 'anim.webp', 'does not exist'),
                          (tmp_path, 'must name a .webp file')]:
        with pytest.raises(ValueError, match=message):
            animator.save_animation(path)
    assert list(tmp_path.iterdir()) == []
    animator.save_animation(tmp_path / 'anim.webp')  # the frames are still there
    assert (tmp_path / 'anim.webp').stat().st_size > 0


# --- writing results --------------------------------------------------------------------

def test_check_output_path_accepts_a_writable_path(tmp_path):
    path = tmp_path / 'out.npy'
    assert d2lmini.check_output_path(path, '.npy') == str(path)
    assert list(tmp_path.iterdir()) == []  # the probe file is gone


@pytest.mark.parametrize('make, message', [
    (lambda tmp: tmp / 'out.txt', r"must name a \.npy file"),
    (lambda tmp: tmp / '.npy', r"must name a \.npy file"),
    (lambda tmp: tmp / 'missing' / 'out.npy', 'the folder .*missing does not exist'),
    (lambda tmp: tmp / 'file' / 'out.npy', 'is a file, not a folder'),
    (lambda tmp: tmp / 'folder.npy', 'is a folder: name a .npy file'),
    (lambda tmp: '/proc/out.npy', 'does not accept new files'),  # even for root
])
def test_check_output_path_rejects_with_a_clear_message(tmp_path, make, message):
    (tmp_path / 'file').write_text('')
    (tmp_path / 'folder.npy').mkdir()
    with pytest.raises(ValueError, match=message):
        d2lmini.check_output_path(make(tmp_path), '.npy')


def test_save_with_fallback_keeps_the_result_when_the_folder_vanished(tmp_path, monkeypatch,
                                                                      capsys):
    monkeypatch.setattr('tempfile.tempdir', str(tmp_path))
    folder = tmp_path / 'gone'
    folder.mkdir()
    path = str(folder / 'samples.npy')
    d2lmini.check_output_path(path, '.npy')  # fine before the work ...
    folder.rmdir()  # ... but gone after it
    array = np.arange(6.0)
    written = d2lmini.save_with_fallback(path, lambda p: np.save(p, array), 'the samples')
    assert written != path and written.startswith(str(tmp_path))
    assert written.endswith('-samples.npy')
    np.testing.assert_array_equal(np.load(written), array)
    err = capsys.readouterr().err.strip()
    assert err.count('\n') == 0 and f'could not write the samples to {path}' in err
    assert written in err
    # a path that works is written directly, without a word
    assert d2lmini.save_with_fallback(str(tmp_path / 'ok.npy'),
                                      lambda p: np.save(p, array)) == str(tmp_path / 'ok.npy')
    assert capsys.readouterr().err == ''


def test_save_with_fallback_says_where_it_tried_when_all_fail(tmp_path, monkeypatch):
    temp, here = tmp_path / 'temp', tmp_path / 'here'
    temp.mkdir()
    here.mkdir()
    monkeypatch.setattr('tempfile.tempdir', str(temp))
    monkeypatch.chdir(here)

    def write(path):
        raise OSError(28, 'No space left on device')

    with pytest.raises(OSError, match=f'No space left on device.*{temp}.*{here}'):
        d2lmini.save_with_fallback(str(tmp_path / 'x.npy'), write)
    assert list(temp.iterdir()) == [] and list(here.iterdir()) == []  # no empty files


def test_show_images_and_strip():
    images, _ = d2lmini.load_mnist('reference')
    shown = d2lmini.show_images(images[:6], 2, 4, titles=list('abcdef'))
    axes = shown.fig.axes
    assert len(axes) == 8 and axes[0].get_title() == 'a'
    assert axes[0].images[0].get_clim() == (-1.0, 1.0)  # read as [-1, 1]
    shown = d2lmini.show_images((images[:4] + 1) / 2, 1, 4)
    assert shown.fig.axes[0].images[0].get_clim() == (0.0, 1.0)  # read as [0, 1]
    strip = d2lmini.interpolation_strip(images[:5])
    assert [ax.get_title() for ax in strip.fig.axes] == ['t=0.00', 't=0.25', 't=0.50',
                                                         't=0.75', 't=1.00']
    assert strip.fig.get_facecolor()[:3] == (1.0, 1.0, 1.0)  # white, also on dark themes


def test_show_images_errors():
    with pytest.raises(ValueError, match=r'shape \(N, height, width\)'):
        d2lmini.show_images(np.zeros((4, 784)), 2, 2)
    with pytest.raises(ValueError, match=r'\[-1, 1\] or \[0, 1\]'):
        d2lmini.show_images(np.full((4, 28, 28), 255.0), 2, 2)


def test_animator_long_runs_keep_few_frames(monkeypatch):
    monkeypatch.setattr(d2lmini.plot, 'FRAMES_IN_MEMORY', 4)
    animator = d2lmini.Animator(record=True, figsize=(2, 1.5))
    for step in range(10):
        animator.add(step, float(step))
    # Recorded updates 1, 2, 3, 4 -> thinned to 1, 3; then every 2nd: 5, 7 -> thinned to 1, 5;
    # then every 4th: 9
    assert len(animator.frames) == 3 and animator._stride == 4
    animator.finish()
    assert len(animator.frames) == 4  # the final state (update 10) is added at the end


# --- the neutral half of the training loop (d2lmini.training) ---------------------------

def test_monitor_history_snapshots_and_sampling():
    """One history schema; samples are drawn only for snapshots (and frames in Jupyter)."""
    calls = []

    def sample(n):
        calls.append(n)
        return np.zeros((n, 2))

    view = d2lmini.PointsView(d2lmini.gaussian_2d(300), num_samples=50)
    monitor = d2lmini.Monitor(8, view=view, num_snapshots=2, animate=True)
    assert monitor.animator is None  # headless: nothing is drawn
    for epoch in range(8):
        monitor.end_epoch(0.7, 0.69, 0.5, 10, sample)
    history = monitor.finish(net_G_sample='G')
    assert history['loss_D'] == [0.7] * 8 and history['seconds'] == [0.5] * 8
    assert history['steps'] == 80 and history['seconds_total'] == pytest.approx(4.0)
    assert history['steps_per_s'] == pytest.approx(20.0)
    assert [epoch for epoch, _ in history['snapshots']] == [4, 8] and calls == [50, 50]
    assert history['net_G_sample'] == 'G'


def test_views_draw_points_and_images():
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    fig, (ax1, ax2) = plt.subplots(1, 2)
    modes = d2lmini.ring_modes(8, 2.0)
    d2lmini.PointsView(d2lmini.ring_of_gaussians(100), markers=modes).draw(
        ax1, np.zeros((10, 2)), 3)
    assert ax1.get_xlabel() == '$x_1$' and ax1.get_title() == 'points after epoch 3'
    assert len(ax1.collections) == 3  # real, generated, modes
    d2lmini.ImagesView(4).draw(ax2, np.zeros((4, 3, 8, 8)), 1)  # colour, channels first
    assert ax2.images[0].get_array().shape == (16, 16, 3)
    plt.close(fig)
    with pytest.raises(ValueError, match='square number'):
        d2lmini.ImagesView(10)


def test_as_images_reads_every_layout():
    gray = np.full((2, 1, 5, 6), -1.0)  # PyTorch/MXNet layout, tanh range
    assert d2lmini.as_images(gray).shape == (2, 5, 6) and d2lmini.as_images(gray).max() == 0
    colour = np.ones((2, 5, 6, 3))  # TensorFlow layout
    assert d2lmini.as_images(colour).shape == (2, 5, 6, 3)
    assert d2lmini.as_images(np.ones((2, 3, 5, 6))).shape == (2, 5, 6, 3)
    with pytest.raises(ValueError, match='1 or 3 channels'):
        d2lmini.as_images(np.zeros((2, 5, 6, 2)))
    tiled = d2lmini.tile_images(d2lmini.as_images(colour), 1, 3)  # a missing image is black
    assert tiled.shape == (5, 18, 3) and tiled[:, 12:].max() == 0


def test_progress_bar_writes_epoch_losses_and_time_left():
    import io
    stream = io.StringIO()
    bar = d2lmini.training.ProgressBar(20, stream=stream)
    for epoch in range(1, 21):
        bar.update(epoch, 0.71, 0.69, epoch * 0.1)
    bar.close()
    lines = stream.getvalue().splitlines()
    assert len(lines) == 10  # a file gets a line about every tenth of the run
    assert lines[-1].startswith('[####################] epoch 20/20  loss_D 0.710  loss_G 0.690')
    assert lines[-1].endswith('0 s left')


@pytest.mark.parametrize('kwargs, message', [
    (dict(num_epochs=0), 'num_epochs must be a positive integer'),
    (dict(lr_D=0), 'lr_D must be a positive number'),
    (dict(beta1=1.0), r'beta1 must be a number in \[0, 1\)'),
    (dict(real_label=1.5), r'real_label must be a number in \(0, 1\]'),
    (dict(k=0), 'k must be a positive integer'),
    (dict(ema_decay=-0.1), r'ema_decay must be a number in \[0, 1\)'),
])
def test_check_train_args_says_what_to_change(kwargs, message):
    args = dict(num_epochs=1, lr_D=0.05, lr_G=0.005, latent_dim=2)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        d2lmini.check_train_args(**args)


def test_check_data_compares_shapes_and_k():
    batches = [(np.zeros((8, 2)),)] * 3
    d2lmini.check_data(batches, np.zeros((2, 2)), k=3)
    with pytest.raises(ValueError, match=r'shape \(2,\), but net_G makes \(3,\)'):
        d2lmini.check_data(batches, np.zeros((2, 3)))
    with pytest.raises(ValueError, match='k .4. is larger'):
        d2lmini.check_data(batches, np.zeros((2, 2)), k=4)
    with pytest.raises(ValueError, match='yields no minibatch'):
        d2lmini.check_data([], np.zeros((2, 2)))

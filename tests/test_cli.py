"""`python -m d2lmini run gaussian` for every framework: convergence for further seeds,
both training loops (`--loop fast`, the default, and `--loop plain`), and clear errors for
bad input, found before anything trains.

The chapter's notebooks assert the fit for the default seed (0); here the same training
runs through the command line for seeds 1 to 5 in each framework, against the same
thresholds (`d2lmini.THRESHOLDS['gaussian_2d']`). About 2,500 steps per run.

Every seed must fit, against the training points and against the true Gaussian: with the
chapter's LeakyReLU discriminator of 8 and 4 units, `make sweep` (seeds 1 to 200 with the
chapter's plain loop) measured no miss in 200 seeds in any framework (see the README), so a
miss among these 5 seeds is a regression, not bad luck. Every run is printed, and each is
reproducible by its seed.
"""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

import d2lmini

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = [1, 2, 3, 4, 5]
# WGAN-GP on the ring: 6,000 steps per seed (about 1 to 2 minutes on 2 cores), so CI checks
# two further seeds beside the notebook's seed 0
WGAN_SEEDS = [1, 2]
KEYS = {'experiment', 'framework', 'seed', 'loop', 'steps', 'seconds', 'steps_per_s',
        'mean_err', 'cov_err', 'mean_err_true', 'cov_err_true', 'loss_D', 'loss_G'}


def cli(*args, timeout=600, **environ):
    """Run the command line; `environ` sets environment variables (D2LMINI_SEED is unset
    unless given here, so that the caller's environment cannot change the test)."""
    env = {key: value for key, value in os.environ.items() if key != 'D2LMINI_SEED'}
    env.update(TF_CPP_MIN_LOG_LEVEL='2', **environ)
    return subprocess.run([sys.executable, '-m', 'd2lmini', *args], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


def importable(framework):
    try:
        d2lmini.import_framework(framework)
        return True
    except ImportError:
        return False


@pytest.mark.slow
@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_gaussian_fits_for_further_seeds(framework):
    if not importable(framework):
        pytest.skip(f'{framework} is not installed')
    failures = []
    for seed in SEEDS:
        done = cli('run', 'gaussian', '--framework', framework, '--seed', str(seed),
                   '--json')
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(result))
        assert KEYS <= set(result), KEYS - set(result)
        assert result['framework'] == framework and result['seed'] == seed
        assert result['loop'] == 'fast'  # the default: d2l.train_fast
        assert result['steps'] == 2500
        try:  # the notebooks' own check: every threshold of the experiment
            d2lmini.assert_fit('gaussian_2d', result)
        except AssertionError as err:
            failures.append(f'seed {seed}: {err}')
    assert not failures, '\n'.join(failures)


@pytest.mark.slow
@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_both_loops_train_and_say_which(framework):
    """One epoch with each loop: the JSON says which loop ran, and the progress bar (on
    stderr, when asked) reaches the last epoch."""
    if not importable(framework):
        pytest.skip(f'{framework} is not installed')
    for loop in ['plain', 'fast']:
        done = cli('run', 'gaussian', '--framework', framework, '--epochs', '1', '--loop',
                   loop, '--progress', '--json')
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        assert result['loop'] == loop and result['steps'] == 125, result
        assert 'epoch 1/1' in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_wgan_covers_the_ring_for_further_seeds(framework):
    """Chapter "Wasserstein GANs": WGAN-GP covers all 8 modes with at least 70%
    high-quality samples for seeds 1 and 2 (the notebook checks seed 0), against
    `d2lmini.THRESHOLDS['wgan_ring']`; the plain GAN with the same networks, learning rates
    and steps is reported beside it and must miss that bar for most seeds. About 6,000 steps
    per seed (3,000 for each GAN)."""
    if not importable(framework):
        pytest.skip(f'{framework} is not installed')
    failures, plain_passes = [], 0
    for seed in WGAN_SEEDS:
        done = cli('run', 'wgan_ring', '--framework', framework, '--seed', str(seed),
                   '--json', timeout=900)
        assert done.returncode == 0, done.stderr[-2000:]
        result = json.loads(done.stdout.strip().splitlines()[-1])
        print(json.dumps(result))
        assert result['framework'] == framework and result['seed'] == seed
        assert result['steps'] == 6000
        try:
            d2lmini.assert_fit('wgan_ring', result)
        except AssertionError as err:
            failures.append(f'seed {seed}: {err}')
        plain_passes += (result['plain_modes_covered'] == 8
                         and result['plain_high_quality'] >= 0.7)
    assert not failures, '\n'.join(failures)
    assert plain_passes <= 1, f'the plain GAN covered the ring for {plain_passes} seeds'


def assert_one_clear_line(done, message):
    assert done.returncode == 2, (done.returncode, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert message in lines[0] and 'Traceback' not in done.stderr, lines[0]
    assert done.stdout == ''  # nothing ran


@pytest.mark.parametrize('args, message', [
    (['run', 'gaussian', '--framework', 'jax', '--json'], 'unknown framework'),
    (['run', 'gaussian', '--framework', 'pytorch', '--epochs', '0'], '--epochs'),
    (['run', 'gaussian', '--framework', 'pytorch', '--epochs', 'many'], '--epochs'),
    (['run', 'gaussian', '--framework', 'pytorch', '--seed', 'x'], '--seed'),
    (['run', 'gaussian', '--framework', 'pytorch', '--seed', '-5'], '--seed'),
    (['run', 'gaussian', '--framework', 'pytorch', '--seed', str(d2lmini.MAX_SEED + 1)],
     '--seed'),
    (['run', 'gaussians', '--framework', 'pytorch'], 'gaussians'),
    (['run', 'gaussian', '--framework', 'pytorch', '--loop', 'compiled'], '--loop'),
    # The ring's minibatch feature needs separate real and fake passes: the plain loop
    (['run', 'ring', '--framework', 'pytorch', '--loop', 'fast'], 'trains with --loop plain'),
    (['run', 'wgan_ring', '--framework', 'pytorch', '--loop', 'fast'],
     'trains with --loop plain'),
    (['run', 'wgan_ring', '--framework', 'mxnet', '--epochs', '-1'], '--epochs'),
    (['run', 'gaussian', '--framework', 'pytorch', '--samples', 'out.npy'], 'samples'),
    (['run', 'mlp', '--framework', 'pytorch', '--samples', 'out.txt'], 'must name a .npy'),
    # The conditional GAN writes images and labels: an .npz file, from the plain loop
    (['run', 'cgan', '--framework', 'pytorch', '--samples', 'out.npy'], 'must name a .npz'),
    (['run', 'cgan', '--framework', 'mxnet', '--loop', 'fast'], 'trains with --loop plain'),
    (['run', 'cgan', '--framework', 'tensorflow', '--samples', '/nonexistent-dir/x.npz'],
     'the folder /nonexistent-dir does not exist'),
    # The case of issue 12: this trained for minutes, then lost the samples
    (['run', 'dcgan', '--framework', 'tensorflow', '--samples', '/nonexistent-dir/x.npy',
      '--epochs', '1'], 'the folder /nonexistent-dir does not exist'),
    (['run', 'dcgan', '--framework', 'pytorch', '--samples', '/proc/x.npy'],
     'does not accept new files'),  # a folder nobody can write to, not even root
])
def test_bad_input_gives_one_clear_line_and_exit_code_2(args, message):
    assert_one_clear_line(cli(*args, timeout=120), message)


def test_samples_path_that_is_a_folder_or_under_a_file(tmp_path):
    (tmp_path / 'taken.npy').mkdir()
    (tmp_path / 'file').write_text('')
    for path, message in [(tmp_path / 'taken.npy', 'is a folder'),
                          (tmp_path / 'file' / 'x.npy', 'is a file, not a folder')]:
        assert_one_clear_line(cli('run', 'mlp', '--framework', 'mxnet', '--samples',
                                  str(path), timeout=120), message)


@pytest.mark.parametrize('value', ['abc', '-5'])
def test_bad_seed_in_the_environment_gives_one_clear_line(value):
    done = cli('run', 'gaussian', '--framework', 'pytorch', timeout=120, D2LMINI_SEED=value)
    assert_one_clear_line(done, f"D2LMINI_SEED must be an integer from 0 to "
                                f"{d2lmini.MAX_SEED}, got '{value}': set it")


def test_samples_written_to_a_fallback_when_saving_fails_after_training(
        tmp_path, monkeypatch, capsys):
    """The folder of --samples vanishes during training: the samples are kept elsewhere.

    Runs the command line in this process with the real image experiment, but with a fake
    framework module whose training takes no time (and removes the folder) and a fake judge.
    """
    import json as json_module
    import types

    import numpy as np

    from d2lmini import cli as cli_module
    from d2lmini.cli.runs import _image_gan
    monkeypatch.setattr('tempfile.tempdir', str(tmp_path))
    folder = tmp_path / 'out'
    folder.mkdir()
    images = np.random.RandomState(0).rand(_image_gan.NUM_SAMPLES, 28, 28)

    def train_fast(net_D, net_G, *args, **kwargs):
        folder.rmdir()  # e.g. a clean-up job, while the run trains
        return {'steps': 1, 'seconds_total': 1.0, 'steps_per_s': 1.0, 'loss_D': [0.7],
                'loss_G': [0.7], 'net_G_sample': net_G}

    fake = types.SimpleNamespace(DCGANGenerator=lambda latent_dim: 'G',
                                 DCGANDiscriminator=lambda: 'D', train_fast=train_fast,
                                 load_array_fast=lambda arrays, batch_size: arrays,
                                 IMAGE_SHAPE=(28, 28),
                                 generate=lambda net_G, n, latent_dim: images[:n] * 2 - 1)
    monkeypatch.setattr(cli_module, 'import_framework', lambda name: fake)
    monkeypatch.setattr(cli_module, 'seed_everything', lambda seed: seed)
    scores = dict.fromkeys(['fd', 'real_fd', 'blur_fd_1.1', 'blur_fd_1.5', 'coverage',
                            'entropy'], 0.0)
    judge = types.SimpleNamespace(score=lambda generated: scores)
    monkeypatch.setattr('d2lmini.judge.DigitJudge.load', lambda verbose: judge)
    path = str(folder / 'samples.npy')
    code = cli_module.main(['run', 'dcgan', '--framework', 'pytorch', '--samples', path,
                            '--json'])
    out, err = capsys.readouterr()
    result = json_module.loads(out)
    assert code == cli_module.EXIT_FALLBACK == 1
    assert result['samples'] != path and result['samples'].startswith(str(tmp_path))
    np.testing.assert_allclose(np.load(result['samples']), images, atol=1e-6)  # via as_images
    assert err.count('\n') == 1 and result['samples'] in err and path in err


CGAN_KEYS = {'experiment', 'framework', 'seed', 'loop', 'steps', 'seconds', 'steps_per_s',
             'min_class_accuracy', 'mean_class_accuracy', 'class_accuracy', 'fd', 'real_fd',
             'blur_fd_1.1', 'blur_fd_1.5', 'coverage', 'noise_scale', 'num_per_class',
             'samples', 'loss_D', 'loss_G'}


@pytest.mark.slow
@pytest.mark.parametrize('framework', list(d2lmini.FRAMEWORKS))
def test_cgan_writes_images_and_their_requested_labels(framework, tmp_path):
    """One epoch of `run cgan` with --samples: an .npz with `images` (n, 28, 28) in [0, 1]
    and `labels`, at least 100 samples per digit, and the per-class report. (The chapter's
    quality, 20 epochs, is asserted by its notebooks; one epoch only checks the plumbing.)"""
    if not importable(framework):
        pytest.skip(f'{framework} is not installed')
    path = str(tmp_path / 'cgan.npz')
    done = cli('run', 'cgan', '--framework', framework, '--seed', '1', '--epochs', '1',
               '--samples', path, '--json')
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert CGAN_KEYS <= set(result), CGAN_KEYS - set(result)
    assert result['loop'] == 'plain' and result['steps'] == 93 and result['samples'] == path
    assert len(result['class_accuracy']) == 10
    with np.load(path) as saved:
        images, labels = saved['images'], saved['labels']
    assert images.shape == (len(labels), 28, 28) and images.dtype == np.float32
    assert 0 <= images.min() and images.max() <= 1 and np.isfinite(images).all()
    counts = np.bincount(labels, minlength=10)
    assert len(counts) == 10 and counts.min() >= 100, counts

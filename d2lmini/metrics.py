"""Measuring what a GAN learned, and the thresholds the chapters assert.

- `mean_cov_error`: how far a 2-D cloud's mean and covariance are from the target's.
- `mmd`: the (unbiased) maximum mean discrepancy between two samples, 0 for one distribution.
- `mode_coverage`: how many modes of a ring of Gaussians a generator reaches.
- `frechet_distance`: the distance between two Gaussians, the core of FID and `DigitJudge`.
- `THRESHOLDS` and `assert_fit`: the convergence checks of the notebooks, in one place.
"""
import operator

import numpy as np

__all__ = ['mean_cov_error', 'mmd', 'mode_coverage', 'frechet_distance', 'THRESHOLDS',
           'assert_fit']


def _as_points(samples, dim=None, name='samples'):
    """Return `samples` as a float64 (n, dim) array, or raise a ValueError that says why."""
    array = np.asarray(samples, dtype=np.float64)
    want = f'(n, {dim})' if dim is not None else '(n, d)'
    if array.ndim != 2 or (dim is not None and array.shape[1] != dim):
        raise ValueError(f'{name} must have shape {want}, got {array.shape}')
    if len(array) < 2:
        raise ValueError(f'{name} needs at least 2 points, got {len(array)}')
    if not np.all(np.isfinite(array)):
        raise ValueError(f'{name} contains NaN or infinite values: did training diverge?')
    return array


def mean_cov_error(samples, mean, cov):
    """Compare the sample mean and covariance of `samples` (n, d) with a target Gaussian.

    Returns a dict: `mean_err`, the Euclidean distance between the sample mean and `mean`
    (in data units), and `cov_err`, the relative Frobenius error
    ||sample cov - cov||_F / ||cov||_F (0.1 means the covariance is off by about 10%).
    """
    mean = np.asarray(mean, dtype=np.float64)
    cov = np.asarray(cov, dtype=np.float64)
    if mean.ndim != 1:
        raise ValueError(f'mean must be a vector, got shape {mean.shape}')
    d = len(mean)
    if cov.shape != (d, d):
        raise ValueError(f'cov must have shape ({d}, {d}) to match mean, got {cov.shape}')
    X = _as_points(samples, d)
    mean_err = np.linalg.norm(X.mean(axis=0) - mean)
    cov_err = np.linalg.norm(np.cov(X, rowvar=False) - cov) / np.linalg.norm(cov)
    return {'mean_err': float(mean_err), 'cov_err': float(cov_err)}


def _squared_distances(X, Y):
    """All squared Euclidean distances between the rows of X and of Y."""
    sq = (X ** 2).sum(1)[:, None] + (Y ** 2).sum(1)[None, :] - 2 * X @ Y.T
    return np.maximum(sq, 0.0)  # rounding can make tiny distances negative


def mmd(X, Y, bandwidths=(0.1, 0.3, 1.0, 3.0)):
    """Unbiased estimate of the squared maximum mean discrepancy between samples X and Y.

    The kernel is the average of RBF kernels exp(-||x - y||^2 / (2 h^2)) over the
    `bandwidths` h (in data units; several widths catch both fine and coarse differences).
    The estimate is about 0 (it can be slightly negative) when X and Y come from one
    distribution and grows towards 2 as they separate. X is (n, d), Y is (m, d).
    """
    X = _as_points(X, name='X')
    Y = _as_points(Y, X.shape[1], name='Y')
    bandwidths = np.atleast_1d(np.asarray(bandwidths, dtype=np.float64))
    if bandwidths.size == 0 or np.any(bandwidths <= 0):
        raise ValueError(f'bandwidths must be positive numbers, got {bandwidths.tolist()}')

    def kernel(A, B):
        sq = _squared_distances(A, B)
        return np.mean([np.exp(-sq / (2 * h ** 2)) for h in bandwidths], axis=0)

    n, m = len(X), len(Y)
    K_XX, K_YY, K_XY = kernel(X, X), kernel(Y, Y), kernel(X, Y)
    # Unbiased: leave out the diagonal k(x_i, x_i) = 1 of the within-sample terms
    within_X = (K_XX.sum() - np.trace(K_XX)) / (n * (n - 1))
    within_Y = (K_YY.sum() - np.trace(K_YY)) / (m * (m - 1))
    return float(within_X + within_Y - 2 * K_XY.mean())


def mode_coverage(samples, modes, std, min_share=0.02):
    """Count the modes of a mixture that a generator's `samples` (n, d) reach.

    A sample is *high quality* when it lies within 3 `std` of its nearest mode (`modes` is
    (k, d)); a mode is *covered* when at least `min_share` of all samples (default 2%) are
    high-quality samples of that mode. Returns a dict: `modes_covered` (int, out of
    `num_modes`), `covered_modes` (their indices, in the order of `modes`), `high_quality`
    (fraction of samples within 3 std of some mode) and `counts` (list: high-quality samples
    per mode). This is the measure of Srivastava et al. (2017) on the ring of Gaussians of
    Metz et al. (2016).
    """
    modes = np.asarray(modes, dtype=np.float64)
    if modes.ndim != 2:
        raise ValueError(f'modes must have shape (k, d), got {modes.shape}')
    X = _as_points(samples, modes.shape[1])
    if not std > 0:
        raise ValueError(f'std must be positive, got {std!r}')
    if not 0 < min_share <= 1:
        raise ValueError(f'min_share must be in (0, 1], got {min_share!r}')
    distances = np.sqrt(_squared_distances(X, modes))
    nearest = distances.argmin(axis=1)
    close = distances[np.arange(len(X)), nearest] <= 3 * std
    counts = np.bincount(nearest[close], minlength=len(modes))
    covered = counts >= min_share * len(X)
    return {'modes_covered': int(covered.sum()),
            'covered_modes': np.flatnonzero(covered).tolist(),
            'num_modes': len(modes),
            'high_quality': float(close.mean()),
            'counts': counts.tolist()}


def _sqrt_psd(cov):
    """Square root of a symmetric positive semi-definite matrix (negative rounding -> 0)."""
    values, vectors = np.linalg.eigh(cov)
    return (vectors * np.sqrt(np.clip(values, 0, None))) @ vectors.T


def frechet_distance(mu1, cov1, mu2, cov2):
    """Fréchet distance between N(mu1, cov1) and N(mu2, cov2).

    ||mu1 - mu2||^2 + tr(cov1 + cov2 - 2 (cov1 cov2)^(1/2)): the formula behind FID. It is 0
    for identical Gaussians and in squared feature units otherwise.
    """
    mu1, mu2 = np.asarray(mu1, np.float64), np.asarray(mu2, np.float64)
    cov1, cov2 = np.asarray(cov1, np.float64), np.asarray(cov2, np.float64)
    if mu1.shape != mu2.shape or cov1.shape != cov2.shape or cov1.shape != 2 * mu1.shape:
        raise ValueError(f'shapes do not match: mu {mu1.shape}, {mu2.shape}; '
                         f'cov {cov1.shape}, {cov2.shape}')
    # tr((cov1 cov2)^(1/2)) = tr((s cov2 s)^(1/2)) with s = cov1^(1/2): the matrix s cov2 s
    # is symmetric, so its eigenvalues are real and stay stable when a covariance is
    # singular (e.g. features that are always 0)
    s = _sqrt_psd(cov1)
    eigenvalues = np.linalg.eigvalsh(s @ cov2 @ s)
    trace_sqrt = np.sqrt(np.clip(eigenvalues, 0, None)).sum()
    value = np.sum((mu1 - mu2) ** 2) + np.trace(cov1) + np.trace(cov2) - 2 * trace_sqrt
    return float(max(value, 0.0))


# The convergence checks the notebooks assert, by experiment kind. Each check compares one
# measured metric with a threshold, which is either a number or the name of another metric in
# the same dict (e.g. the judge's blurred-digit reference `blur_fd_1.1`, measured alongside).
# Every check says how its threshold was chosen. Add a kind here, not in a notebook.
THRESHOLDS = {
    'gaussian_2d': [
        dict(metric='mean_err', op='<', threshold=0.3,
             reason='Measured against the mean of the 1,000 training points, all the '
                    'generator sees: two independent draws of 1,000 true points differ by '
                    '0.06 on average and 0.2 at the 99th percentile, so 0.3 leaves room for '
                    'the GAN but fails a cloud that missed the centre b.'),
        dict(metric='cov_err', op='<', threshold=0.2,
             reason='Relative Frobenius error against the training points\' covariance: '
                    'true samples err by 0.04 on average and 0.1 at the 99th percentile; '
                    'within 20% the cloud has the right size, tilt and elongation, while a '
                    'collapsed or round cloud is far above it.'),
        dict(metric='mean_err_true', op='<', threshold=0.3,
             reason='The same mean error against the true centre b: the training points\' '
                    'own mean is 0.06 away from it on average, so a fitting cloud passes '
                    'both checks, and a cloud that fits an unlucky draw but misses the '
                    'Gaussian fails this one.'),
        dict(metric='cov_err_true', op='<', threshold=0.25,
             reason='Relative covariance error against the true A^T A; 0.05 looser than '
                    'against the training points, because 1,000 true points themselves '
                    'err by up to 0.1 (99th percentile) from it.'),
    ],
    # Glassner's round blob N((5, 5), I) in the 2-D chapter: 10,000 training points,
    # 10,000 generated ones, uniform noise, a 16-unit LeakyReLU G, 13 epochs of batch 32
    'glassner_2d': [
        dict(metric='mean_err', op='<', threshold=0.15,
             reason='Samples of the average of G (ema_decay 0.99), against the mean of '
                    'the 10,000 training points: 0.003 to 0.054 over seeds 0-4 in PyTorch '
                    'and MXNet and 0-3 in TensorFlow (10,000 true points: 0.01 on average, '
                    '0.03 at the 99th percentile). The last G itself wanders: up to 0.24.'),
        dict(metric='cov_err', op='<', threshold=0.25,
             reason='Relative Frobenius error against the training points\' covariance: '
                    '0.018 to 0.169 over the same runs (true points: 0.02, 0.03 at the 99th '
                    'percentile); with a slower discriminator (Adam 1e-3 / 2e-4) the blob '
                    'stayed a tilted ellipse at 0.7 to 0.9.'),
        dict(metric='mean_err_true', op='<', threshold=0.15,
             reason='The same against the true centre (5, 5): 0.007 to 0.072 over the same '
                    'runs; 10,000 true points are 0.01 away from it on average.'),
        dict(metric='cov_err_true', op='<', threshold=0.25,
             reason='The same against the true covariance I: 0.022 to 0.156 over the same '
                    'runs; 10,000 true points err by about 0.02 from it.'),
    ],
    'mlp_mnist': [
        dict(metric='fd', op='<', threshold='blur_fd_1.5',
             reason='A fully connected GAN draws rough, wobbly strokes; it must at least '
                    'beat real digits blurred with a 1.5-pixel Gaussian, which are still '
                    'readable but smeared.'),
        dict(metric='coverage', op='==', threshold=10,
             reason='Every digit class must appear in at least 2% of the samples: fewer '
                    'classes means the generator has (partly) collapsed.'),
    ],
    'dcgan_mnist': [
        dict(metric='fd', op='<', threshold='blur_fd_1.1',
             reason='Recognisable digits score below real digits blurred with a 1.1-pixel '
                    'Gaussian (FD 8.35); the convolutional generator must get there. '
                    'Measured with the chapter recipe (EMA samples): FD 5.1 to 8.2 over '
                    'three frameworks and seeds 0 to 2 at 40 to 60 epochs (eight runs, '
                    'MXNet and TensorFlow the highest), while the MLP GAN stays above it. '
                    'Run-to-run noise is about +-1, so the margin is real but not wide.'),
        dict(metric='coverage', op='==', threshold=10,
             reason='Every digit class must appear in at least 2% of the samples: fewer '
                    'classes means the generator has (partly) collapsed.'),
    ],
    # Chapter "Conditional GANs": 200 samples per requested digit (the FD on the first 1,000,
    # 100 per digit), at the chapter's noise scale (0.9)
    'cgan_mnist': [
        dict(metric='min_class_accuracy', op='>=', threshold=0.9,
             reason='For every requested digit the judge must read at least 90% of its '
                    'samples as that digit (the bar of issue 16). Chapter recipe (20 epochs, '
                    'projection + auxiliary classifier), noise scale 0.9: the weakest class '
                    'at 0.935 to 0.95 (seed 0, three frameworks) and 0.905, 0.965, 0.95 '
                    '(seed 1: PyTorch, TensorFlow, MXNet), a thin margin; at scale 0.8 it '
                    'was 0.96 to 0.98, at 1.0 0.92 to 0.94 (seed 0); the judge itself reads its weakest class of real '
                    'digits correctly 83% of the time, and a generator that ignores the '
                    'label scores about 0.1.'),
        dict(metric='fd', op='<', threshold='blur_fd_1.1',
             reason='As for the DCGAN: the conditional DCGAN must draw digits closer to real '
                    'ones than real digits blurred by 1.1 pixels (FD 8.36). Chapter recipe '
                    'at 20 epochs, noise scale 0.9: FD 4.7 to 5.9 (seeds 0 and 1, three '
                    'frameworks); at 1.0 4.6 to 5.2, at 0.8 6.5 to 7.5 (seed 0); shrinking the noise costs diversity, which the FD '
                    'sees, so 0.9 keeps a margin on both checks.'),
        dict(metric='coverage', op='==', threshold=10,
             reason='Every digit class in at least 2% of the samples (implied when each '
                    'requested class is drawn correctly 90% of the time).'),
    ],
    # Chapter "Training GANs on several devices": 2 workers vs 1 process, 5 float64 steps
    # of both players on the same rows and noise (research: 3e-13 PyTorch DDP, 3e-15
    # TensorFlow, 2e-16 MXNet in one process; every mistake tried was 1e-3 or more)
    'dist_equivalence': [
        dict(metric='max_diff', op='<', threshold=1e-9,
             reason='With synchronized batch norm two workers compute the single-process '
                    'step; in float64 only the order of summation differs (measured 4e-13 '
                    'PyTorch, 1e-14 TensorFlow). Local batch norm, a per-worker mean loss '
                    'or a reset optimizer give 1e-3 or more.'),
        dict(metric='max_diff_local_bn', op='>', threshold=1e-4,
             reason='Local batch norm normalizes over 16 images per worker, not 32: a '
                    'different computation (measured 9e-3 after 5 steps), which the '
                    'chapter explains; if it matched, the test could not tell them apart.'),
        dict(metric='max_diff_workers', op='==', threshold=0,
             reason='Every worker applies the same averaged gradients to the same weights, '
                    'so the workers agree bit for bit (batch norm running averages left out).'),
    ],
    'dist_equivalence_mxnet': [
        dict(metric='max_diff', op='<', threshold=1e-6,
             reason='MXNet has no synchronized batch norm: the control is a generator '
                    'without batch norm. Its dist_sync kvstore sums float64 arrays in '
                    'float32, so agreement stops at float32 rounding (measured 4.5e-8; 2e-16 '
                    'with two devices in one process); every mistake tried was 1e-3 or more.'),
        dict(metric='max_diff_local_bn', op='>', threshold=1e-4,
             reason='Local batch norm normalizes over 16 images per worker, not 32: a '
                    'different computation (measured 1e-2 after 5 steps).'),
        dict(metric='max_diff_workers', op='==', threshold=0,
             reason='Every worker applies the same summed gradients to the same weights, '
                    'so the workers agree bit for bit (batch norm running averages left out).'),
    ],
    # tests/test_dist.py: the DCGAN for 10 epochs (930 steps) with 2 workers and with 1
    # process (the same worker program), 1,000 EMA samples judged
    'dcgan_mnist_workers': [
        dict(metric='fd', op='<', threshold='blur_fd_1.5',
             reason='After 10 of the DCGAN chapter\'s 60 epochs the digits are recognisable '
                    'but not yet sharp: measured FD (2 workers / 1 process, seed 0) 13.3 / 14.0 '
                    'PyTorch, 15.2 / 15.6 TensorFlow, 12.4 / 13.6 MXNet; the 1.5-pixel blur '
                    'scores 21.0.'),
        dict(metric='coverage', op='==', threshold=10,
             reason='Every digit class must appear in at least 2% of the samples.'),
        dict(metric='fd_ratio', op='<', threshold=1.5,
             reason='Data parallelism must not cost quality: the 2-worker FD may exceed the '
                    'single process\'s by at most half (run-to-run noise at 10 epochs is '
                    'a few FD units; measured ratios 0.95 PyTorch, 0.98 TensorFlow, '
                    '0.91 MXNet).'),
    ],
    # Chapter "When GANs fail": 2,000 samples of each GAN on the ring of 8 Gaussians
    'ring': [
        dict(metric='remedy_modes_covered', op='>=', threshold=7,
             reason='With minibatch standard deviation every run covered all 8 modes '
                    '(seeds 0-3 in each framework); 7 leaves one mode of margin, while a '
                    'collapsed generator covers 0-2. The plain GAN is not asserted: it '
                    'covered 0 modes in 9 of 12 runs but 3, 5 and 8 in the others.'),
        dict(metric='remedy_high_quality', op='>=', threshold=0.5,
             reason='Share of samples within 3 std of a mode: 0.73-0.89 over seeds 0-3 '
                    'in the three frameworks (real data: 0.99); at least half rules out a '
                    'generator that only smears its points along the circle.'),
    ],
    # Chapter "Wasserstein GANs": 2,000 samples of WGAN-GP's averaged G on the ring
    'wgan_ring': [
        dict(metric='wgan_modes_covered', op='==', threshold=8,
             reason='WGAN-GP covered all 8 modes in every prototype run (5 seeds in each '
                    'framework); the plain GAN with the same networks, learning rates and '
                    'steps covered 1 to 3. One missing mode is a regression.'),
        dict(metric='wgan_high_quality', op='>=', threshold=0.7,
             reason='Share of samples within 3 std of a mode (real data: 0.99). The issue '
                    'asks for 70%; the prototype runs measured 0.82 to 0.90 in PyTorch and '
                    'TensorFlow.'),
    ],
    # Chapter "Wasserstein GANs": 1,000 digits of the averaged G after a few epochs
    'wgan_mnist': [
        dict(metric='fd', op='<', threshold='blur_fd_1.5',
             reason='A short run (6 epochs, about 560 critic steps): WGAN-GP (PyTorch, '
                    'TensorFlow) and the hinge loss with spectral normalisation (MXNet) '
                    'must beat real digits blurred by 1.5 pixels; longer runs get below '
                    'the 1.1-pixel blur.'),
        dict(metric='coverage', op='==', threshold=10,
             reason='Every digit class must appear in at least 2% of the samples: fewer '
                    'classes means the generator has (partly) collapsed.'),
    ],
    # The numeric demos of the theory chapters (numpy only, no GAN training)
    'mixture_fit': [
        dict(metric='nll_gap', op='<', threshold=0.02,
             reason='Held-out negative log-likelihood of the EM fit minus that of the true '
                    'mixture, in nats per point, 1,000 training points: at most 0.007 over '
                    '20 seeds, while a two-component fit that merges two bumps is 0.06 worse.'),
    ],
    'optimal_discriminator': [
        dict(metric='max_err', op='<', threshold=0.05,
             reason='Largest |D_hat - D*| on [-2, 2.5] for logistic regression trained on '
                    '20,000 samples per class: at most 0.03 over 20 seeds; a classifier '
                    'without the x**2 feature is off by 0.6.'),
    ],
    'optimal_discriminator_value': [
        dict(metric='value_gap', op='<', threshold=0.03,
             reason='|V(D_hat, G) - C(G)| with V estimated on 20,000 fresh samples per '
                    'class: at most 0.011 over 20 seeds, while C(G) + log 4 = 2 JSD = 0.45.'),
    ],
}

_OPS = {'<': operator.lt, '<=': operator.le, '>': operator.gt, '>=': operator.ge,
        '==': operator.eq}


def _format(value):
    return f'{value:.4g}' if isinstance(value, float) else str(value)


def assert_fit(kind, metrics):
    """Check `metrics` (a dict) against `THRESHOLDS[kind]`; print one line when all pass.

    Raises AssertionError listing every measured value next to its threshold when a check
    fails, so a failing notebook says what it measured. Returns the list of check lines.
    """
    if kind not in THRESHOLDS:
        raise ValueError(f'unknown kind {kind!r}: choose one of '
                         + ', '.join(map(repr, THRESHOLDS)))
    lines, failed = [], False
    for check in THRESHOLDS[kind]:
        name, op, threshold = check['metric'], check['op'], check['threshold']
        needed = [name] + ([threshold] if isinstance(threshold, str) else [])
        missing = [key for key in needed if key not in metrics]
        if missing:
            raise ValueError(f'metrics for {kind!r} lack {missing}; they hold '
                             f'{sorted(metrics)}')
        value = metrics[name]
        bound = metrics[threshold] if isinstance(threshold, str) else threshold
        bound_text = (f'{threshold} = {_format(bound)}' if isinstance(threshold, str)
                      else _format(bound))
        ok = bool(np.isfinite(value)) and _OPS[op](value, bound)
        failed |= not ok
        lines.append(f'{name} = {_format(value)} {op} {bound_text}'
                     + ('' if ok else f'  FAILED ({check["reason"]})'))
    if failed:
        raise AssertionError(f'fit check {kind!r} failed:\n  ' + '\n  '.join(lines))
    print(f'fit OK ({kind}): ' + ', '.join(lines))
    return lines

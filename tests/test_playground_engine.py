"""The GAN playground's engine (book/_static/playground/gan-playground-engine.js), alone in Node.

The engine holds the playground's maths and no DOM, so these tests run it headless:
- its hand-derived gradients against finite differences;
- a replay of its steps with the 2-D chapter's own PyTorch code (`SmallDiscriminator`,
  `LinearGenerator`, `update_D`, `update_G`, Adam as `train` makes it) gives the same weights;
- its presets are the chapters' hyper-parameters (d2lmini.configs) and its data the chapters';
- minibatches as the chapter's `load_array`;
- it learns the chapter's 2-D Gaussian to the notebooks' thresholds;
- the chapter's "bad start" demo shows what the text says: the saturating loss stalls, the
  non-saturating one moves;
- WGAN-GP: the gradient penalty's hand-derived gradient in the critic's weights against
  finite differences, its steps replayed with PyTorch's double backpropagation, and on the
  ring it covers the modes where the saturating loss does not.
The page around it (drawing, controls, speed) is tested in Chromium by test_playground.py.
Measured numbers are printed (run with `-s` to see them).
"""
import html.parser
import json
import pathlib
import re
import shutil
import subprocess

import numpy as np
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLAYGROUND = ROOT / 'book' / '_static' / 'playground'
ENGINE = PLAYGROUND / 'gan-playground-engine.js'
NODE = shutil.which('node')
if NODE is None:
    pytest.skip('Node.js not found: install it (the book needs it for npm too)',
                allow_module_level=True)

# Evaluates a JavaScript function, given as source, on JSON arguments from stdin, with the
# engine loaded as `GANPlayground`; prints the JSON of its result
RUNNER = '''
const GANPlayground = require(process.argv[1]);
let input = '';
process.stdin.on('data', (chunk) => { input += chunk; });
process.stdin.on('end', () => {
  const { source, args } = JSON.parse(input);
  const result = eval(`(${source})`)(...args);
  process.stdout.write(JSON.stringify(result));
});
'''

# The seeds the convergence test trains with (fixed, not chosen to pass: 0 to 9)
SEEDS = range(10)
# Over seeds 0-199, with the chapter's recipe and its fit measured as the chapter measures
# it (10,000 samples against the training data), the engine missed the notebooks'
# thresholds once with the chapter's discriminator, 2 -> 8 -> 4 -> 1 LeakyReLU (seed 2:
# covariance error 0.243), and once with d2l's tanh one, 2 -> 5 -> 3 -> 1 (seed 103).
# Measured as the engine measured before, on 1,000 samples against the true Gaussian, the
# same runs missed 3 and 16 times: most of those misses were the noise of 1,000 samples
# and of the data draw, not stalls (`node bench/playground_seeds.js [--tanh]` counts them).
# Seed 2 is among SEEDS: allow one miss; at 1 miss in 200, two misses in 10 seeds happen in
# 0.1% of seed sets, while an engine that learns wrong misses most
MIN_SEEDS_CONVERGED = 9
# The chapter's "bad start" demo: G's points start 2 data standard deviations from the
# data and D is trained alone first, so that it rejects them confidently; then plain SGD
BAD_START_STEPS = 1600  # SGD's steps on mean losses are small: about 5 s at the page's speed
MIN_GRADIENT_RATIO = 10  # non-saturating gradient at least 10x the saturating one
REPLAY_STEPS = 50
REPLAY_TOLERANCE = 1e-6
WGAN_REPLAY_STEPS = 10
# WGAN-GP against the saturating loss on the ring (fixed seeds, not chosen to pass), in
# the budget the page's help names (GANPlayground.WGAN_RING_STEPS generator steps)
WGAN_SEEDS = (0, 1)  # about 15 s of CPU each
WGAN_MIN_HIGH_QUALITY = 0.5  # share of WGAN-GP's points within 3 std of a mode
MAX_SATURATING_MODES = 2  # it covers none in these runs


def node(source, *args):
    """The result of the JavaScript function `source` called with `args`, in Node."""
    done = subprocess.run([NODE, '-e', RUNNER, str(ENGINE)], capture_output=True, text=True,
                          input=json.dumps({'source': source, 'args': args}), timeout=900)
    assert done.returncode == 0, f'node failed:\n{done.stderr[-3000:]}'
    return json.loads(done.stdout)


def chapter_recipe():
    """The 2-D chapter's hyper-parameters (d2lmini.configs, generated from the chapter)
    and its number of steps: load_array drops an epoch's short last minibatch."""
    from d2lmini.configs import GAN_2D as c
    return c, c['num_epochs'] * (c['num_examples'] // c['batch_size'])


def gaussian_thresholds():
    """The notebooks' thresholds for the 2-D Gaussian, from d2lmini.metrics.THRESHOLDS."""
    from d2lmini.metrics import THRESHOLDS
    checks = {check['metric']: check for check in THRESHOLDS['gaussian_2d']}
    assert checks['mean_err']['op'] == '<' and checks['cov_err']['op'] == '<'
    return checks['mean_err']['threshold'], checks['cov_err']['threshold']


class PlaygroundDivs(html.parser.HTMLParser):
    """The data-* attributes of each <div class="gan-playground"> of a page, named as the
    DOM's `dataset` names them (data-lr-d -> lrD)."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == 'div' and 'gan-playground' in (attrs.get('class') or '').split():
            self.found.append({re.sub(r'-(\w)', lambda m: m.group(1).upper(), k[5:]): v
                               for k, v in attrs.items() if k.startswith('data-')})


def chapter_playgrounds(chapter):
    parser = PlaygroundDivs()
    parser.feed((ROOT / 'book' / f'{chapter}.md').read_text())
    return parser.found


# The engine's options a playground's data-* attributes choose (the others are the view's)
OPTIONS_OF = '''(dataset) => Object.fromEntries(Object.entries(dataset)
    .filter(([key]) => key in GANPlayground.OPTION_ATTRIBUTES)
    .map(([key, value]) => [GANPlayground.OPTION_ATTRIBUTES[key], value]))'''


def test_runs_in_node_without_a_page():
    kinds = node('() => [typeof document, typeof window, '
                 'typeof GANPlayground.createEngine, GANPlayground.TARGETS]')
    assert kinds == ['undefined', 'undefined', 'function', ['gaussian', 'ring', 'moons']]


def test_gradients_match_finite_differences():
    """Every layer type's hand-derived backward pass against central differences."""
    worst = node('''() => {
        const rng = GANPlayground.makeRng(3), h = 1e-6, n = 4;
        const nets = [[[2, 8, 4, 1], ['leakyRelu', 'leakyRelu', 'identity']],
                      [[2, 5, 3, 1], ['tanh', 'tanh', 'identity']],
                      [[2, 32, 32, 2], ['relu', 'relu', 'identity']],
                      [[2, 2], ['identity']]];
        const worst = {};
        for (const [sizes, acts] of nets) {
            const net = new GANPlayground.MLP(sizes, acts, rng, 'default');
            const X = new Float64Array(n * sizes[0]).map(() => rng.normal());
            const C = new Float64Array(n * sizes[sizes.length - 1]).map(() => rng.normal());
            // A smooth scalar loss of the outputs: sum(C * sin(y))
            const loss = () => net.forward(X, n).reduce((s, y, i) => s + C[i] * Math.sin(y), 0);
            const y = Float64Array.from(net.forward(X, n));
            net.zeroGrad();
            const dX = Float64Array.from(net.backward(y.map((v, i) => C[i] * Math.cos(v)), n, true));
            let largest = 0;
            const check = (array, grad) => {
                for (let i = 0; i < array.length; i++) {
                    const old = array[i];
                    array[i] = old + h; const up = loss();
                    array[i] = old - h; const down = loss();
                    array[i] = old;
                    largest = Math.max(largest, Math.abs((up - down) / (2 * h) - grad[i]));
                }
            };
            net.params().forEach((p, i) => check(p, net.grads()[i]));
            check(X, dX);
            worst[acts[0]] = largest;
        }
        return worst;
    }''')
    print(f'\nlargest gradient error against finite differences: {worst}')
    assert max(worst.values()) < 1e-6


def test_gradient_penalty_matches_finite_differences():
    """WGAN-GP's penalty lambda * mean_i (||grad_x c(x_i)|| - 1)^2, differentiated in the
    critic's weights by MLP.penaltyBackward (forward mode for grad_x c, reverse mode over
    that), against central differences of the penalty itself, for every activation."""
    worst = node('''() => {
        const rng = GANPlayground.makeRng(5), h = 1e-6, n = 5, lambda = 10;
        const nets = [[[2, 8, 4, 1], ['leakyRelu', 'leakyRelu', 'identity']],
                      [[2, 5, 3, 1], ['tanh', 'tanh', 'identity']],
                      [[2, 32, 32, 1], ['relu', 'relu', 'identity']],
                      [[2, 1], ['identity']]];
        const worst = {};
        for (const [sizes, acts] of nets) {
            const net = new GANPlayground.MLP(sizes, acts, rng, 'default');
            const X = new Float64Array(2 * n).map(() => rng.normal());
            const ones = new Float64Array(n).fill(1);
            const inputGradient = () => {  // grad_x c(x_i), rows of 2, by the backward pass
                net.forward(X, n);
                return Float64Array.from(net.backward(ones, n, false));
            };
            const penalty = () => {
                const g = inputGradient();
                let p = 0;
                for (let i = 0; i < n; i++) p += (Math.hypot(g[2 * i], g[2 * i + 1]) - 1) ** 2;
                return lambda * p / n;
            };
            // u_i = d penalty / d g_i, then the pass over the weights
            const g = inputGradient(), U = new Float64Array(2 * n);
            for (let i = 0; i < n; i++) {
                const norm = Math.hypot(g[2 * i], g[2 * i + 1]);
                const k = 2 * lambda * (norm - 1) / (norm * n);
                U[2 * i] = k * g[2 * i];
                U[2 * i + 1] = k * g[2 * i + 1];
            }
            net.zeroGrad();
            net.penaltyBackward(U, n);
            let largest = 0, size = 0;
            net.params().forEach((array, p) => {
                const grad = net.grads()[p];
                for (let i = 0; i < array.length; i++) {
                    const old = array[i];
                    array[i] = old + h; const up = penalty();
                    array[i] = old - h; const down = penalty();
                    array[i] = old;
                    const numeric = (up - down) / (2 * h);
                    largest = Math.max(largest, Math.abs(numeric - grad[i]));
                    size = Math.max(size, Math.abs(numeric));
                }
            });
            worst[acts[0]] = [largest, size];
        }
        return worst;
    }''')
    print('\ngradient penalty, largest error against finite differences (largest gradient): ' +
          ', '.join(f'{act} {err:.1e} ({size:.2f})' for act, (err, size) in worst.items()))
    for act, (error, size) in worst.items():
        assert size > 0.1, f'{act}: the penalty hardly depends on the weights: a weak check'
        assert error < 1e-6, act


def load_weights(net, saved):
    """Copy the engine's weights into a PyTorch net's linear layers, checking their sizes
    (ours is x W + b with W (in, out); PyTorch's is x W^T + b)."""
    import torch
    from torch import nn
    linears = [m for m in net.modules() if isinstance(m, nn.Linear)]
    sizes = saved['sizes']
    assert [(m.in_features, m.out_features) for m in linears] == list(zip(sizes, sizes[1:])), \
        f"the engine's network {' -> '.join(map(str, sizes))} is not the chapter's {net}"
    with torch.no_grad():
        for linear, W, b in zip(linears, saved['W'], saved['b']):
            linear.weight.copy_(torch.tensor(W).reshape(linear.in_features, -1).T)
            linear.bias.copy_(torch.tensor(b))
    return linears


def largest_difference(linears, saved):
    return max(max(np.abs(m.weight.detach().numpy()
                          - np.reshape(W, (m.in_features, -1)).T).max(),
                   np.abs(m.bias.detach().numpy() - np.array(b)).max())
               for m, W, b in zip(linears, saved['W'], saved['b']))


def test_steps_replayed_with_the_chapters_pytorch_code_give_the_same_weights():
    """The engine's steps, replayed with the chapter's PyTorch networks and update_D /
    update_G on the engine's batches and noise, in float64."""
    torch = pytest.importorskip('torch')
    from torch import nn
    from d2lmini import torch as d2l
    c, _ = chapter_recipe()
    trace = node('(o, n) => GANPlayground.createEngine(o).trace(n)', {'seed': 1},
                 REPLAY_STEPS)
    net_G = d2l.LinearGenerator(c['latent_dim']).double()
    net_D = d2l.SmallDiscriminator().double()
    linears_G = load_weights(net_G, trace['before']['G'])
    linears_D = load_weights(net_D, trace['before']['D'])
    loss = nn.BCEWithLogitsLoss()  # the chapter's: the mean over the batch
    betas = (c['beta1'], 0.999)  # as the chapter's train makes its Adam
    trainer_D = torch.optim.Adam(net_D.parameters(), lr=c['lr_D'], betas=betas)
    trainer_G = torch.optim.Adam(net_G.parameters(), lr=c['lr_G'], betas=betas)
    for batch, (loss_D_js, loss_G_js) in zip(trace['batches'], trace['losses']):
        X = torch.tensor(batch['X'], dtype=torch.float64).reshape(-1, 2)
        Z = torch.tensor(batch['Z'], dtype=torch.float64).reshape(len(X), -1)
        loss_D = d2l.update_D(X, Z, net_D, net_G, loss, trainer_D)
        loss_G = d2l.update_G(Z, net_D, net_G, loss, trainer_G)
        assert loss_D == pytest.approx(loss_D_js, rel=1e-6, abs=1e-9)
        assert loss_G == pytest.approx(loss_G_js, rel=1e-6, abs=1e-9)
    worst = max(largest_difference(linears_G, trace['after']['G']),
                largest_difference(linears_D, trace['after']['D']))
    print(f'\nafter {REPLAY_STEPS} steps, largest weight difference to PyTorch: {worst:.1e}')
    # Both run in float64; rounding differences grow through the steps of the game to about
    # 1e-10, while a wrong gradient, loss, slope or Adam formula differs by 1e-3 or more
    assert worst < REPLAY_TOLERANCE


def test_wgan_gp_steps_replayed_with_pytorch_double_backprop_give_the_same_weights():
    """WGAN-GP steps on the ring (the critic's n_critic steps, each with its gradient penalty,
    then G's step) replayed in PyTorch, which differentiates the penalty by double
    backpropagation (create_graph=True), on the engine's batches, noise and interpolation
    weights, in float64."""
    torch = pytest.importorskip('torch')
    from torch import nn
    trace = node('''(n) => {
        const engine = GANPlayground.createEngine({target: 'ring', lossG: 'wgangp', seed: 4});
        return Object.assign(engine.trace(n), {config: engine.config});
    }''', WGAN_REPLAY_STEPS)
    c = trace['config']

    def mlp(sizes):
        layers = []
        for fan_in, fan_out in zip(sizes, sizes[1:]):
            layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
        return nn.Sequential(*layers[:-1]).double()

    net_G, net_D = mlp(trace['before']['G']['sizes']), mlp(trace['before']['D']['sizes'])
    linears_G = load_weights(net_G, trace['before']['G'])
    linears_D = load_weights(net_D, trace['before']['D'])
    from d2lmini.configs import GAN_2D
    betas = (GAN_2D['beta1'], c['beta2'])  # the engine's Adam, with WGAN-GP's beta2
    trainer_D = torch.optim.Adam(net_D.parameters(), lr=c['lrD'], betas=betas)
    trainer_G = torch.optim.Adam(net_G.parameters(), lr=c['lrG'], betas=betas)
    batches = iter(trace['batches'])
    for loss_D_js, loss_G_js in trace['losses']:
        for _ in range(c['kD']):
            batch = next(batches)
            X = torch.tensor(batch['X'], dtype=torch.float64).reshape(-1, 2)
            Z = torch.tensor(batch['Z'], dtype=torch.float64).reshape(len(X), -1)
            e = torch.tensor(batch['e'], dtype=torch.float64).reshape(-1, 1)
            with torch.no_grad():
                fake = net_G(Z)
            X_hat = (e * X + (1 - e) * fake).requires_grad_(True)
            grad, = torch.autograd.grad(net_D(X_hat).sum(), X_hat, create_graph=True)
            penalty = ((grad.norm(dim=1) - 1) ** 2).mean()
            loss_D = net_D(fake).mean() - net_D(X).mean() + c['gpWeight'] * penalty
            trainer_D.zero_grad()
            loss_D.backward()
            trainer_D.step()
        loss_G = -net_D(net_G(Z)).mean()
        trainer_G.zero_grad()
        loss_G.backward()
        trainer_G.step()
        with torch.no_grad():  # the engine reports mean c(x) - mean c(G(z)), see updateG
            estimate = net_D(X).mean() + loss_G
        assert loss_D.item() == pytest.approx(loss_D_js, rel=1e-6, abs=1e-9)
        assert estimate.item() == pytest.approx(loss_G_js, rel=1e-6, abs=1e-9)
    worst = max(largest_difference(linears_G, trace['after']['G']),
                largest_difference(linears_D, trace['after']['D']))
    print(f'\nafter {WGAN_REPLAY_STEPS} generator steps ({WGAN_REPLAY_STEPS * c["kD"]} critic '
          f'steps), largest weight difference to PyTorch: {worst:.1e}')
    assert worst < REPLAY_TOLERANCE


def test_presets_are_the_chapters_hyper_parameters():
    """What the page calls the chapters' settings, against d2lmini.configs and the data."""
    import d2lmini
    from d2lmini.configs import GAN_2D, GAN_FAILURES
    engine = node('''() => ({
        chapters: GANPlayground.CHAPTERS, presets: GANPlayground.PRESETS,
        defaults: GANPlayground.DEFAULTS, numExamples: GANPlayground.NUM_EXAMPLES,
        A: GANPlayground.GAUSSIAN_A, b: GANPlayground.GAUSSIAN_B,
        live: [GANPlayground.LIVE_HIDDENS, GANPlayground.LIVE_BATCH],
        gaussian: GANPlayground.createEngine({}).config,
        ring: GANPlayground.createEngine({target: 'ring'}).config,
        adam: (({beta1, beta2, eps}) => ({beta1, beta2, eps}))(new GANPlayground.Adam([], 1)),
    })''')
    # gan-playground-presets.js is generated from the chapters (tests/test_sync.py checks
    # that it is current): the engine sees the same values as d2lmini.configs
    assert engine['chapters'] == {'GAN_2D': GAN_2D, 'GAN_FAILURES': GAN_FAILURES}
    gaussian = dict(generator='linear', discriminator='small', lrD=GAN_2D['lr_D'],
                    lrG=GAN_2D['lr_G'], batch=GAN_2D['batch_size'],
                    latentDim=GAN_2D['latent_dim'])
    assert engine['presets']['gaussian'] == gaussian
    assert engine['gaussian'] == dict(engine['defaults'], **gaussian)
    assert engine['gaussian']['target'] == 'gaussian'
    assert engine['adam'] == dict(beta1=GAN_2D['beta1'], beta2=0.999, eps=1e-8)
    assert engine['numExamples'] == GAN_2D['num_examples']
    assert (engine['A'], engine['b']) == (
        [list(row) for row in d2lmini.GAUSSIAN_2D_A], list(d2lmini.GAUSSIAN_2D_B))
    # The ring: the chapter's learning rates and noise size, smaller networks and batches
    ring = engine['presets']['ring']
    assert (ring['lrD'], ring['lrG'], ring['latentDim']) == (
        GAN_FAILURES['lr_D'], GAN_FAILURES['lr_G'], GAN_FAILURES['latent_dim'])
    assert ring['batch'] == engine['live'][1] <= GAN_FAILURES['batch_size']
    assert engine['live'][0] <= GAN_FAILURES['num_hiddens']
    assert engine['ring'] == dict(engine['defaults'], **ring, target='ring')


def test_ring_data_and_mode_coverage_are_the_chapters():
    import d2lmini
    from d2lmini.configs import GAN_FAILURES as c
    result = node('''() => {
        const engine = GANPlayground.createEngine({target: 'ring', seed: 3});
        const points = engine.sample(1000);
        return {data: Array.from(engine.data), points: Array.from(points),
                coverage: GANPlayground.modeCoverage(points),
                dataCoverage: GANPlayground.modeCoverage(engine.data)};
    }''')
    modes = d2lmini.ring_modes(c['num_modes'], c['radius'])
    data = np.reshape(result['data'], (-1, 2))
    squared = ((data[:, None] - modes[None]) ** 2).sum(-1).min(axis=1)
    # around its mode a point's squared distance has mean 2 std^2 (two coordinates)
    assert np.sqrt(squared.mean() / 2) == pytest.approx(c['ring_std'], rel=0.1)
    for points, coverage in ((data, result['dataCoverage']),
                             (np.reshape(result['points'], (-1, 2)), result['coverage'])):
        expected = d2lmini.mode_coverage(points, modes, c['ring_std'])
        assert coverage == {'modesCovered': expected['modes_covered'],
                            'highQuality': pytest.approx(expected['high_quality'])}
    assert result['dataCoverage']['modesCovered'] == c['num_modes']


def test_minibatches_are_full_and_reshuffled_each_epoch():
    """As load_array in training: a short last minibatch is dropped, then a new epoch."""
    batch = 32  # 1,000 points: 31 full minibatches per epoch, 8 points left over
    num_examples = node('() => GANPlayground.NUM_EXAMPLES')
    per_epoch = num_examples // batch
    trace = node('(b, n) => GANPlayground.createEngine({batch: b}).trace(n)',
                 batch, 2 * per_epoch)
    assert [len(b['X']) // 2 for b in trace['batches']] == [batch] * (2 * per_epoch)
    for epoch in range(2):
        rows = np.concatenate([np.reshape(b['X'], (-1, 2)) for b in
                               trace['batches'][epoch * per_epoch:(epoch + 1) * per_epoch]])
        # each point at most once per epoch (the data are distinct floating-point numbers)
        assert len(np.unique(rows, axis=0)) == per_epoch * batch
    first, second = (np.reshape(trace['batches'][i * per_epoch]['X'], (-1, 2))
                     for i in range(2))
    assert not np.array_equal(first, second), 'the second epoch was not reshuffled'


def test_engine_learns_the_gaussian_to_the_notebooks_thresholds():
    """The chapter's recipe, its fit measured as the chapter measures it."""
    c, steps = chapter_recipe()
    max_mean_err, max_cov_err = gaussian_thresholds()
    runs = node('''(seeds, steps, samples) => seeds.map((seed) => {
        const engine = GANPlayground.createEngine({seed});
        const t0 = process.hrtime.bigint();
        engine.step(steps);
        const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
        return Object.assign(engine.metrics(samples), {seed, seconds});
    })''', list(SEEDS), steps, c['num_fit_samples'])
    print(f'\n{steps} steps, thresholds: mean error < {max_mean_err}, '
          f'covariance error < {max_cov_err}')
    converged = 0
    for run in runs:
        ok = run['meanError'] < max_mean_err and run['covError'] < max_cov_err
        converged += ok
        print(f'seed {run["seed"]}: mean error {run["meanError"]:.3f}, covariance error '
              f'{run["covError"]:.3f}, loss_D {run["lossD"]:.3f}, loss_G {run["lossG"]:.3f}'
              f'{"" if ok else "  (not converged)"}')
    seconds = sum(run['seconds'] for run in runs)
    print(f'{converged} of {len(runs)} seeds converged; engine speed '
          f'{len(runs) * steps / seconds:,.0f} steps/s')
    assert converged >= MIN_SEEDS_CONVERGED


def test_the_chapters_bad_start_shows_the_saturating_loss_stall():
    """The chapter's second playground: from far away with D ahead, under plain SGD.

    The text says: with the saturating loss the arrows all but vanish (G hardly moves);
    switching to the non-saturating loss, G moves towards the data. With Adam (the
    chapter's optimizer) both move, because Adam divides by the gradient's size, but the
    gradients still differ.
    """
    demos = [d for d in chapter_playgrounds('gan_2d') if d.get('start') == 'far']
    assert len(demos) == 1, 'gan_2d.md should have one playground with data-start="far"'
    demo = node(OPTIONS_OF, demos[0])
    assert (demo['lossG'], demo['optimizer']) == ('saturating', 'sgd')
    seeds = [int(demo.get('seed', 0)), 1, 2]  # the page's, then two more
    runs = node('''(demo, seeds, steps) => seeds.map((seed) => {
        const result = {};
        for (const optimizer of ['sgd', 'adam']) {
            for (const lossG of ['nonsaturating', 'saturating']) {
                const engine = GANPlayground.createEngine(
                    Object.assign({}, demo, {seed, optimizer, lossG}));
                const start = engine.metrics();
                engine.step(steps);
                result[`${optimizer} ${lossG}`] = {start, end: engine.metrics()};
            }
        }
        return result;
    })''', demo, seeds, BAD_START_STEPS)
    print()
    for seed, run in zip(seeds, runs):
        for optimizer in ('sgd', 'adam'):
            ns, sat = run[f'{optimizer} nonsaturating'], run[f'{optimizer} saturating']
            ratio = ns['start']['gradNorm'] / sat['start']['gradNorm']
            print(f'seed {seed}, {optimizer}: mean error {ns["start"]["meanError"]:.2f} -> '
                  f'non-saturating {ns["end"]["meanError"]:.2f}, saturating '
                  f'{sat["end"]["meanError"]:.2f} after {BAD_START_STEPS} steps; generator '
                  f'gradient at the start {ns["start"]["gradNorm"]:.1e} vs '
                  f'{sat["start"]["gradNorm"]:.1e} ({ratio:,.0f}x)')
            assert ratio > MIN_GRADIENT_RATIO
        ns, sat = run['sgd nonsaturating'], run['sgd saturating']
        # non-saturating: more than half the way to the data; saturating: hardly moved
        assert ns['end']['meanError'] < 0.5 * ns['start']['meanError']
        assert sat['end']['meanError'] > 0.9 * sat['start']['meanError']


def test_the_chapters_playgrounds_have_valid_settings():
    """Every playground of the book's pages creates an engine (a bad attribute would show
    an error box on the page instead)."""
    pages = {path.stem: chapter_playgrounds(path.stem)
             for path in sorted((ROOT / 'book').glob('*.md'))}
    pages = {name: divs for name, divs in pages.items() if divs}
    assert 'gan_2d' in pages and 'gan_failures' in pages
    configs = node(f'''(pages) => Object.values(pages).flat().map(
        (dataset) => GANPlayground.createEngine(({OPTIONS_OF})(dataset)).config)''', pages)
    assert len(configs) == sum(map(len, pages.values()))


def test_wgan_gp_covers_the_ring_where_the_saturating_loss_does_not():
    """The ring with each loss's settings in the page (WGAN-GP's LOSS_PRESETS, the ring's
    preset for the cross-entropies), same seeds, same number of generator steps, counted
    by the engine's own mode metrics (as d2lmini.mode_coverage). On the first seed the
    saturating loss also runs with WGAN-GP's moving average of G and batch size, so that
    neither explains the difference."""
    runs = node('''(seeds) => seeds.map((seed, index) => {
        const steps = GANPlayground.WGAN_RING_STEPS, wgan = GANPlayground.LOSS_PRESETS.wgangp;
        const settings = {'wgangp': {lossG: 'wgangp'}, 'saturating': {lossG: 'saturating'}};
        if (index === 0) {
            settings['saturating, averaged'] = {lossG: 'saturating', emaDecay: wgan.emaDecay,
                                                batch: wgan.batch};
        }
        return Object.fromEntries(Object.entries(settings).map(([name, options]) => {
            const engine = GANPlayground.createEngine(
                Object.assign({target: 'ring', seed}, options));
            const t0 = process.hrtime.bigint();
            engine.step(steps);
            const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
            const {modesCovered, highQuality} = engine.metrics();
            return [name, {modesCovered, highQuality, seconds, steps}];
        }));
    })''', list(WGAN_SEEDS))
    print()
    for seed, run in zip(WGAN_SEEDS, runs):
        print(f'seed {seed}, {run["wgangp"]["steps"]} generator steps: ' + '; '.join(
            f'{name} {r["modesCovered"]} modes, {r["highQuality"]:.0%} high quality '
            f'({r["seconds"]:.1f} s)' for name, r in run.items()))
    for run in runs:
        assert run['wgangp']['modesCovered'] == 8
        assert run['wgangp']['highQuality'] >= WGAN_MIN_HIGH_QUALITY
        assert run['saturating']['modesCovered'] <= MAX_SATURATING_MODES
    assert runs[0]['saturating, averaged']['modesCovered'] <= MAX_SATURATING_MODES


def test_wgan_gp_is_chosen_by_a_pages_data_loss_attribute():
    """<div class="gan-playground" data-target="ring" data-loss="wgangp"> gets WGAN-GP's
    settings; an attribute the page sets itself (data-k-d) wins over them."""
    configs = node(f'''(pages) => pages.map((dataset) =>
        GANPlayground.createEngine(({OPTIONS_OF})(dataset)).config)''',
                   [{'target': 'ring', 'loss': 'wgangp'},
                    {'target': 'ring', 'loss': 'wgangp', 'kD': '5', 'gpWeight': '10'}])
    preset = node('() => GANPlayground.LOSS_PRESETS.wgangp')
    assert {key: configs[0][key] for key in preset} == preset
    assert (configs[1]['kD'], configs[1]['gpWeight'], configs[1]['lrD']) == (
        5, 10, preset['lrD'])

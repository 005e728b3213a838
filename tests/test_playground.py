"""The GAN playground (book/_static/playground) in headless Chromium, driven by Playwright.

Serves the playground's folder on 127.0.0.1 and checks, on its demo page:
- the engine's maths: gradients against finite differences, and a replay of its steps in
  PyTorch (the chapter's update_D / update_G) gives the same weights;
- it learns the chapter's 2-D Gaussian to the notebooks' thresholds with the chapter's
  hyper-parameters;
- the non-saturating generator loss beats the saturating one from a bad start;
- at least 30 frames per second with 512 points, and no frames while out of view;
- keyboard use and labels, clear messages for bad input, light and dark themes;
- no console errors and no request leaving 127.0.0.1.
Measured numbers are printed (run with `-s` to see them).
"""
import pathlib

import numpy as np
import pytest

from browser_support import Watch, chromium, require_chromium, serve

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLAYGROUND = ROOT / 'book' / '_static' / 'playground'

playwright_api = require_chromium()

# The seeds the convergence test trains with (fixed, not chosen to pass: 0 to 9)
SEEDS = range(10)
# The chapter's recipe (d2l's, with Adam's beta1 = 0.5) misses the thresholds on some seeds
# (D settles at 1/2 before G fits). The engine measures its fit on 1,000 samples against
# the true Gaussian, and over seeds 0-199 it missed in 16 runs (8%; measured in Node after
# the engine took the chapter's mean losses and dropped short minibatches). With a miss
# rate of 8%, 10 seeds miss more than twice in 4% of seed sets: allow two misses
MIN_SEEDS_CONVERGED = 8
# Bad start ('far'): G's points start 2 data standard deviations from the data and D is
# trained alone first, so that it rejects them confidently
NS_STEPS = 800  # steps after the bad start: SGD's steps on mean losses with lr_G are small
MIN_GRADIENT_RATIO = 10  # non-saturating gradient at least 10x the saturating one
FPS_MIN = 30
FPS_SECONDS = 3
FPS_POINTS = 512


@pytest.fixture(scope='module')
def server():
    with serve(PLAYGROUND) as url:
        yield url


@pytest.fixture(scope='module')
def browser():
    with chromium(playwright_api) as browser:
        yield browser


@pytest.fixture
def page(browser, server):
    """The demo page, loaded, with its playgrounds mounted; checks no request left."""
    context = browser.new_context(viewport={'width': 1100, 'height': 900})
    page = context.new_page()
    page.watch = Watch(page)
    page.goto(f'{server}/demo.html')
    page.wait_for_function('() => document.getElementById("gaussian").ganPlayground')
    yield page
    outside = page.watch.outside
    context.close()
    assert not outside, f'requests outside 127.0.0.1: {outside}'


def engine_run(page, options, steps):
    """Create an engine in the page, train `steps` generator steps, return its metrics."""
    return page.evaluate('''([options, steps]) => {
        const engine = GANPlayground.createEngine(options);
        const start = engine.metrics();
        const t0 = performance.now();
        engine.step(steps);
        const seconds = (performance.now() - t0) / 1000;
        return {start, end: engine.metrics(), seconds};
    }''', [options, steps])


def chapter_options():
    """The chapter's hyper-parameters, from d2lmini.configs (what the notebooks use)."""
    from d2lmini.configs import GAN_2D as c
    # load_array drops an epoch's last minibatch when it is short: whole batches per epoch
    steps = c['num_epochs'] * (c['num_examples'] // c['batch_size'])
    return dict(target='gaussian', generator='linear', discriminator='small',
                lrD=c['lr_D'], lrG=c['lr_G'], batch=c['batch_size'],
                latentDim=c['latent_dim']), steps


def gaussian_thresholds():
    """The notebooks' thresholds for the 2-D Gaussian, from d2lmini.metrics.THRESHOLDS."""
    from d2lmini.metrics import THRESHOLDS
    checks = {check['metric']: check for check in THRESHOLDS['gaussian_2d']}
    assert checks['mean_err']['op'] == '<' and checks['cov_err']['op'] == '<'
    return checks['mean_err']['threshold'], checks['cov_err']['threshold']


def test_gradients_match_finite_differences(page):
    """Every layer type's hand-derived backward pass against central differences."""
    worst = page.evaluate('''() => {
        const rng = GANPlayground.makeRng(3), h = 1e-6, n = 4;
        const nets = [[[2, 5, 3, 1], ['tanh', 'tanh', 'identity']],
                      [[2, 32, 32, 2], ['relu', 'relu', 'identity']],
                      [[2, 2], ['identity']]];
        let worst = 0;
        for (const [sizes, acts] of nets) {
            const net = new GANPlayground.MLP(sizes, acts, rng, 'default');
            const X = new Float64Array(n * sizes[0]).map(() => rng.normal());
            const C = new Float64Array(n * sizes[sizes.length - 1]).map(() => rng.normal());
            // A smooth scalar loss of the outputs: sum(C * sin(y))
            const loss = () => net.forward(X, n).reduce((s, y, i) => s + C[i] * Math.sin(y), 0);
            const y = Float64Array.from(net.forward(X, n));
            net.zeroGrad();
            const dX = Float64Array.from(net.backward(y.map((v, i) => C[i] * Math.cos(v)), n, true));
            const check = (array, grad) => {
                for (let i = 0; i < array.length; i++) {
                    const old = array[i];
                    array[i] = old + h; const up = loss();
                    array[i] = old - h; const down = loss();
                    array[i] = old;
                    worst = Math.max(worst, Math.abs((up - down) / (2 * h) - grad[i]));
                }
            };
            net.params().forEach((p, i) => check(p, net.grads()[i]));
            check(X, dX);
        }
        return worst;
    }''')
    print(f'\nlargest gradient error against finite differences: {worst:.1e}')
    assert worst < 1e-6


def test_steps_replayed_in_pytorch_give_the_same_weights(page):
    """The engine's steps, replayed with the chapter's PyTorch update_D / update_G."""
    torch = pytest.importorskip('torch')
    from torch import nn
    options, _ = chapter_options()
    num_steps = 50
    trace = page.evaluate('([o, n]) => GANPlayground.createEngine(o).trace(n)',
                          [dict(options, seed=1), num_steps])

    def build(saved, activation):
        sizes, layers = saved['sizes'], []
        for l, (W, b) in enumerate(zip(saved['W'], saved['b'])):
            linear = nn.Linear(sizes[l], sizes[l + 1]).double()
            with torch.no_grad():  # ours is x W + b with W (in, out); torch's is x W^T + b
                linear.weight.copy_(torch.tensor(W).reshape(sizes[l], sizes[l + 1]).T)
                linear.bias.copy_(torch.tensor(b))
            layers += [linear, activation()]
        return nn.Sequential(*layers[:-1])  # no activation after the output layer

    net_G = build(trace['before']['G'], nn.Identity)
    net_D = build(trace['before']['D'], nn.Tanh)
    loss = nn.BCEWithLogitsLoss()  # the chapter's loss: the mean over the batch
    betas = (0.5, 0.999)  # the chapter's Adam (BETA1 in d2lmini.torch)
    trainer_D = torch.optim.Adam(net_D.parameters(), lr=options['lrD'], betas=betas)
    trainer_G = torch.optim.Adam(net_G.parameters(), lr=options['lrG'], betas=betas)
    for batch, (loss_D_js, loss_G_js) in zip(trace['batches'], trace['losses']):
        X = torch.tensor(batch['X'], dtype=torch.float64).reshape(-1, 2)
        Z = torch.tensor(batch['Z'], dtype=torch.float64).reshape(len(X), -1)
        ones, zeros = torch.ones(len(X), 1, dtype=X.dtype), torch.zeros(len(X), 1, dtype=X.dtype)
        trainer_D.zero_grad()  # update_D, as in the chapter
        loss_D = (loss(net_D(X), ones) + loss(net_D(net_G(Z).detach()), zeros)) / 2
        loss_D.backward()
        trainer_D.step()
        trainer_G.zero_grad()  # update_G with the non-saturating loss
        loss_G = loss(net_D(net_G(Z)), ones)
        loss_G.backward()
        trainer_G.step()
        assert loss_D.item() == pytest.approx(loss_D_js, rel=1e-6, abs=1e-9)
        assert loss_G.item() == pytest.approx(loss_G_js, rel=1e-6, abs=1e-9)
    worst = 0.0
    for net, saved in ((net_G, trace['after']['G']), (net_D, trace['after']['D'])):
        linears = [m for m in net if isinstance(m, nn.Linear)]
        for linear, W, b in zip(linears, saved['W'], saved['b']):
            W = np.array(W).reshape(linear.in_features, linear.out_features).T
            worst = max(worst, np.abs(linear.weight.detach().numpy() - W).max(),
                        np.abs(linear.bias.detach().numpy() - np.array(b)).max())
    print(f'\nafter {num_steps} steps, largest weight difference to PyTorch: {worst:.1e}')
    # Both run in float64; rounding differences grow through the steps of the game to about
    # 1e-8, while a wrong gradient, loss or Adam formula differs by 1e-3 or more
    assert worst < 1e-6


def test_defaults_are_the_chapter_hyper_parameters(page):
    """The engine's defaults (what the page calls the chapter's settings) and configs."""
    from d2lmini.configs import GAN_2D as c
    engine = page.evaluate('() => Object.assign({numExamples: GANPlayground.NUM_EXAMPLES}, '
                           'GANPlayground.DEFAULTS)')
    assert (engine['numExamples'], engine['batch'], engine['lrD'], engine['lrG'],
            engine['latentDim']) == (c['num_examples'], c['batch_size'], c['lr_D'],
                                     c['lr_G'], c['latent_dim'])


def test_minibatches_are_full_and_reshuffled_each_epoch(page):
    """As load_array in training: a short last minibatch is dropped, then a new epoch."""
    batch = 32  # 1,000 points: 31 full minibatches per epoch, 8 points left over
    num_examples = page.evaluate('() => GANPlayground.NUM_EXAMPLES')
    per_epoch = num_examples // batch
    trace = page.evaluate('([b, n]) => GANPlayground.createEngine({batch: b}).trace(n)',
                          [batch, 2 * per_epoch])
    assert [len(b['X']) // 2 for b in trace['batches']] == [batch] * (2 * per_epoch)
    for epoch in range(2):
        rows = np.concatenate([np.reshape(b['X'], (-1, 2)) for b in
                               trace['batches'][epoch * per_epoch:(epoch + 1) * per_epoch]])
        # each point at most once per epoch (the data are distinct floating-point numbers)
        assert len(np.unique(rows, axis=0)) == per_epoch * batch
    first, second = (np.reshape(trace['batches'][i * per_epoch]['X'], (-1, 2))
                     for i in range(2))
    assert not np.array_equal(first, second), 'the second epoch was not reshuffled'


def test_engine_learns_the_gaussian_to_the_notebooks_thresholds(page):
    options, steps = chapter_options()
    max_mean_err, max_cov_err = gaussian_thresholds()
    converged, seconds = 0, 0.0
    print(f'\n{steps} steps, thresholds: mean error < {max_mean_err}, '
          f'covariance error < {max_cov_err}')
    for seed in SEEDS:
        run = engine_run(page, dict(options, seed=seed), steps)
        end = run['end']
        ok = end['meanError'] < max_mean_err and end['covError'] < max_cov_err
        converged += ok
        seconds += run['seconds']
        print(f'seed {seed}: mean error {end["meanError"]:.3f}, covariance error '
              f'{end["covError"]:.3f}, loss_D {end["lossD"]:.3f}, loss_G {end["lossG"]:.3f}'
              f'{"" if ok else "  (not converged)"}')
    print(f'{converged} of {len(SEEDS)} seeds converged; engine speed '
          f'{len(SEEDS) * steps / seconds:,.0f} steps/s')
    assert converged >= MIN_SEEDS_CONVERGED


def test_non_saturating_loss_beats_saturating_from_a_bad_start(page):
    """From far away with D ahead, the saturating loss's gradient vanishes.

    With SGD the step is proportional to the gradient, so the saturating generator barely
    moves while the non-saturating one gets most of the way to the data. With Adam (the
    chapter's optimizer) both move, because Adam divides by the gradient's size, but the
    gradients still differ.
    """
    print()
    for seed in range(3):
        runs = {}
        for optimizer in ('sgd', 'adam'):
            for loss in ('nonsaturating', 'saturating'):
                runs[optimizer, loss] = engine_run(
                    page, dict(seed=seed, start='far', lossG=loss, optimizer=optimizer,
                               lrD=0.05, lrG=0.005), NS_STEPS)
        for optimizer in ('sgd', 'adam'):
            ns, sat = runs[optimizer, 'nonsaturating'], runs[optimizer, 'saturating']
            ratio = ns['start']['gradNorm'] / sat['start']['gradNorm']
            print(f'seed {seed}, {optimizer}: mean error {ns["start"]["meanError"]:.2f} -> '
                  f'non-saturating {ns["end"]["meanError"]:.2f}, saturating '
                  f'{sat["end"]["meanError"]:.2f} after {NS_STEPS} steps; generator gradient '
                  f'at the start {ns["start"]["gradNorm"]:.1e} vs '
                  f'{sat["start"]["gradNorm"]:.1e} ({ratio:,.0f}x)')
            assert ratio > MIN_GRADIENT_RATIO
        ns, sat = runs['sgd', 'nonsaturating'], runs['sgd', 'saturating']
        # non-saturating: most of the way to the data; saturating: hardly moved
        assert ns['end']['meanError'] < 0.5 * ns['start']['meanError']
        assert sat['end']['meanError'] > 0.9 * sat['start']['meanError']


def playground(page, name='gaussian'):
    return f'document.getElementById("{name}").ganPlayground'


def test_at_least_30_frames_per_second_with_512_points(page):
    shown = page.eval_on_selector('#gaussian select[id$="-points"]', 'node => node.value')
    assert int(shown) == FPS_POINTS
    page.evaluate(f'{playground(page)}.play()')
    page.wait_for_timeout(500)  # let the first frames (and the JIT) settle
    fps, cost = page.evaluate('''([seconds]) => new Promise((resolve) => {
        const handle = document.getElementById("gaussian").ganPlayground;
        const frames0 = handle.frames(), t0 = performance.now();
        setTimeout(() => resolve([(handle.frames() - frames0) * 1000 /
                                  (performance.now() - t0), handle.frameCost()]),
                   seconds * 1000);
    })''', [FPS_SECONDS])
    page.evaluate(f'{playground(page)}.pause()')
    print(f'\n{fps:.1f} frames per second with {FPS_POINTS} points over {FPS_SECONDS} s; '
          f'{cost:.1f} ms of work per frame')
    assert fps >= FPS_MIN
    assert not page.watch.errors


def test_pauses_when_scrolled_out_of_view(page):
    page.evaluate(f'{playground(page)}.play()')
    page.wait_for_timeout(300)
    assert page.evaluate(f'{playground(page)}.frames()') > 0
    page.evaluate('window.scrollTo(0, document.body.scrollHeight)')
    page.wait_for_function(f'() => !{playground(page)}.isVisible()')
    frames = page.evaluate(f'{playground(page)}.frames()')
    page.wait_for_timeout(1000)
    assert page.evaluate(f'{playground(page)}.frames()') == frames, 'it drew out of view'
    assert page.evaluate(f'{playground(page)}.isPlaying()')  # paused by view, not by user
    assert 'out of view' in page.inner_text('#gaussian .gp-status')
    page.evaluate('window.scrollTo(0, 0)')
    page.wait_for_function(f'() => {playground(page)}.frames() > {frames}', timeout=3000)
    page.evaluate(f'{playground(page)}.pause()')


def test_keyboard_starts_and_pauses_and_every_control_has_a_label(page):
    play = '#gaussian button.gp-play'
    for _ in range(40):  # Tab through the page until the play button has the focus
        page.keyboard.press('Tab')
        if page.evaluate(f'document.activeElement === document.querySelector("{play}")'):
            break
    else:
        pytest.fail('Tab never reached the Play button')
    page.keyboard.press('Enter')
    assert page.evaluate(f'{playground(page)}.isPlaying()')
    assert page.get_attribute(play, 'aria-pressed') == 'true'
    page.keyboard.press('Space')
    assert not page.evaluate(f'{playground(page)}.isPlaying()')
    assert page.get_attribute(play, 'aria-pressed') == 'false'

    unlabelled = page.evaluate('''() => [...document.querySelectorAll(
            '.gan-playground button, .gan-playground select, .gan-playground input')]
        .filter((el) => el.tagName === 'BUTTON' ? !el.textContent.trim()
                : !(el.labels.length && el.labels[0].textContent.trim()))
        .map((el) => el.outerHTML)''')
    assert not unlabelled
    assert page.get_attribute('#gaussian .gp-status', 'aria-live') == 'polite'

    # A slider moves with the arrow keys, shows its value, and changes the engine live
    slider = '#gaussian input[id$="-lrD"]'
    page.focus(slider)
    page.keyboard.press('ArrowLeft')
    assert page.evaluate(f'{playground(page)}.engine.config.lrD') == 0.02
    assert page.get_attribute(slider, 'aria-valuetext') == '0.02'
    assert '0.02' in page.inner_text('#gaussian .gp-status')


def test_bad_input_gets_a_clear_message(page):
    message = page.evaluate('''() => {
        try { GANPlayground.createEngine({target: 'spiral'}); }
        catch (error) { return error.message; }
    }''')
    assert "target 'spiral' is unknown" in message and "'gaussian'" in message
    shown = page.evaluate('''() => {
        const div = document.createElement('div');
        div.className = 'gan-playground';
        div.dataset.lrD = 'fast';
        document.body.appendChild(div);
        GANPlayground.mount(div);
        return div.querySelector('[role=alert]').textContent;
    }''')
    assert 'lrD must be a positive number' in shown and 'data-*' in shown


def test_light_and_dark_themes_draw_different_backgrounds(page):
    def corner_luminance():
        rgb = page.evaluate('''() => {
            const canvas = document.querySelector('#gaussian canvas.gp-losses');
            return Array.from(canvas.getContext('2d').getImageData(2, 2, 1, 1).data).slice(0, 3);
        }''')
        return sum(rgb) / 3

    light = corner_luminance()
    page.click('#theme')
    page.wait_for_timeout(100)
    dark = corner_luminance()
    print(f'\nloss plot background: light {light:.0f}, dark {dark:.0f} (of 255)')
    assert light > 200 and dark < 60


def test_no_console_errors_while_using_every_control(page):
    page.evaluate(f'{playground(page)}.play()')
    page.wait_for_timeout(300)
    for key, value in [('target', 'ring'), ('generator', 'mlp'), ('discriminator', 'wide'),
                       ('lossG', 'saturating'), ('optimizer', 'sgd'), ('batch', '64'),
                       ('points', '1000'), ('start', 'far'), ('target', 'moons')]:
        page.select_option(f'#gaussian select[id$="-{key}"]', value)
        page.wait_for_timeout(100)
    page.fill('#gaussian input[id$="-seed"]', '7')
    page.press('#gaussian input[id$="-seed"]', 'Enter')
    page.click('#gaussian button.gp-step')
    page.click('#gaussian button.gp-reset')
    page.click('#theme')
    page.click('#gaussian button.gp-play')
    page.wait_for_timeout(300)
    page.click('#gaussian button.gp-play')
    assert page.evaluate(f'{playground(page)}.engine.config.target') == 'moons'
    assert not page.watch.errors, page.watch.errors
    assert not page.watch.failed, page.watch.failed

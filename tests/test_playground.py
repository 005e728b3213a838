"""The GAN playground's page (book/_static/playground) in headless Chromium, driven by Playwright.

Serves the playground's folder on 127.0.0.1 and checks, on its demo page, the view: at least
30 frames per second with 512 points and no frames while out of view; keyboard use and
labels; clear messages for bad input; light and dark themes; the chapters' settings loaded
with each data set; WGAN-GP chosen in the page covers the ring's modes where the saturating
loss does not; axe-core's WCAG rules with every loss; no console errors, no failed request
and none leaving 127.0.0.1. The
engine's maths (gradients, the replay in PyTorch, convergence) are tested without a page,
in Node, by test_playground_engine.py. Measured numbers are printed (run with `-s`).
"""
import pathlib
import re
import time

import pytest

from browser_support import Watch, axe_violations, chromium, require_chromium, serve

ROOT = pathlib.Path(__file__).resolve().parents[1]
PLAYGROUND = ROOT / 'book' / '_static' / 'playground'

playwright_api = require_chromium()

FPS_MIN = 30
FPS_SECONDS = 3
FPS_POINTS = 512
# Modes of the ring the saturating loss may cover (it covers 0 in the engine's test)
MAX_SATURATING_MODES = 2


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
    outside, failed = page.watch.outside, page.watch.failed
    context.close()
    assert not outside, f'requests outside 127.0.0.1: {outside}'
    assert not failed, f'failed requests: {failed}'


def playground(page, name='gaussian'):
    return f'document.getElementById("{name}").ganPlayground'


def test_each_data_set_loads_its_preset_into_the_engine_and_the_controls(page):
    """The presets (the chapters' settings, checked in test_playground_engine.py) reach
    the engine at mount and when the data set changes, and the controls show them."""
    presets = page.evaluate('GANPlayground.PRESETS')

    def shown(name):
        config = page.evaluate(f'{playground(page, name)}.engine.config')
        controls = page.evaluate(f'''() => Object.fromEntries(
            [...document.querySelectorAll('#{name} select')].map(
                (node) => [node.id.split('-').pop(), node.value]))''')
        return config, controls

    for name, target in (('ring', 'ring'), ('gaussian', 'ring'), ('gaussian', 'gaussian')):
        if name == 'gaussian':
            page.select_option(f'#gaussian select[id$="-target"]', target)
        config, controls = shown(name)
        assert {key: config[key] for key in presets[target]} == presets[target]
        for key in ('generator', 'discriminator', 'batch'):
            assert controls[key] == str(presets[target][key]), (target, key)
    assert not page.watch.errors


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


def ring_after(page, steps):
    """Train the ring's playground to `steps` generator steps (the page's Play first, then
    the engine directly, which is faster than drawing every frame) and read the modes it
    covers off the numbers under the plot, as a reader sees them."""
    handle = playground(page, 'ring')
    page.click('#ring button.gp-play')
    page.wait_for_function(f'() => {handle}.engine.steps > 0', timeout=5000)
    page.click('#ring button.gp-play')  # pause
    page.evaluate(f'() => {handle}.engine.step({steps} - 1 - {handle}.engine.steps)')
    page.click('#ring button.gp-step')  # the last step, which refreshes the numbers
    assert page.evaluate(f'{handle}.engine.steps') == steps
    stats = page.inner_text('#ring .gp-stats')
    return int(re.search(r'modes covered (\d) of 8', stats).group(1)), stats


def test_wgan_gp_chosen_in_the_page_covers_the_ring_where_the_saturating_loss_does_not(page):
    """The Loss menu of the ring's playground: WGAN-GP loads its settings into the engine
    and the controls, trains, and covers the 8 modes in the budget the engine's test uses;
    the saturating loss, same seed and steps, covers (almost) none of them."""
    page.locator('#ring').scroll_into_view_if_needed()
    steps = page.evaluate('GANPlayground.WGAN_RING_STEPS')
    covered, t0 = {}, time.perf_counter()
    for loss in ('wgangp', 'saturating'):
        page.select_option('#ring select[id$="-lossG"]', loss)
        config = page.evaluate(f'{playground(page, "ring")}.engine.config')
        help_shown = page.is_visible('#ring .gp-help')
        weight_enabled = page.is_enabled('#ring input[id$="-gpWeight"]')
        if loss == 'wgangp':
            preset = page.evaluate('GANPlayground.LOSS_PRESETS.wgangp')
            assert {key: config[key] for key in preset} == preset
            kD = page.get_attribute('#ring input[id$="-kD"]', 'aria-valuetext')
            assert kD == str(preset['kD'])
            assert help_shown and weight_enabled
        else:  # back to cross-entropy: the ring's settings again
            assert (config['kD'], config['beta2']) == (1, 0.999)
            assert not help_shown and not weight_enabled
        covered[loss], stats = ring_after(page, steps)
        print(f'\n{loss}: {stats}')
    seconds = time.perf_counter() - t0
    print(f'{steps} generator steps each, seed 0: WGAN-GP covers {covered["wgangp"]} modes, '
          f'the saturating loss {covered["saturating"]} ({seconds:.1f} s in all)')
    assert covered['wgangp'] == 8
    assert covered['saturating'] <= MAX_SATURATING_MODES
    assert not page.watch.errors, page.watch.errors


@pytest.mark.parametrize('loss', ['nonsaturating', 'wgangp'])
def test_demo_page_passes_axe_core_with_each_loss(page, loss):
    """axe-core's WCAG 2 A and AA rules on the demo page, its ring playground showing the
    cross-entropy controls or WGAN-GP's (help text, penalty weight), in both themes."""
    page.select_option('#ring select[id$="-lossG"]', loss)
    failures = []
    for theme in ('light', 'dark'):
        if page.evaluate('document.documentElement.dataset.theme') != theme:
            page.click('#theme')
        failures += [(theme, *v) for v in axe_violations(page)]
    assert not failures, '\n'.join(map(str, failures))

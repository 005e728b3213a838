"""The website in a real browser: headless Chromium (Debian package) driven by Playwright.

Serves _build/html on 127.0.0.1 and checks what a reader relies on: no console errors or
failed requests, nothing loaded from another host, framework tabs synced within a page,
across pages, after a reload and from `?framework=`, MathJax rendered, images loaded,
internal links and downloads working, animations present, search, navigation, and
axe-core's WCAG 2 A and AA rules passed by every page in the light and the dark theme. A
screenshot of each chapter page lands in _build/screenshots/ for a human look.
"""
import base64
import collections
import html.parser
import io
import json
import time
import urllib.parse
import urllib.request

import pytest

from browser_support import Watch, axe_violations, chromium, require_chromium, serve
from common import BUILD, FRAMEWORKS, cell_framework, chapters, toc_files

pytestmark = pytest.mark.site
HTML = BUILD / 'html'
SHOTS = BUILD / 'screenshots'
PAGES = toc_files()
CODE_CHAPTERS = [f'book/{name}' for name, _, _ in chapters()]
# Chapters with framework code (the theory chapters' code is shared NumPy: no tabs)
TAB_CHAPTERS = [f'book/{name}' for name, _, nb in chapters()
                if any(cell_framework(c) for c in nb.cells)]
playwright_api = require_chromium()


@pytest.fixture(scope='module')
def server():
    assert (HTML / 'index.html').exists(), 'no site: run `make book` first'
    with serve(HTML) as url:
        yield url


@pytest.fixture(scope='module')
def browser():
    with chromium(playwright_api) as browser:
        yield browser


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={'width': 1280, 'height': 900})
    yield context
    context.close()


def open_page(context, server, entry, query=''):
    page = context.new_page()
    watch = Watch(page)
    page.goto(f'{server}/{entry}.html{query}', wait_until='load')
    page.wait_for_load_state('networkidle')
    return page, watch


def wait_for_math(page):
    page.wait_for_function(
        '() => !document.querySelector(".math") || document.querySelector("mjx-container")',
        timeout=15000)


def checked_frameworks(page):
    """The framework checked in every framework tab set of the page."""
    return page.evaluate('''() => Array.from(document.querySelectorAll(
        '.d2l-framework-tabs')).map(set => {
            const input = Array.from(set.querySelectorAll(':scope > input[type=radio]'))
                .find(i => i.checked);
            return input ? input.nextElementSibling.dataset.syncId : null; })''')


@pytest.mark.parametrize('entry', PAGES)
def test_page_loads_cleanly_offline_with_math_and_images(context, server, entry):
    page, watch = open_page(context, server, entry)
    wait_for_math(page)
    text = page.evaluate('() => document.querySelector("main").innerText')
    assert '$$' not in text and '\\(' not in text and '\\[' not in text, \
        f'{entry}: raw TeX left on the page'
    broken = page.evaluate('''() => Array.from(document.images)
        .filter(img => img.offsetParent !== null || img.closest('.sd-tab-content'))
        .filter(img => !(img.complete && img.naturalWidth > 0)).map(img => img.src.slice(0, 80))''')
    assert not broken, f'{entry}: images not loaded {broken}'
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f'{entry.replace("/", "_")}.png'), full_page=True)
    watch.assert_clean(entry)
    page.close()


@pytest.mark.parametrize('entry', TAB_CHAPTERS)
def test_every_tab_set_offers_the_three_frameworks_in_order(context, server, entry):
    page, watch = open_page(context, server, entry)
    orders = page.evaluate('''() => Array.from(document.querySelectorAll(
        '.d2l-framework-tabs')).map(set => Array.from(
            set.querySelectorAll(':scope > label.sd-tab-label')).map(l => l.textContent.trim()))''')
    assert orders, f'{entry}: no framework tab set'
    labels = [fw.label for fw in FRAMEWORKS.values()]
    assert all(order == labels for order in orders), orders
    watch.assert_clean(entry)


def test_tab_choice_syncs_persists_and_follows_the_url(context, server):
    first, second = TAB_CHAPTERS[0], TAB_CHAPTERS[1]
    page, watch = open_page(context, server, first)
    assert set(checked_frameworks(page)) == {'pytorch'}
    # a click on one tab switches every tab set of the page
    page.locator('.d2l-framework-tabs label[data-sync-id="tensorflow"]').first.click()
    assert set(checked_frameworks(page)) == {'tensorflow'}
    # ... stays chosen on the next page and after a reload
    page.goto(f'{server}/{second}.html', wait_until='load')
    assert set(checked_frameworks(page)) == {'tensorflow'}
    page.reload(wait_until='load')
    assert set(checked_frameworks(page)) == {'tensorflow'}
    # the selector under the title (visible without scrolling) does the same
    button = page.locator('.d2l-fw-button[data-framework="mxnet"]')
    assert button.is_visible() and button.bounding_box()['y'] < 900
    button.click()
    assert set(checked_frameworks(page)) == {'mxnet'}
    assert button.get_attribute('aria-pressed') == 'true'
    # the URL parameter wins over the stored choice
    page.goto(f'{server}/{first}.html?framework=pytorch', wait_until='load')
    assert set(checked_frameworks(page)) == {'pytorch'}
    page.goto(f'{server}/{second}.html', wait_until='load')
    assert set(checked_frameworks(page)) == {'pytorch'}
    watch.assert_clean('tab sync')


def test_url_parameter_selects_mxnet_on_a_fresh_profile(browser, server):
    context = browser.new_context()
    page, watch = open_page(context, server, TAB_CHAPTERS[0], '?framework=mxnet')
    assert set(checked_frameworks(page)) == {'mxnet'}
    watch.assert_clean('?framework=mxnet')
    context.close()


def test_unknown_framework_in_the_url_falls_back_to_the_first(browser, server):
    context = browser.new_context()
    page, watch = open_page(context, server, TAB_CHAPTERS[0], '?framework=caffe')
    first = next(iter(FRAMEWORKS))
    assert set(checked_frameworks(page)) == {first}
    pressed = page.locator('.d2l-fw-button[aria-pressed="true"]')
    assert pressed.count() == 1 and pressed.get_attribute('data-framework') == first
    # sphinx-design stores the URL's value as given; the next page skips it too
    page.goto(f'{server}/{TAB_CHAPTERS[1]}.html', wait_until='load')
    assert set(checked_frameworks(page)) == {first}
    watch.assert_clean('?framework=caffe')
    context.close()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if 'id' in attrs:
            self.ids.add(attrs['id'])
        if tag == 'a' and attrs.get('href'):
            self.hrefs.append(attrs['href'])


def parse(path):
    links = Links()
    links.feed(path.read_text())
    return links


def test_every_internal_link_resolves():
    parsed = {p: parse(p) for p in HTML.rglob('*.html')}
    broken = []
    for path, links in parsed.items():
        for href in links.hrefs:
            url = urllib.parse.urlparse(href)
            if url.scheme or href.startswith(('//', 'mailto:', 'javascript:')):
                continue
            target = (path.parent / urllib.parse.unquote(url.path)).resolve() \
                if url.path else path
            if target.is_dir():
                target = target / 'index.html'
            if not target.exists():
                broken.append(f'{path.relative_to(HTML)} -> {href}')
            elif url.fragment and target.suffix == '.html':
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if url.fragment not in ids:
                    broken.append(f'{path.relative_to(HTML)} -> {href} (no such anchor)')
    assert not broken, '\n'.join(broken[:30])


@pytest.mark.parametrize('entry', CODE_CHAPTERS)
def test_downloads_return_the_right_notebook(context, server, entry):
    page, watch = open_page(context, server, entry)
    name = entry.split('/')[-1]
    for fw in FRAMEWORKS:
        href = page.locator(f'a.d2l-download[data-framework="{fw}"]').get_attribute('href')
        url = urllib.parse.urljoin(f'{server}/{entry}.html', href)
        nb = json.loads(urllib.request.urlopen(url).read())
        assert nb['metadata']['d2lmini'] == {'chapter': name, 'framework': fw}
    href = page.locator('a.d2l-download[href$=".md"]').get_attribute('href')
    source = urllib.request.urlopen(urllib.parse.urljoin(f'{server}/{entry}.html', href))
    assert source.read().startswith(b'---')
    # the icon is inlined: no request for it, none for /favicon.ico (watch.assert_clean)
    assert page.locator('link[rel="icon"][href^="data:image/svg+xml"]').count() == 1
    # the package the notebooks import, beside them: a wheel (a zip file)
    href = page.locator('a.d2l-download[href$=".whl"]').get_attribute('href')
    wheel = urllib.request.urlopen(urllib.parse.urljoin(f'{server}/{entry}.html', href))
    assert wheel.read(2) == b'PK'
    watch.assert_clean(entry)


def test_training_animations_play(context, server):
    """The 2-D chapter's training animation is a multi-frame WebP, in every framework tab,
    and the only picture of its cell (no second, still copy of the same run)."""
    from PIL import Image
    page, watch = open_page(context, server, 'book/gan_2d')
    sources = page.evaluate('''() => Array.from(document.querySelectorAll(
        'img[src^="data:image/webp"]')).map(img => img.src)''')
    assert len(sources) >= len(FRAMEWORKS), 'expected one animation per framework'
    for src in sources:
        anim = Image.open(io.BytesIO(base64.b64decode(src.split(',', 1)[1])))
        assert anim.n_frames > 1, 'the animation has a single frame'
    still_copies = page.evaluate('''() => Array.from(document.querySelectorAll(
        'img[src^="data:image/webp"]')).filter(img => img.parentElement.querySelectorAll(
        'img').length > 1).length''')
    assert still_copies == 0, 'an animation shares its output with another picture'
    watch.assert_clean('animation')


def test_search_prev_next_page_toc_and_dark_theme(context, server):
    page, watch = open_page(context, server, 'search', '?q=discriminator')
    page.wait_for_selector('#search-results li', timeout=15000)
    assert page.locator('#search-results li').count() > 0
    page, watch2 = open_page(context, server, TAB_CHAPTERS[0])
    assert page.locator('.prev-next-area a.left-prev').count() == 1
    assert page.locator('.prev-next-area a.right-next').count() == 1
    assert page.locator('.bd-toc-nav a, nav.page-toc a').count() >= 3
    page.evaluate('() => document.documentElement.dataset.theme = "dark"')
    time.sleep(0.3)
    background = page.evaluate(
        '() => getComputedStyle(document.querySelector(".cell_output img")).backgroundColor')
    assert background in ('rgb(255, 255, 255)', 'rgba(255, 255, 255, 1)'), background
    page.screenshot(path=str(SHOTS / f'{TAB_CHAPTERS[0].replace("/", "_")}-dark.png'))
    watch.assert_clean('search')
    watch2.assert_clean('navigation')


def site_pages():
    """Every HTML page of the site, the generated ones (search, genindex) included. Not
    index.html, Jupyter Book's bare redirect to the first chapter, which a reader never sees
    (the browser leaves it at once, often before a check could run on it)."""
    pages = [p for p in HTML.rglob('*.html')
             if p.relative_to(HTML).parts[0] not in ('_static', '_sources')
             and 'http-equiv="refresh"' not in p.read_text().lower()]
    return sorted(p.relative_to(HTML).with_suffix('').as_posix() for p in pages)


@pytest.mark.parametrize('scheme', ['light', 'dark'])
def test_every_page_passes_axe_core(browser, server, scheme):
    """axe-core's WCAG 2 A and AA rules (colour contrast, ARIA roles, lists, labels...) on
    every page, in the theme that the reader's system asks for. One failure lists every
    failing element of the site: rule, page, element."""
    context = browser.new_context(viewport={'width': 1280, 'height': 900},
                                  color_scheme=scheme)
    failures = []
    for entry in site_pages():
        page, watch = open_page(context, server, entry)
        wait_for_math(page)   # axe checks the page as read, after MathJax
        theme = page.evaluate('() => document.documentElement.dataset.theme')
        assert theme == scheme, f'{entry}: the {scheme} theme was asked for, {theme} shown'
        failures += [(rule, f'{rule} on {entry}.html: {element}')
                     for rule, element in axe_violations(page)]
        watch.assert_clean(entry)
        page.close()
    context.close()
    if failures:
        counts = collections.Counter(rule for rule, _ in failures)
        pytest.fail(f'{len(failures)} elements fail axe-core in the {scheme} theme ('
                    + ', '.join(f'{rule} {n}' for rule, n in counts.most_common()) + '):\n'
                    + '\n'.join(line for _, line in failures), pytrace=False)

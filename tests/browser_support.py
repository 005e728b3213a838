"""What the browser tests share: headless Chromium, a local server, a request watcher,
axe-core's accessibility check."""
import contextlib
import functools
import http.server
import pathlib
import shutil
import threading
import urllib.parse

import pytest

from vendor import VendorError, vendored

CHROMIUM = shutil.which('chromium') or '/usr/bin/chromium'
# As root in a sandbox, without the network: no sandbox, no GPU, no background requests
CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
                 '--disable-background-networking', '--disable-component-update',
                 '--disable-sync']


def require_chromium():
    """Skip the calling test module, with one line saying how, when Chromium is missing."""
    if not pathlib.Path(CHROMIUM).exists():
        pytest.skip('Chromium not found: install it with `apt-get install -y chromium` '
                    '(make test does this)', allow_module_level=True)
    return pytest.importorskip('playwright.sync_api')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(directory):
    """Serve `directory` on 127.0.0.1 at a free port; yield the base URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f'http://127.0.0.1:{httpd.server_address[1]}'
    finally:
        httpd.shutdown()


@contextlib.contextmanager
def chromium(playwright_api):
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class Watch:
    """Console errors, failed requests and requests that try to leave 127.0.0.1 (blocked)."""

    def __init__(self, page):
        self.errors, self.failed, self.outside = [], [], []
        page.on('console', lambda m: m.type == 'error' and self.errors.append(m.text))
        page.on('pageerror', lambda e: self.errors.append(str(e)))
        page.on('requestfailed', lambda r: self.failed.append(f'{r.url} {r.failure}'))
        page.on('response', lambda r: r.status >= 400 and self.failed.append(
            f'{r.url} HTTP {r.status}'))
        page.route('**/*', self.route)

    def route(self, route):
        url = route.request.url
        if url.startswith('data:') or urllib.parse.urlparse(url).hostname == '127.0.0.1':
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def assert_clean(self, where):
        assert not self.outside, f'{where}: requests to other hosts {self.outside}'
        assert not self.failed, f'{where}: failed requests {self.failed}'
        assert not self.errors, f'{where}: console errors {self.errors}'


# axe-core's tags for the rules of WCAG 2 at levels A and AA
AXE_TAGS = ['wcag2a', 'wcag2aa']


@functools.cache
def axe_script():
    """axe-core's source, vendored by tools/vendor.py (the tests never fetch it)."""
    try:
        return (vendored('axe-core') / 'axe.min.js').read_text()
    except VendorError as error:   # a SystemExit: make it a test failure that says what to run
        pytest.fail(str(error))


def axe_violations(page):
    """Run axe-core's WCAG 2 A and AA rules on a loaded page: a (rule, element) pair per
    failing element, the element said by axe's CSS selector, the start of its HTML and, for
    the contrast rule, the measured and the required ratio."""
    page.add_script_tag(content=axe_script())
    found = page.evaluate('''async tags => {
        const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                resultTypes: ['violations']});
        return result.violations.flatMap(rule => rule.nodes.map(node => {
            const data = (node.any[0] || {}).data || {};
            return {rule: rule.id, target: node.target.join(' '), html: node.html,
                    ratio: data.contrastRatio, needed: data.expectedContrastRatio};
        }));
    }''', AXE_TAGS)
    failures = []
    for v in found:
        html = ' '.join(v['html'].split())
        html = html if len(html) <= 100 else html[:97] + '...'
        contrast = f' ({v["ratio"]}:1, needs {v["needed"]})' if v['ratio'] else ''
        failures.append((v['rule'], f'{v["target"]}{contrast} {html}'))
    return failures

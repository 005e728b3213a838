"""What the browser tests share: headless Chromium, a local server, a request watcher."""
import contextlib
import functools
import http.server
import pathlib
import shutil
import threading
import urllib.parse

import pytest

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

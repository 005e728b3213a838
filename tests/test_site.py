"""Smoke test of the built website (run after tools/build.py; `make test` does)."""
import re

import pytest

from common import BUILD, FRAMEWORKS, ROOT, cell_framework, chapters, toc_files
from distribution import wheel_name

pytestmark = pytest.mark.site
HTML = BUILD / 'html'
LABELS = [fw.label for fw in FRAMEWORKS.values()]


def page(entry):
    path = HTML / f'{entry}.html'
    assert path.exists(), f'{path} missing: run `make book`'
    return path.read_text()


def test_every_page_of_the_toc_is_built():
    for entry in toc_files():
        page(entry)
    assert (HTML / 'index.html').exists()


@pytest.mark.parametrize('name', [name for name, _, nb in chapters()
                                  if any(cell_framework(c) for c in nb.cells)])
def test_chapter_has_framework_tabs_with_executed_outputs(name):
    html = page(f'book/{name}')
    tab_sets = html.count('d2l-framework-tabs')
    assert tab_sets > 0, f'{name}: no framework tab set'
    for label in LABELS:
        assert re.search(rf'>\s*{label}\s*</label>', html), f'{name}: no {label} tab'
    for fw in FRAMEWORKS:
        assert f'data-sync-id="{fw}"' in html and 'data-sync-group="framework"' in html
    assert 'cell_output' in html, f'{name}: no executed output'


@pytest.mark.parametrize('name', [name for name, _, _ in chapters()])
def test_chapter_offers_its_notebooks_and_source(name):
    html = page(f'book/{name}')
    for fw in FRAMEWORKS:
        link = f'_static/notebooks/{fw}/{name}.ipynb'
        assert link in html
        assert (HTML / link).read_bytes() == (ROOT / 'notebooks' / fw / f'{name}.ipynb') \
            .read_bytes()
    assert f'_static/sources/{name}.md' in html
    wheel = f'_static/{wheel_name()}'   # the package the notebooks install
    assert wheel in html and (HTML / wheel).stat().st_size > 10_000


def test_no_resource_is_loaded_from_another_host():
    remote = re.compile(r'<(?:script|link|img|iframe|source|video)\b[^>]*\s(?:src|href)='
                        r'"(?:https?:)?//', re.I)
    for path in HTML.rglob('*.html'):
        match = remote.search(path.read_text())
        assert match is None, f'{path.relative_to(HTML)} loads {match.group(0)}'


def test_mathjax_is_served_locally():
    html = page('book/adversarial_game')
    assert '_static/mathjax/tex-chtml.js' in html
    assert (HTML / '_static' / 'mathjax' / 'tex-chtml.js').exists()
    assert (HTML / '_static' / 'mathjax' / 'LICENSE').exists(), 'MathJax without its licence'


def test_api_page_says_where_each_function_is_taught():
    html = page('book/api')
    assert re.search(r'Defined in\s*<a[^>]*href="gan_2d.html"', html), \
        'no "Defined in" link to the 2-D chapter on the API page (tools/ext/sphinx_d2l.py)'

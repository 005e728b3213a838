"""Sphinx extension of the GAN book.

1. Wrap each run of consecutive framework cells (tagged pytorch / tensorflow / mxnet by
   tools/assemble.py) into a sphinx-design tab set synced on the group `framework`.
   myst-nb cannot execute cells inside tab directives, so the tabs are built here, after
   execution, from the executed cells' containers.
2. Put a bar under each chapter title: the framework selector (visible without scrolling)
   and the downloads (each framework's notebook, the Markdown source, Colab when configured).
3. On the API page, end the docstring of each function and class of a generated framework
   module with the chapter that teaches it ("Defined in ..."), as d2l does. The line is added
   when the page is built, not written into the module, so that the module's code stays
   byte-identical to the chapter's.
4. Replace the ARIA roles that docutils still writes but DPUB-ARIA deprecated (the
   bibliography's entries), so that every page passes the accessibility checks.
5. Add the book's CSS and scripts to every page, the playground's in the order they need,
   and the book's icon, inlined (no request for it, and no 404 for /favicon.ico).
"""
import base64
import functools
import pathlib
import re
import shutil
import sys

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx_design.shared import create_component

from d2lmini.frameworks import FRAMEWORKS

LABELS = {tag: fw.label for tag, fw in FRAMEWORKS.items()}  # in tab order
GENERATED = {f'd2lmini.{fw.module}' for fw in FRAMEWORKS.values()}
ORIGIN = re.compile(r'# %% (book/\S+)\.md$')   # tools/lib.py's line above a chapter's code
DEFINITION = re.compile(r'(?:def|class) (\w+)')
OUTPUT_TAG = 'd2l-output'
# Static folders of the staged book. Not called `_static`: Jupyter Book 1 adds a script tag
# for every .js file under the static paths as soon as a `_static` folder exists, which would
# load all of MathJax's components on every page. Sphinx copies both into the site's _static.
ASSETS, MATHJAX = '_assets', '_mathjax'
# The playground's scripts, each needing the ones before it (book/_static/playground)
PLAYGROUND_SCRIPTS = ('gan-playground-presets.js', 'gan-playground-engine.js',
                      'gan-playground.js')


def cell_framework(node):
    if not (isinstance(node, nodes.container) and node.get('nb_element') == 'cell_code'):
        return None
    for fw in FRAMEWORKS:
        if f'tag_{fw}' in node['classes']:
            return fw
    return None


def group_key(node):
    """Cells join the same tab set when they have a framework and are of the same kind."""
    fw = cell_framework(node)
    return None if fw is None else f'tag_{OUTPUT_TAG}' in node['classes']


def make_tab_set(cells):
    tab_set = create_component('tab-set', classes=['sd-tab-set', 'd2l-framework-tabs'])
    for fw, label in LABELS.items():
        content = [c for c in cells if cell_framework(c) == fw]
        if not content:
            content = [nodes.paragraph(text=f'Nothing to run here in {label}.')]
        tab_label = nodes.rubric(label, label, classes=['sd-tab-label'])
        tab_label['sync_id'] = fw
        tab_label['sync_group'] = 'framework'
        body = create_component('tab-content', classes=['sd-tab-content'], children=content)
        tab_set += create_component('tab-item', classes=['sd-tab-item'],
                                    selected=(fw == 'pytorch'), children=[tab_label, body])
    return tab_set


class FrameworkTabs(SphinxTransform):
    default_priority = 500

    def apply(self, **kwargs):
        parents = {id(n.parent): n.parent for n in self.document.findall(nodes.container)
                   if cell_framework(n) is not None}
        for parent in parents.values():
            children, run = [], []
            for child in list(parent.children) + [None]:
                key = None if child is None else group_key(child)
                if run and key != group_key(run[0]):
                    for cell in run:
                        cell.parent = None
                    children.append(make_tab_set(run))
                    run = []
                if child is None:
                    break
                if key is None:
                    children.append(child)
                else:
                    run.append(child)
            parent.children = []
            parent.extend(children)


BAR = '''<div class="d2l-bar" role="region" aria-label="Framework and downloads">
<span class="d2l-bar-label" id="d2l-fw-label">Framework:</span>
<span class="d2l-fw-select" role="group" aria-labelledby="d2l-fw-label">{buttons}</span>
<span class="d2l-downloads">{downloads}</span>
</div>'''


def download_links(stem, up, has_notebook, has_source, wheel=None, repository=None,
                   branch='main'):
    """The bar's links: each framework's notebook and, beside them, the d2lmini wheel the
    notebooks install; "Open in Colab" when the book's GitHub repository is known; the
    chapter's Markdown source. `up` leads from the page to the site's root."""
    links = []
    if has_notebook:
        for fw, label in LABELS.items():
            links.append(f'<a class="d2l-download" data-framework="{fw}" download '
                         f'href="{up}_static/notebooks/{fw}/{stem}.ipynb">'
                         f'{label} notebook</a>')
        if wheel:
            links.append(f'<a class="d2l-download" download href="{up}_static/{wheel}" '
                         f'title="The book\'s helper package, which the notebooks import: '
                         f'pip install {wheel}">d2lmini package</a>')
        github = 'https://github.com/'
        if repository and repository.startswith(github):
            path = repository.rstrip('/')[len(github):]
            for fw, label in LABELS.items():
                links.append(
                    f'<a class="d2l-colab" data-framework="{fw}" href="https://colab.'
                    f'research.google.com/github/{path}/blob/{branch}/notebooks/{fw}/'
                    f'{stem}.ipynb">Open {label} in Colab</a>')
    if has_source:
        links.append(f'<a class="d2l-download" download '
                     f'href="{up}_static/sources/{stem}.md">Markdown source</a>')
    return links


class ChapterBar(SphinxTransform):
    default_priority = 510

    def apply(self, **kwargs):
        docname = self.env.docname
        section = next(iter(self.document.findall(nodes.section)), None)
        if section is None or not section.children:
            return
        stem = pathlib.PurePosixPath(docname).name
        assets = pathlib.Path(self.app.srcdir) / ASSETS
        buttons = ''.join(
            f'<button type="button" class="d2l-fw-button" data-framework="{fw}" '
            f'aria-pressed="false">{label}</button>' for fw, label in LABELS.items())
        wheels = sorted(assets.glob('d2lmini-*.whl'))   # staged by tools/build.py
        # `repository: url` and `branch` of _config.yml, as Jupyter Book passes them on
        theme = self.config.html_theme_options
        links = download_links(
            stem, '../' * docname.count('/'),
            has_notebook=(assets / 'notebooks' / 'pytorch' / f'{stem}.ipynb').exists(),
            has_source=(assets / 'sources' / f'{stem}.md').exists(),
            wheel=wheels[-1].name if wheels else None,
            repository=theme.get('repository_url'),
            branch=theme.get('repository_branch') or 'main')
        html = BAR.format(buttons=buttons, downloads=' '.join(links))
        section.insert(1, nodes.raw('', html, format='html'))


@functools.lru_cache
def chapter_origins(path):
    """{function or class name: docname of the chapter that defines it} of a generated
    module, from the `# %% book/<chapter>.md` lines that tools/lib.py writes."""
    origins, chapter = {}, None
    for line in pathlib.Path(path).read_text().splitlines():
        if match := ORIGIN.match(line):
            chapter = match.group(1)
        elif (match := DEFINITION.match(line)) and chapter is not None:
            origins[match.group(1)] = chapter
    return origins


def add_origin(app, what, name, obj, options, lines):
    """autodoc: "Defined in <chapter>" under a generated function's or class's docstring."""
    module = getattr(obj, '__module__', None)
    if what not in ('function', 'class') or module not in GENERATED \
            or '.' in getattr(obj, '__qualname__', '.'):
        return
    chapter = chapter_origins(sys.modules[module].__file__).get(obj.__name__)
    if chapter is not None:
        lines += ['', f'Defined in :doc:`/{chapter}`.']


def add_static_paths(app, config):
    srcdir = pathlib.Path(app.srcdir)
    for folder in (ASSETS, MATHJAX):
        if (srcdir / folder).is_dir():
            config.html_static_path.append(str(srcdir / folder))


def refresh_static_files(app, exception):
    """Sphinx copies static files only when some page is rewritten; after a change to a
    static file alone (the playground, d2l.css), copy what differs."""
    if exception is not None or app.builder.format != 'html':
        return
    target = pathlib.Path(app.outdir) / '_static'
    for folder in (ASSETS, MATHJAX):
        source = pathlib.Path(app.srcdir) / folder
        for path in source.rglob('*') if source.is_dir() else []:
            dest = target / path.relative_to(source)
            if path.is_file() and (not dest.exists() or dest.read_bytes() != path.read_bytes()):
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, dest)


def drop_thebe(app, pagename, templatename, context, doctree):
    """Jupyter Book always loads sphinx-thebe (twice, which is a console error) and points it
    at a CDN; the book has no live kernels, so its scripts are left out of every page."""
    def keep(asset):
        text = f"{getattr(asset, 'filename', asset)} {getattr(asset, 'attributes', {})}"
        return 'thebe' not in text.lower()
    context['script_files'] = [s for s in context.get('script_files', []) if keep(s)]
    context['css_files'] = [c for c in context.get('css_files', []) if keep(c)]


# ARIA roles that docutils still writes but DPUB-ARIA 1.1 deprecated, and what replaces
# them: each citation of the bibliography is an item of a `role="list"`
DEPRECATED_ROLES = {'doc-biblioentry': 'listitem'}


def replace_deprecated_roles(app, pagename, templatename, context, doctree):
    """Screen readers and accessibility checkers (axe-core's aria-deprecated-role) do not
    support the deprecated roles: a list whose items have one reads as a list of links and
    paragraphs. Replace them in the page's body."""
    body = context.get('body', '')
    for old, new in DEPRECATED_ROLES.items():
        body = body.replace(f' role="{old}"', f' role="{new}"')
    context['body'] = body


# The book's icon (book/_static/favicon.svg), inlined into every page as a data: URL. Without
# an icon, browsers ask the server for /favicon.ico (a 404 on every page); as a file, the
# request is aborted whenever a page is left before it finished, which the browser tests
# rightly count as a failed request. Inline, there is no request at all.
# tools/build.py stages book/_static as ASSETS beside the book's pages.
FAVICON = 'favicon.svg'


@functools.lru_cache(maxsize=None)
def favicon_link(srcdir):
    svg = (pathlib.Path(srcdir) / ASSETS / FAVICON).read_bytes()
    encoded = base64.b64encode(svg).decode('ascii')
    return f'<link rel="icon" type="image/svg+xml" href="data:image/svg+xml;base64,{encoded}">'


def add_favicon(app, pagename, templatename, context, doctree):
    context['metatags'] = context.get('metatags', '') + favicon_link(str(app.srcdir)) + '\n'


def setup(app):
    app.connect('config-inited', add_static_paths)
    app.connect('html-page-context', add_favicon)
    app.connect('html-page-context', drop_thebe)
    app.connect('html-page-context', replace_deprecated_roles)
    app.connect('build-finished', refresh_static_files)
    app.connect('autodoc-process-docstring', add_origin)
    app.add_transform(FrameworkTabs)
    app.add_transform(ChapterBar)
    app.add_css_file('d2l.css')
    app.add_js_file('d2l.js')
    app.add_css_file('playground/gan-playground.css')
    # In this order: the chapters' values, the engine that reads them, the view
    for name in PLAYGROUND_SCRIPTS:
        app.add_js_file(f'playground/{name}')
    return {'parallel_read_safe': True, 'parallel_write_safe': True}

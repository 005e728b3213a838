"""The learners' notebooks: plain Markdown, folded solutions, the set-up cell, the links.

The website keeps the chapters' MyST; the generated notebooks must contain none of it
(tools/myst_markdown.py converts it), so that they read cleanly in any Jupyter.
"""
import base64
import re
import subprocess
import sys
import textwrap

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

import common
import notebooks
from distribution import framework_pin, install_line, wheel_name
from ext.sphinx_d2l import download_links
from myst_markdown import Book, MystError, Page, convert_cells, myst_leftovers

GENERATED = sorted(p for fw in common.FRAMEWORKS for p in (common.NOTEBOOKS / fw).glob('*.ipynb'))
REPO = 'https://github.com/gan-book/gan-book'


def markdown_of(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == 'markdown']


def toy_book(site=None):
    pages = [('one', '(sec-one)=\n# Chapter one\n\n(sec-one-part)=\n## A part\n'),
             ('two', '(sec-two)=\n# Chapter two\n')]
    book = Book.from_sources(pages, common.BOOK / 'references.bib', site, common.BOOK)
    book.notebooks = {'one', 'two'}
    return book


def convert(*sources, site=None, chapter='one'):
    page = Page(toy_book(site), chapter, 'pytorch')
    results = convert_cells(list(sources), page)
    return results, page


# The generated notebooks ------------------------------------------------------------------

@pytest.mark.parametrize('path', GENERATED, ids=lambda p: f'{p.parent.name}/{p.stem}')
def test_generated_notebook_has_no_myst_left(path):
    for cell in markdown_of(path):
        assert not myst_leftovers(cell.source), f'{path.name} {cell.id}: ' \
            f'{myst_leftovers(cell.source)}'


@pytest.mark.parametrize('path', GENERATED, ids=lambda p: f'{p.parent.name}/{p.stem}')
def test_every_solution_is_folded_and_every_exercise_visible(path):
    name = path.stem
    source = (common.BOOK / f'{name}.md').read_text()
    exercises = len(re.findall(r'^`{3,}\{exercise\}', source, re.M))
    solutions = len(re.findall(r'^`{3,}\{solution\}', source, re.M))
    text = '\n'.join(c.source for c in markdown_of(path))
    headings = re.findall(r'^#{2,6} Exercise \d+', text, re.M)
    assert len(headings) == exercises
    blocks = re.findall(r'<details>\n<summary>Solution</summary>\n\n(.*?)\n\n</details>',
                        text, re.S)
    assert len(blocks) == solutions
    for heading in headings:   # the exercise's text is outside any <details>
        before = text[:text.index(heading)]
        assert before.count('<details>') == before.count('</details>')
    assert all(block.strip() for block in blocks)


@pytest.mark.parametrize('path', GENERATED, ids=lambda p: f'{p.parent.name}/{p.stem}')
def test_notebook_opens_with_title_and_set_up_cell(path):
    cells = nbformat.read(path, as_version=4).cells
    framework = path.parent.name
    assert cells[0].id == 'header' and cells[0].source.startswith('# ')
    assert cells[1].id == 'setup' and cells[1].cell_type == 'code'
    assert f'"{framework_pin(framework)}"' in cells[1].source
    cited = any('](#References)' in c.source for c in cells if c.cell_type == 'markdown')
    assert cited == (cells[-1].id == 'references')


# The conversion ---------------------------------------------------------------------------

def test_labels_comments_and_citations():
    (text,), page = convert('(sec-x)=\n% a comment\nAs shown {cite:p}`Goodfellow.2014`, '
                            'and {cite:t}`Radford.2015` and {cite:p}`Karras.2017,Karras.2019`.')
    assert text == ('As shown ([Goodfellow et al., 2014](#References)), and [Radford et al. '
                    '(2016)](#References) and ([Karras et al., 2018](#References); '
                    '[Karras et al., 2019](#References)).')
    assert page.cited == ['Goodfellow.2014', 'Radford.2015', 'Karras.2017', 'Karras.2019']


def test_citations_link_to_the_website_when_its_address_is_known():
    (text,), _ = convert('{cite:p}`Goodfellow.2014`', site='https://book.example/')
    assert text == '([Goodfellow et al., 2014](https://book.example/book/bibliography.html))'


def test_references_become_chapter_names_linked_to_notebooks():
    (text,), _ = convert('See {numref}`sec-two`, {ref}`sec-two`, {ref}`that <sec-two>`, '
                         '{doc}`two` and {numref}`sec-one-part`.')
    assert text == ('See the chapter [Chapter two](two.ipynb), [Chapter two](two.ipynb), '
                    '[that](two.ipynb), [Chapter two](two.ipynb) and the section A part.')
    (text,), _ = convert('{ref}`sec-two-x <sec-two>`', site='https://book.example/')
    assert text == '[sec-two-x](https://book.example/book/two.html?framework=pytorch)'


def test_reference_to_an_exercise_of_another_chapter_names_the_chapter():
    book = toy_book()
    book.targets.update(Book.from_sources(
        [('two', '# Chapter two\n\n```{exercise} X\n:label: ex-two\nQ\n```\n')],
        common.BOOK / 'references.bib', None, common.BOOK).targets)
    (text,) = convert_cells(['Try {numref}`ex-two`.'], Page(book, 'one', 'pytorch'))
    assert text == 'Try an exercise of the chapter [Chapter two](two.ipynb).'


def test_roles_inside_inline_code_are_left_alone():
    (text,), _ = convert('Write ``{cite:p}`Key` `` to cite.')
    assert text == 'Write ``{cite:p}`Key` `` to cite.'


def test_exercise_becomes_a_heading_and_solution_a_folded_block():
    source = textwrap.dedent('''\
        ## Exercises

        ````{exercise} Sampling
        :label: ex-x

        Write $f$:

        ```python
        f(1)
        ```
        ````

        ```{solution} ex-x
        :class: dropdown

        It is $\\log 2$.
        ```

        As {numref}`ex-x` asks.''')
    (text,), _ = convert(source)
    assert text == textwrap.dedent('''\
        ## Exercises

        ### Exercise 1: Sampling

        Write $f$:

        ```python
        f(1)
        ```

        <details>
        <summary>Solution</summary>

        It is $\\log 2$.

        </details>

        As Exercise 1 asks.''')


def test_figure_is_embedded_numbered_and_referenced_before_it_appears():
    figure = ('```{figure} figures/learning_round.svg\n:name: fig-x\n:alt: Panels\n\n'
              'One round.\n```')
    page = Page(toy_book(), 'one', 'pytorch')
    first, second = convert_cells(['See {numref}`fig-x`.', figure], page)
    assert first == 'See Figure 1.'
    svg = base64.b64encode((common.BOOK / 'figures' / 'learning_round.svg').read_bytes())
    assert second == (f'![Panels](data:image/svg+xml;base64,{svg.decode()})\n\n'
                      '*Figure 1: One round.*')


def test_admonitions_math_and_equations():
    (text,), _ = convert('```{warning}\nCareful.\n```\n\n```{math}\n:label: eq-v\nV = 1\n```'
                         '\n\n$$ W = 2 $$ (eq-w)\n\nBy {eq}`eq-v` and {eq}`eq-w`.')
    assert text == ('> **Warning**\n>\n> Careful.\n\n$$\nV = 1\n\\tag{1}$$\n\n'
                    '$$ W = 2 \\tag{2}$$\n\nBy (1) and (2).')


def test_dropdown_folds_and_margin_quotes():
    (text,), _ = convert('```{dropdown} More\nHidden.\n```\n\n```{margin} Aside\nSmall.\n```')
    assert text == ('<details>\n<summary>More</summary>\n\nHidden.\n\n</details>\n\n'
                    '> **Aside**\n>\n> Small.')


@pytest.mark.parametrize('source, message', [
    ('```{glue} x\n```', r'directive \{glue\} has no Markdown form'),
    ('{download}`f.txt`', r'role \{download\} has no Markdown form'),
    ('{cite:p}`Nobody.1900`', 'not in references.bib'),
    ('{ref}`sec-missing`', 'no page of the book defines'),
    ('{numref}`Chapter %s <sec-two>`', 'not a numbered chapter'),
    ('```{note}\nnever closed', 'unclosed fence'),
    ('```{figure} figures/missing.png\n```', 'not found'),
])
def test_myst_without_a_conversion_is_an_error(source, message):
    with pytest.raises(MystError, match=message):
        convert(source)


# The set-up cell: what a learner sees when d2lmini is missing -----------------------------

def run_setup_cell(source, *, importable, colab=False):
    """Run the set-up cell's code (IPython syntax) in a fresh Python; return its stdout.

    `importable=False` hides d2lmini (a None entry in sys.modules makes import fail);
    `colab=True` fakes Colab, with a get_ipython() that records the magics it is asked for.
    """
    code = TransformerManager().transform_cell(source)
    prelude = ['import sys, types']
    if not importable:
        prelude.append("sys.modules['d2lmini'] = None")
    if colab:
        prelude += ["sys.modules['google.colab'] = types.ModuleType('google.colab')",
                    'class Shell:',
                    '    def run_line_magic(self, name, line):',
                    "        print('MAGIC', name, line)",
                    'get_ipython = lambda: Shell()']
    env = {'PYTHONPATH': str(common.ROOT)}
    result = subprocess.run([sys.executable, '-c', '\n'.join(prelude) + '\n' + code],
                            capture_output=True, text=True, env=env, cwd=common.ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize('framework', list(common.FRAMEWORKS))
def test_set_up_cell_prints_the_install_line_when_d2lmini_is_missing(framework):
    config = {}
    source = notebooks.setup_source(framework, config)
    printed = run_setup_cell(source, importable=False)
    line = f'%pip install "{framework_pin(framework)}" "{wheel_name()}"'
    assert line == install_line(framework, config)
    assert line in printed.splitlines() and 'restart the kernel' in printed
    assert run_setup_cell(source, importable=True) == ''


def test_set_up_cell_installs_from_the_repository_on_colab_only():
    config = {'repository': {'url': REPO, 'branch': 'main'}}
    source = notebooks.setup_source('pytorch', config)
    source_line = f'd2lmini @ git+{REPO}@main'
    printed = run_setup_cell(source, importable=False)
    assert f'%pip install "torch==2.13.0" "{source_line}"' in printed.splitlines()
    assert 'MAGIC' not in printed
    colab = run_setup_cell(source, importable=False, colab=True)
    assert colab.strip() == f'MAGIC pip install "{source_line}"'
    assert run_setup_cell(source, importable=True, colab=True) == ''


def test_bad_repository_url_is_a_clear_error():
    with pytest.raises(ValueError, match='https://github.com/<owner>/<repo>'):
        notebooks.setup_source('pytorch', {'repository': {'url': 'github.com/x'}})


# The website's bar ------------------------------------------------------------------------

def test_bar_offers_notebooks_wheel_and_colab_with_a_repository_url():
    from jupyter_book.config import yaml_to_sphinx
    settings, _, _ = yaml_to_sphinx({'repository': {'url': REPO, 'branch': 'main'}})
    theme = settings['html_theme_options']   # what the extension reads
    links = download_links('gan_2d', '../', True, True, wheel=wheel_name(),
                           repository=theme['repository_url'],
                           branch=theme['repository_branch'])
    html = ' '.join(links)
    assert f'href="../_static/{wheel_name()}"' in html
    for fw in common.FRAMEWORKS:
        assert f'href="../_static/notebooks/{fw}/gan_2d.ipynb"' in html
        assert (f'href="https://colab.research.google.com/github/gan-book/gan-book/blob/main/'
                f'notebooks/{fw}/gan_2d.ipynb"') in html
    assert 'href="../_static/sources/gan_2d.md"' in html


def test_bar_has_no_colab_links_without_a_repository_url():
    html = ' '.join(download_links('gan_2d', '', True, True, wheel=wheel_name()))
    assert 'colab' not in html and wheel_name() in html


def test_numref_to_a_numbered_chapter_gets_its_number():
    """_toc.yml numbers the chapters of its numbered parts; a notebook can say 'Chapter 3'."""
    book = Book.from_sources([('one', '(sec-one)=\n# One\n'), ('two', '(sec-two)=\n# Two\n')],
                             common.BOOK / 'references.bib', None, common.BOOK)
    book.notebooks = {'one', 'two'}
    book.chapter_numbers = {'two': 3}
    (text,) = convert_cells(['See {numref}`Chapter %s <sec-two>`.'], Page(book, 'one', 'pytorch'))
    assert text == 'See [Chapter 3](two.ipynb).'


def test_chapter_numbers_follow_the_numbered_parts_of_the_toc():
    numbers = common.chapter_numbers()
    assert numbers['generative_models'] == 1 and numbers['gan_2d'] == 3
    assert 'preface' not in numbers and 'bibliography' not in numbers

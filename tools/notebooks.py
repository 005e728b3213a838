"""Generate notebooks/<framework>/<chapter>.ipynb from the chapter sources in book/.

    python tools/notebooks.py           # write them
    python tools/notebooks.py --check   # exit 1 when one is stale (used by the tests)

A framework's notebook keeps the shared cells and that framework's cells, without outputs.
Each cell id is `c<index of the cell in the source>`, so that the assembler can put the
executed cells of the three frameworks back in source order. The notebook opens with the
chapter's title and how to run it (cell `header`), then a code cell that says how to install
d2lmini when it is missing (`setup`); it closes with the works it cites (`references`).
Its Markdown is plain Markdown, converted from the chapter's MyST (tools/myst_markdown.py).
"""
import argparse
import pathlib
import sys

import nbformat

from common import (BOOK, FRAMEWORKS, NOTEBOOKS, ROOT, cells_for, chapter_numbers, chapters,
                    toc_files)
from distribution import (book_config, framework_pin, install_line, install_source,
                          repository, site_url)
from myst_markdown import Book, Page, convert_cells, references_cell

# Frameworks that Colab has preinstalled: there, the setup cell adds only d2lmini
COLAB_PREINSTALLED = {'pytorch', 'tensorflow'}

HEADER = """\
# {title}

*{label} version* of a chapter of the interactive GAN book{site}. It is generated from
`book/{source}`: edit the chapter, not this notebook.

To run it you need {label} and `d2lmini`, the book's helper package. The next cell checks
that `d2lmini` is installed and, if it is not, prints the line that installs both{how}.
Then run the cells in order. Set the environment variable `D2LMINI_SEED` to re-run the
chapter with another random seed."""

SETUP = """\
# d2lmini is the book's helper package. When it is missing, this cell says how
# to install it; it installs nothing itself{except_colab}
import importlib.util
{imports}
if importlib.util.find_spec('d2lmini') is None:
{body}"""
PRINT = "print({lines},\n{indent}      sep='\\n')"


def missing_message(framework, config):
    """What the set-up cell prints when d2lmini is missing: the one line to run."""
    source = install_source(config)
    lines = ["d2lmini, the book's helper package, is missing. Run this line in a cell,",
             'then restart the kernel and run the notebook from the top:', '',
             install_line(framework, config)]
    if ' @ ' not in source:   # a wheel file, not a URL
        lines += ['', f"(The book's website offers {source} next to",
                  "this notebook: save it in the notebook's folder first.)"]
    return lines


def print_call(lines, indent):
    joined = f',\n{indent}      '.join(repr(line) for line in lines)
    return indent + PRINT.format(lines=joined, indent=indent)


def load_book(config):
    """What the Markdown conversion needs to know about the whole book."""
    pages = [(pathlib.Path(entry).name, (ROOT / f'{entry}.md').read_text())
             for entry in toc_files()]
    book = Book.from_sources(pages, BOOK / 'references.bib', site_url(config), BOOK)
    book.notebooks = {name for name, _, _ in chapters()}
    book.chapter_numbers = chapter_numbers()
    return book


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            for line in cell.source.splitlines():
                if line.startswith('# '):
                    return line[2:].strip()
    raise ValueError('the chapter has no "# Title" line')


def without_title(source, title):
    """The first cell's Markdown minus the title, which the header cell shows."""
    return '\n'.join(line for line in source.splitlines() if line != f'# {title}')


def header_cell(title, source, framework, config):
    label = FRAMEWORKS[framework].label
    site = site_url(config)
    where = f' ([website]({site}), where PyTorch, TensorFlow and MXNet stand side by side)' \
        if site else ''
    url, _ = repository(config)
    how = (f'; from a clone of the [book\'s repository]({url}), '
           f'`pip install "{framework_pin(framework)}" -e ".[jupyter]"` does the same') \
        if url else ''
    text = HEADER.format(title=title, label=label, site=where, source=source, how=how)
    return nbformat.v4.new_markdown_cell(text, id='header')


def setup_source(framework, config):
    """The code of the `setup` cell. It installs nothing, except on Colab (opened from the
    website's "Open in Colab" link), where the book's repository is known."""
    message = missing_message(framework, config)
    url, _ = repository(config)
    if not url:
        return SETUP.format(except_colab='', imports='', body=print_call(message, ' ' * 4))
    if framework in COLAB_PREINSTALLED:
        colab = [f'%pip install "{install_source(config)}"']
    else:   # the framework replaces packages Colab has already loaded: restart
        colab = [install_line(framework, config),
                 "print('Restart the session (Runtime > Restart session), then run all')"]
    body = ["    if 'google.colab' in sys.modules:  # opened from the website's Colab link",
            *[' ' * 8 + line for line in colab], '    else:', print_call(message, ' ' * 8)]
    return SETUP.format(except_colab=', except on Colab', imports='import sys\n',
                        body='\n'.join(body))


def framework_notebook(name, path, nb, framework, config=None, book=None):
    config = book_config() if config is None else config
    book = load_book(config) if book is None else book
    title = title_of(nb)
    kept = cells_for(nb, framework)
    page = Page(book, name, framework)
    sources = [without_title(c.source, title) if i == first_markdown(kept) else c.source
               for i, (_, c) in enumerate(kept) if c.cell_type == 'markdown']
    markdown = iter(convert_cells(sources, page))
    cells = [header_cell(title, path.name, framework, config),
             nbformat.v4.new_code_cell(setup_source(framework, config), id='setup')]
    for index, cell in kept:
        tags = cell.metadata.get('tags', [])
        metadata = {'tags': list(tags)} if tags else {}
        if cell.cell_type == 'code':
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
        else:
            text = next(markdown)
            if not text.strip():
                continue   # e.g. a cell that held only the title, now in the header
            new = nbformat.v4.new_markdown_cell(text, metadata=metadata)
        new.id = f'c{index:03d}'
        cells.append(new)
    references = references_cell(page)
    if references:
        cells.append(nbformat.v4.new_markdown_cell(references, id='references'))
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {
        'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python'},
        'd2lmini': {'chapter': name, 'framework': framework},
    }
    return nbformat.writes(out, version=4) + '\n'


def first_markdown(kept):
    return next(i for i, (_, c) in enumerate(kept) if c.cell_type == 'markdown')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='only check, write nothing')
    args = parser.parse_args()
    config = book_config()
    book = load_book(config)
    expected = {}
    for name, path, nb in chapters():
        for framework in FRAMEWORKS:
            target = NOTEBOOKS / framework / f'{name}.ipynb'
            expected[target] = framework_notebook(name, path, nb, framework, config, book)
    stale = [p for p, text in expected.items()
             if not p.exists() or p.read_text() != text]
    orphans = [p for fw in FRAMEWORKS for p in (NOTEBOOKS / fw).glob('*.ipynb')
               if p not in expected]
    if args.check:
        if stale or orphans:
            names = [str(p.relative_to(ROOT)) for p in stale + orphans]
            sys.exit('stale notebooks: ' + ', '.join(names) + ': run `make notebooks`')
        return
    for path in stale:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected[path])
        print(f'wrote {path.relative_to(ROOT)}')
    for path in orphans:
        path.unlink()
        print(f'removed {path.relative_to(ROOT)}')


if __name__ == '__main__':
    main()

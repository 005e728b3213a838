"""Generate notebooks/<framework>/<chapter>.ipynb from the chapter sources in book/.

    python tools/notebooks.py           # write them
    python tools/notebooks.py --check   # exit 1 when one is stale (used by the tests)

A framework's notebook keeps the shared cells and that framework's cells, without outputs.
Each cell id is `c<index of the cell in the source>`, so that the assembler can put the
executed cells of the three frameworks back in source order.
"""
import argparse
import sys

import nbformat

from common import FRAMEWORKS, NOTEBOOKS, ROOT, cells_for, chapters

HEADER = """\
**{title}**, {label} version. This notebook is generated from `book/{source}` of the GAN
book; edit the chapter, not this file. The website shows the same chapter with PyTorch,
TensorFlow and MXNet side by side.

It needs only {label}: from a clone of the book's repository run
`pip install "{pin}" -e .` (or `make lab`, which sets up everything),
then run the cells in order. Set the environment variable `D2LMINI_SEED` to re-run it with
another random seed."""


def title_of(nb):
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            for line in cell.source.splitlines():
                if line.startswith('# '):
                    return line[2:].strip()
    raise ValueError('the chapter has no "# Title" line')


def framework_notebook(name, path, nb, framework):
    label, pin = FRAMEWORKS[framework].label, FRAMEWORKS[framework].pin
    header = nbformat.v4.new_markdown_cell(
        HEADER.format(title=title_of(nb), label=label, source=path.name, pin=pin),
        id='header')
    cells = [header]
    for index, cell in cells_for(nb, framework):
        tags = cell.metadata.get('tags', [])
        metadata = {'tags': list(tags)} if tags else {}
        if cell.cell_type == 'code':
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata)
        else:
            new = nbformat.v4.new_markdown_cell(cell.source, metadata=metadata)
        new.id = f'c{index:03d}'
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {
        'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python'},
        'd2lmini': {'chapter': name, 'framework': framework},
    }
    return nbformat.writes(out, version=4) + '\n'


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--check', action='store_true', help='only check, write nothing')
    args = parser.parse_args()
    expected = {}
    for name, path, nb in chapters():
        for framework in FRAMEWORKS:
            target = NOTEBOOKS / framework / f'{name}.ipynb'
            expected[target] = framework_notebook(name, path, nb, framework)
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

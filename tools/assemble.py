"""Merge a chapter's three executed notebooks into one notebook for the website.

Source order is kept. A framework cell keeps its code and outputs and carries its framework
tag; `sphinx_d2l.py` later wraps each run of such cells into a synced tab set. A shared cell
shows its code once; its outputs once when the three runs agree, otherwise as three
output-only cells (tagged `remove-input`, `d2l-output` and the framework) that become tabs.
"""
import copy

import nbformat

from common import FRAMEWORKS, cell_framework

OUTPUT_TAG = 'd2l-output'


# TensorFlow's C++ start-up notices (printed at the first operation whatever
# TF_CPP_MIN_LOG_LEVEL says): noise on a book page, kept out of the website only
TF_NOISE = ('absl::InitializeLog()', 'oneDNN custom operations are on',
            'This TensorFlow binary is optimized', 'To enable the following instructions')


def without_noise(outputs):
    kept = []
    for out in outputs:
        if out.get('output_type') == 'stream' and out.get('name') == 'stderr':
            lines = [line for line in out['text'].splitlines(keepends=True)
                     if not any(noise in line for noise in TF_NOISE)]
            if not ''.join(lines).strip():
                continue
            out = copy.deepcopy(out)
            out['text'] = ''.join(lines)
        kept.append(out)
    return kept


def comparable(outputs):
    """Outputs without what always differs between runs (counts, metadata)."""
    kept = []
    for out in outputs:
        out = {k: v for k, v in out.items() if k not in ('execution_count', 'metadata')}
        kept.append(out)
    return kept


def framework_markdown(cells):
    """Consecutive framework-specific Markdown cells -> one static MyST tab set."""
    by_fw = {fw: [] for fw in FRAMEWORKS}
    for fw, cell in cells:
        by_fw[fw].append(cell.source)
    parts = ['::::{tab-set}', ':sync-group: framework', '']
    for fw, framework in FRAMEWORKS.items():
        label = framework.label
        body = '\n\n'.join(by_fw[fw]) or f'(Nothing specific to {label} here.)'
        parts += [f':::{{tab-item}} {label}', f':sync: {fw}', '', body, ':::', '']
    parts.append('::::')
    return nbformat.v4.new_markdown_cell('\n'.join(parts))


def unique_figure_names(cells):
    """A figure label may appear once per page: when the three frameworks each draw the
    figure (one per tab), the first tab (PyTorch) keeps the label that the text refers to."""
    seen = set()
    for cell in cells:
        figure = cell.metadata.get('mystnb', {}).get('figure', {})
        name = figure.get('name')
        if name in seen:
            del figure['name']
        elif name:
            seen.add(name)


def assemble(source_nb, executed):
    """`executed` maps framework -> executed notebook generated from `source_nb`."""
    executed = {fw: copy.deepcopy(nb) for fw, nb in executed.items()}
    for nb in executed.values():
        for cell in nb.cells:
            if cell.cell_type == 'code':
                cell.outputs = without_noise(cell.outputs)
    by_id = {fw: {c.id: c for c in nb.cells} for fw, nb in executed.items()}
    cells, pending_md = [], []

    def flush_markdown():
        if pending_md:
            cells.append(framework_markdown(pending_md))
            pending_md.clear()

    for index, cell in enumerate(source_nb.cells):
        fw, cid = cell_framework(cell), f'c{index:03d}'
        tags = list(cell.metadata.get('tags', []))
        metadata = copy.deepcopy(dict(cell.metadata))  # keeps e.g. mystnb figure captions
        if cell.cell_type == 'markdown' and fw is not None:
            pending_md.append((fw, cell))
            continue
        flush_markdown()
        if cell.cell_type != 'code':
            cells.append(copy.deepcopy(cell))
            continue
        if fw is not None:
            done = by_id[fw][cid]
            new = nbformat.v4.new_code_cell(cell.source, metadata=metadata,
                                            outputs=done.outputs,
                                            execution_count=done.execution_count)
            cells.append(new)
            continue
        runs = {f: by_id[f][cid] for f in FRAMEWORKS}
        outputs = [comparable(c.outputs) for c in runs.values()]
        if all(o == outputs[0] for o in outputs):
            first = runs['pytorch']
            cells.append(nbformat.v4.new_code_cell(
                cell.source, metadata=metadata, outputs=first.outputs,
                execution_count=first.execution_count))
            continue
        code_only = {k: v for k, v in metadata.items() if k != 'mystnb'}
        cells.append(nbformat.v4.new_code_cell(cell.source, metadata=code_only))
        hidden = 'remove-cell' in tags
        for f, run in runs.items():
            out_meta = copy.deepcopy(metadata)
            out_meta['tags'] = [f, OUTPUT_TAG, 'remove-input'] + (['remove-cell'] if hidden else [])
            cells.append(nbformat.v4.new_code_cell(
                cell.source, metadata=out_meta, outputs=run.outputs,
                execution_count=run.execution_count))
    flush_markdown()
    unique_figure_names(cells)
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = copy.deepcopy(executed['pytorch'].metadata)
    out.metadata.pop('d2lmini', None)
    out.metadata.pop('d2lmini_exec', None)
    for i, c in enumerate(out.cells):
        c.id = f'a{i:03d}'  # deterministic ids: the assembled page does not change needlessly
    return out

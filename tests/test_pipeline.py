"""The build tools on small synthetic chapters: generation, export rules, assembly."""
import nbformat
import pytest

import assemble
import common
import notebooks


def chapter(*cells):
    nb = nbformat.v4.new_notebook(cells=list(cells))
    return nb


def code(source, *tags):
    return nbformat.v4.new_code_cell(source, metadata={'tags': list(tags)} if tags else {})


def md(source, *tags):
    return nbformat.v4.new_markdown_cell(source, metadata={'tags': list(tags)} if tags else {})


def executed(nb, framework, outputs):
    """Simulate executing a framework's notebook: `outputs` maps source index -> outputs."""
    cells = []
    for index, cell in common.cells_for(nb, framework):
        new = nbformat.v4.new_code_cell(cell.source) if cell.cell_type == 'code' \
            else nbformat.v4.new_markdown_cell(cell.source)
        new.id = f'c{index:03d}'
        if cell.cell_type == 'code':
            new.outputs = outputs.get(index, [])
        cells.append(new)
    return nbformat.v4.new_notebook(cells=cells)


def stream(text):
    return nbformat.v4.new_output('stream', name='stdout', text=text)


SOURCE = chapter(md('# Title'), code('import torch', 'pytorch'), code('import tensorflow', 'tensorflow'),
                 code('import mxnet', 'mxnet'), code('print(1)'), code('print(fw)'))


def test_each_framework_keeps_shared_cells_and_its_own():
    kept = [c.source for _, c in common.cells_for(SOURCE, 'tensorflow')]
    assert kept == ['# Title', 'import tensorflow', 'print(1)', 'print(fw)']


def test_a_cell_with_two_framework_tags_is_rejected():
    with pytest.raises(ValueError, match='several framework tags'):
        common.cell_framework(code('x', 'pytorch', 'mxnet'))


def test_generated_notebook_has_a_header_and_source_ids():
    text = notebooks.framework_notebook('toy', common.BOOK / 'toy.md', SOURCE, 'mxnet')
    nb = nbformat.reads(text, as_version=4)
    assert nb.cells[0].id == 'header' and 'MXNet version' in nb.cells[0].source
    assert nb.cells[0].source.startswith('# Title\n')   # the title, moved from c000 ...
    assert nb.cells[1].id == 'setup'                      # ... which is left empty: dropped
    assert [c.id for c in nb.cells[2:]] == ['c003', 'c004', 'c005']
    assert nb.metadata['d2lmini'] == {'chapter': 'toy', 'framework': 'mxnet'}


def test_assembly_keeps_order_merges_equal_outputs_and_tabs_different_ones():
    runs = {fw: executed(SOURCE, fw, {4: [stream('1\n')], 5: [stream(f'{fw}\n')]})
            for fw in common.FRAMEWORKS}
    page = assemble.assemble(SOURCE, runs)
    sources = [c.source for c in page.cells]
    assert sources[:5] == ['# Title', 'import torch', 'import tensorflow', 'import mxnet',
                           'print(1)']
    assert page.cells[4].outputs[0]['text'] == '1\n'     # same everywhere: shown once
    assert not page.cells[5].outputs                       # differs: code once ...
    tabs = page.cells[6:9]                                 # ... and one output per framework
    assert [c.metadata['tags'][0] for c in tabs] == list(common.FRAMEWORKS)
    assert all('remove-input' in c.metadata['tags'] for c in tabs)
    assert [c.outputs[0]['text'] for c in tabs] == ['pytorch\n', 'tensorflow\n', 'mxnet\n']


def test_framework_markdown_becomes_a_static_tab_set():
    nb = chapter(md('# T'), md('torch note', 'pytorch'), md('mx note', 'mxnet'), code('x = 1'))
    runs = {fw: executed(nb, fw, {}) for fw in common.FRAMEWORKS}
    page = assemble.assemble(nb, runs)
    tab_md = page.cells[1].source
    assert ':sync-group: framework' in tab_md and 'torch note' in tab_md
    assert 'Nothing specific to TensorFlow' in tab_md


def test_exec_key_changes_with_the_seed(tmp_path, monkeypatch):
    path = tmp_path / 'x.ipynb'
    path.write_text('{}')
    monkeypatch.setenv('D2LMINI_SEED', '1')
    one = common.exec_key(path)
    monkeypatch.setenv('D2LMINI_SEED', '2')
    assert common.exec_key(path) != one


def test_a_figure_drawn_in_each_framework_keeps_its_label_once():
    def figure_cell(fw):
        return code('plot()', fw) if fw else code('plot()')
    nb = chapter(md('# T'), *[figure_cell(fw) for fw in common.FRAMEWORKS])
    for cell in nb.cells[1:]:
        cell.metadata['mystnb'] = {'figure': {'name': 'fig-x', 'caption': 'X'}}
    runs = {fw: executed(nb, fw, {}) for fw in common.FRAMEWORKS}
    page = assemble.assemble(nb, runs)
    names = [c.metadata.get('mystnb', {}).get('figure', {}).get('name') for c in page.cells]
    assert names.count('fig-x') == 1 and names[1] == 'fig-x'
    assert all(c.metadata['mystnb']['figure']['caption'] == 'X' for c in page.cells[1:])

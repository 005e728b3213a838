"""The build tools on small synthetic chapters: generation, export rules, assembly."""
import importlib.util
import shutil

import nbformat
import pytest

import assemble
import common
import hyperparameters
import lib
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
    one = common.exec_key(path, 'pytorch')
    monkeypatch.setenv('D2LMINI_SEED', '2')
    assert common.exec_key(path, 'pytorch') != one


@pytest.fixture(scope='module')
def tree(tmp_path_factory):
    """A copy of what the execution cache reads: d2lmini, the pins, two chapters' notebooks."""
    root = tmp_path_factory.mktemp('tree')
    shutil.copytree(common.ROOT / 'd2lmini', root / 'd2lmini',
                    ignore=shutil.ignore_patterns('__pycache__'))
    shutil.copy(common.ROOT / 'requirements.txt', root)
    for fw in common.FRAMEWORKS:
        for name in ('gan_2d', 'dcgan'):
            shutil.copy(common.NOTEBOOKS / fw / f'{name}.ipynb', root / f'{fw}-{name}.ipynb')
    return root


def exec_keys(root):
    return {(fw, name): common.exec_key(root / f'{fw}-{name}.ipynb', fw, root)
            for fw in common.FRAMEWORKS for name in ('gan_2d', 'dcgan')}


ALL = [(fw, name) for fw in common.FRAMEWORKS for name in ('gan_2d', 'dcgan')]


@pytest.mark.parametrize('edited, reruns', [
    ('d2lmini/mxnet.py', [('mxnet', 'gan_2d'), ('mxnet', 'dcgan')]),
    ('d2lmini/torch.py', [('pytorch', 'gan_2d'), ('pytorch', 'dcgan')]),
    ('tensorflow-dcgan.ipynb', [('tensorflow', 'dcgan')]),
    ('d2lmini/metrics.py', ALL),
    ('d2lmini/exercises/gan_2d.py', ALL),
    ('d2lmini/new_helper.py', ALL),
    ('requirements.txt', ALL),
    ('d2lmini/configs.py', ALL),  # the exercise checkers read it
    ('d2lmini/__main__.py', []),
    ('d2lmini/cli/runs/gaussian.py', []),
    ('d2lmini/cli/main.py', []),
])
def test_an_edit_reruns_only_the_notebooks_that_run_the_edited_file(tree, edited, reruns):
    before = exec_keys(tree)
    path = tree / edited
    path.parent.mkdir(parents=True, exist_ok=True)
    old = path.read_text() if path.exists() else None
    path.write_text((old or '') + '\n# edited\n')
    try:
        after = exec_keys(tree)
    finally:
        if old is None:
            path.unlink()
        else:
            path.write_text(old)
    assert sorted(k for k in before if before[k] != after[k]) == sorted(reruns)


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


def hyper(*sources, tags=('hyperparameters',)):
    return chapter(md('# T'), *[code(s, *tags) for s in sources])


def test_hyperparameter_cells_are_merged_in_reading_order():
    nb = hyper('lr_D, lr_G = 0.05, 5e-3\nbatch_size = 8  # why 8', 'shape = 1, 28, 28')
    values = hyperparameters.chapter_values(common.BOOK / 'toy_gan.md', nb)
    assert values == {'lr_D': '0.05', 'lr_G': '5e-3', 'batch_size': '8',
                      'shape': '(1, 28, 28)'}
    text = hyperparameters.configs_source([('toy_gan', common.BOOK / 'toy_gan.md', nb)])
    namespace = {}
    exec(text, namespace)
    assert namespace['TOY_GAN'] == {'lr_D': 0.05, 'lr_G': 5e-3, 'batch_size': 8,
                                    'shape': (1, 28, 28)}
    assert namespace['__all__'] == ['TOY_GAN'] and 'GENERATED' in namespace['__doc__']


@pytest.mark.parametrize('sources, message', [
    (['lr = 0.1', 'lr = 0.2'], '`lr` is set twice'),
    (['lr = 2 * 0.1'], 'is not a literal'),
    (['lr = 0.1\nnet = make_net()'], 'is not a literal'),
    (['print(lr)'], 'is not an assignment'),
    (['a, b = 1, 2, 3'], 'as many values as names'),
    (['a = b = 1'], 'is not an assignment'),
    (['net.lr = 0.1'], 'something else than names'),
])
def test_bad_hyperparameter_cells_say_what_to_do(sources, message):
    with pytest.raises(hyperparameters.HyperparameterError, match=message):
        hyperparameters.chapter_values(common.BOOK / 'toy.md', hyper(*sources))


def test_a_framework_hyperparameter_cell_is_rejected():
    nb = hyper('lr = 0.1', tags=('hyperparameters', 'mxnet'))
    with pytest.raises(hyperparameters.HyperparameterError, match='must be shared'):
        hyperparameters.chapter_values(common.BOOK / 'toy.md', nb)


def test_saved_cell_imports_move_and_the_code_stays_verbatim():
    cell = lib.SavedCell('import numpy as np\nfrom torch import nn\n\n# why\nX = 1  # keep\n',
                         'toy.md')
    assert [type(s).__name__ for s in cell.imports] == ['Import', 'ImportFrom']
    assert cell.body == '# why\nX = 1  # keep' and cell.setup == []
    setup = lib.SavedCell('from mxnet import np, npx\n\nnpx.set_np()\n', 'toy.md')
    assert setup.body == '' and setup.setup == ['npx.set_np()']
    with pytest.raises(SystemExit, match='put the imports at the top'):
        lib.SavedCell('X = 1\nimport torch\n', 'toy.md')


def gathered(*cells, module='torch'):
    imports = lib.Imports(module)
    for source in cells:
        for statement in lib.SavedCell(source, 'toy.md').imports:
            imports.add(statement, 'toy.md')
    return imports


def test_imports_are_gathered_once_sorted_and_without_the_module_itself():
    imports = gathered('import torch\nfrom torch import nn\nimport d2lmini\n'
                       'from d2lmini import torch as d2l\nimport numpy as np',
                       'import copy\nimport torch\nfrom torch import optim, nn\n'
                       'from d2lmini.ring import (SNAPSHOT_SIZE, check_ring_args, ring_history,'
                       ' snapshot_steps, Monitor)')
    assert imports.self_aliases == ['d2l']
    assert imports.source() == (
        'import copy\nimport sys\n\n'
        'import numpy as np\nimport torch\nfrom torch import nn, optim\n\n'
        'import d2lmini\n'
        'from d2lmini.ring import (SNAPSHOT_SIZE, Monitor, check_ring_args,\n'
        '                          ring_history, snapshot_steps)\n')


def test_one_name_imported_as_two_things_is_rejected():
    with pytest.raises(SystemExit, match='`np` is imported as mxnet.np'):
        gathered('import numpy as np', 'from mxnet import np', module='mxnet')


def test_the_api_page_learns_each_function_s_chapter_from_the_origin_lines():
    spec = importlib.util.spec_from_file_location('sphinx_d2l',
                                                  common.ROOT / 'tools' / 'ext' / 'sphinx_d2l.py')
    ext = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ext)
    for fw in common.FRAMEWORKS.values():
        origins = ext.chapter_origins(common.ROOT / 'd2lmini' / f'{fw.module}.py')
        assert origins['try_gpu'] == 'book/gan_2d', fw
        assert origins['DCGANGenerator'] == 'book/dcgan', fw

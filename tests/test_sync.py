"""The single-source rules: generated files are current, chapters and library agree."""
import ast
import json
import re
import subprocess
import sys

import pytest

from common import (FRAMEWORK_ONLY, FRAMEWORKS, NOTEBOOKS, ROOT, SAVE_MARKER,
                    cell_framework, chapters)

TOOLS = ROOT / 'tools'


def run_tool(name, *args):
    return subprocess.run([sys.executable, str(TOOLS / name), *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_framework_modules_are_generated_from_the_chapters():
    result = run_tool('lib.py', '--check')
    assert result.returncode == 0, result.stderr + result.stdout


def test_notebooks_are_generated_from_the_chapters():
    result = run_tool('notebooks.py', '--check')
    assert result.returncode == 0, result.stderr + result.stdout


def test_every_saved_cell_is_in_its_module_verbatim():
    """The code a chapter shows is byte-identical to d2lmini (belt and braces with --check)."""
    for name, path, nb in chapters():
        for cell in nb.cells:
            if cell.cell_type == 'code' and cell.source.startswith(SAVE_MARKER):
                module = ROOT / 'd2lmini' / f'{FRAMEWORKS[cell_framework(cell)].module}.py'
                body = cell.source.split('\n', 1)[1].strip('\n')
                assert body in module.read_text(), f'{path.name}: a #@save cell is missing ' \
                    f'from {module.name}: run `make lib`'


def test_committed_notebooks_have_no_outputs():
    for path in NOTEBOOKS.rglob('*.ipynb'):
        nb = json.loads(path.read_text())
        for cell in nb['cells']:
            if cell['cell_type'] == 'code':
                assert not cell['outputs'] and cell['execution_count'] is None, path


def test_same_notebooks_for_every_framework():
    sets = {fw: sorted(p.name for p in (NOTEBOOKS / fw).glob('*.ipynb')) for fw in FRAMEWORKS}
    assert sets['pytorch'] and len({tuple(s) for s in sets.values()}) == 1, sets


def public_defs(framework):
    tree = ast.parse((ROOT / 'd2lmini' / f'{FRAMEWORKS[framework].module}.py').read_text())
    return [n.name for n in tree.body
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and not n.name.startswith('_')]


def test_framework_modules_define_the_same_names_in_the_same_order():
    names = {fw: public_defs(fw) for fw in FRAMEWORKS}
    for fw, only in FRAMEWORK_ONLY.items():
        assert set(only) <= set(names[fw]), f'{fw} no longer defines {only}: update common.py'
        names[fw] = [n for n in names[fw] if n not in only]
    assert names['pytorch'] == names['tensorflow'] == names['mxnet'], names


def chapter_hyperparameters(chapter):
    """The one-line hyper-parameter assignment of a chapter's shared run cell, as a dict."""
    for name, path, nb in chapters():
        if name != chapter:
            continue
        for cell in nb.cells:
            for line in cell.source.splitlines():
                m = re.match(r'^([a-zA-Z_][a-zA-Z0-9_, ]*) = ([-0-9.e, ]+)$', line.strip())
                if m and 'lr' in m.group(1):
                    keys = [k.strip() for k in m.group(1).split(',')]
                    values = [float(v) for v in m.group(2).split(',')]
                    return dict(zip(keys, values))
    return None


@pytest.mark.parametrize('chapter, config', [
    ('gan_2d', 'GAUSSIAN_2D'), ('mlp_gan', 'MLP_MNIST'), ('dcgan', 'DCGAN_MNIST'),
    ('gan_failures', 'RING')])
def test_chapter_hyperparameters_match_the_command_line(chapter, config):
    import d2lmini.configs as configs
    found = chapter_hyperparameters(chapter)
    if found is None or not hasattr(configs, config):
        pytest.fail(f'{chapter}: no one-line hyper-parameter cell or no configs.{config}')
    expected = getattr(configs, config)
    for key, value in found.items():
        assert key in expected and float(expected[key]) == value, \
            f'{chapter}: {key} = {value} in the chapter, {expected.get(key)} in configs.{config}'

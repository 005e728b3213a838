"""The single-source rules: generated files are current, chapters and library agree."""
import ast
import json
import re
import subprocess
import sys

import lib
from common import (FRAMEWORK_ONLY, FRAMEWORKS, NOTEBOOKS, ROOT, SAVE_MARKER,
                    cell_framework, chapters)

TOOLS = ROOT / 'tools'


def run_tool(name, *args):
    return subprocess.run([sys.executable, str(TOOLS / name), *args], cwd=ROOT,
                          capture_output=True, text=True)


def test_framework_modules_and_configs_are_generated_from_the_chapters():
    result = run_tool('lib.py', '--check')
    assert result.returncode == 0, result.stderr + result.stdout


def test_notebooks_are_generated_from_the_chapters():
    result = run_tool('notebooks.py', '--check')
    assert result.returncode == 0, result.stderr + result.stdout


def saved_cells():
    """(chapter path, framework, lib.SavedCell) of every `#@save` cell of the book."""
    for name, path, nb in chapters():
        for cell in nb.cells:
            if cell.cell_type == 'code' and cell.source.startswith(SAVE_MARKER):
                body = cell.source.split('\n', 1)[1]
                yield path, cell_framework(cell), lib.SavedCell(body, path.name)


def module_text(framework):
    return (ROOT / 'd2lmini' / f'{FRAMEWORKS[framework].module}.py').read_text()


def test_every_saved_cell_is_in_its_module_verbatim():
    """The code a chapter shows is byte-identical to d2lmini (belt and braces with --check);
    only its leading imports move to the top of the module."""
    for path, framework, cell in saved_cells():
        assert cell.body in module_text(framework), f'{path.name}: a #@save cell is ' \
            f'missing from {FRAMEWORKS[framework].module}.py: run `make lib`'


def module_imports(framework):
    """What the import block at the top of a generated module binds."""
    imports = lib.Imports(FRAMEWORKS[framework].module)
    for statement in ast.parse(module_text(framework)).body:
        if isinstance(statement, (ast.Import, ast.ImportFrom)):
            imports.add(statement, 'module')
    return imports.bound


def test_every_import_of_a_saved_cell_is_at_the_top_of_its_module():
    bound = {fw: module_imports(fw) for fw in FRAMEWORKS}
    for path, framework, cell in saved_cells():
        imports = lib.Imports(FRAMEWORKS[framework].module)
        for statement in cell.imports:
            imports.add(statement, path.name)
        for name, what in imports.bound.items():
            if what == 'this module':
                assert f'\n{name} = sys.modules[__name__]\n' in module_text(framework)
            else:
                assert bound[framework].get(name) == what, \
                    f'{path.name} imports {name} ({what}), {framework}\'s module does not'


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


def test_notebooks_do_not_read_the_generated_configs():
    """A chapter runs its own `hyperparameters` cells: its code uses those variables, not
    d2lmini/configs.py (generated from them for the command line and the checkers), so that
    a reader who changes a value in the chapter changes what the chapter runs. Another
    chapter's settings (the speed chapter trains the 2-D GAN and the DCGAN) come from
    configs.py, so that they are written once, in their own chapter."""
    for name, path, nb in chapters():
        own = path.stem.upper()
        uses = re.compile(rf'\bd2lmini\.(configs|{own})\b|from d2lmini\.configs import|'
                          rf'from d2lmini import [^\n]*\b({own})\b')
        for cell in nb.cells:
            if cell.cell_type == 'code':
                found = uses.search(cell.source)
                assert found is None, f'{path.name}: a code cell reads `{found.group(0)}` ' \
                    'from d2lmini/configs.py: use the chapter\'s own variables'

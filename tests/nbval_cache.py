"""pytest plugin: let nbval's run of a notebook double as the book's execution.

nbval executes every cell of `_build/exec/<framework>/<chapter>.ipynb` (staged there by
`tools/execute.py --stage`) and checks it runs. This plugin records the kernel's messages
the way a notebook front end does (streams, displays, in-place display updates,
clear_output) and, when every cell of a notebook passed, writes the executed notebook back
with the content hash `tools/execute.py` uses, so the site build re-uses this run instead of
executing everything a second time.

It also sets each kernel's environment (`common.kernel_env`) before nbval starts it, exactly
as tools/execute.py does.
"""
import os
import pathlib
import time

import nbformat
import pytest

from common import EXEC, NOTEBOOKS, exec_key, kernel_env  # tools/, on the path by conftest.py

try:
    from nbval.plugin import IPyNbCell, IPyNbFile
except ImportError:  # nbval not installed: the plugin does nothing
    IPyNbCell = IPyNbFile = None


class Recorder:
    """Turn iopub messages into notebook outputs, per cell."""

    def __init__(self):
        self.outputs = {}        # cell number -> list of outputs
        self.display_ids = {}    # display id -> list of output nodes
        self.current = None
        self.clear_pending = False
        self.failed = False
        self.tic = time.perf_counter()

    def record(self, msg):
        kind, content = msg['msg_type'], msg['content']
        if self.current is None:
            return
        outs = self.outputs.setdefault(self.current, [])
        if kind == 'clear_output':
            if content.get('wait'):
                self.clear_pending = True
            else:
                outs.clear()
            return
        if kind == 'update_display_data':
            for node in self.display_ids.get(content.get('transient', {}).get('display_id'), []):
                node['data'] = content['data']
                node['metadata'] = content['metadata']
            return
        if kind not in ('stream', 'display_data', 'execute_result', 'error'):
            return
        if self.clear_pending:
            outs.clear()
            self.clear_pending = False
        if kind == 'stream' and outs and outs[-1].get('output_type') == 'stream' \
                and outs[-1]['name'] == content['name']:
            outs[-1]['text'] += content['text']
            return
        node = nbformat.v4.output_from_msg(msg)
        display_id = content.get('transient', {}).get('display_id')
        if display_id:
            self.display_ids.setdefault(display_id, []).append(node)
        outs.append(node)


if IPyNbFile is not None:
    _get_message = IPyNbFile.get_kernel_message

    def get_kernel_message(self, timeout=None, stream='iopub'):
        # nbval ignores in-place updates and clear_output; record them, then hide them
        while True:
            msg = _get_message(self, timeout=timeout, stream=stream)
            recorder = getattr(self, '_d2l_recorder', None)
            if stream == 'iopub' and recorder is not None:
                recorder.record(msg)
            if msg['msg_type'] not in ('clear_output', 'update_display_data'):
                return msg

    IPyNbFile.get_kernel_message = get_kernel_message


def ends_quietly(source):
    """Whether the cell ends with `;`, which hides its result in Jupyter. nbval runs cells
    without storing them in IPython's history, where IPython looks for that `;`, so its run
    shows the result anyway (a figure would appear twice); this drops it as Jupyter does."""
    lines = [line.split('#', 1)[0].rstrip() for line in source.splitlines()]
    lines = [line for line in lines if line]
    return bool(lines) and lines[-1].endswith(';')


def _staged(path):
    """(framework, source notebook) when `path` is a staged notebook, else None."""
    try:
        rel = pathlib.Path(path).resolve().relative_to(EXEC)
    except ValueError:
        return None
    return rel.parts[0], NOTEBOOKS / rel.parts[0] / rel.name


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if IPyNbCell is None or not isinstance(item, IPyNbCell):
        return
    parent = item.parent
    if not hasattr(parent, '_d2l_recorder'):
        parent._d2l_recorder = Recorder()
        staged = _staged(parent.fspath)
        if staged:  # the kernel is started right after this hook, with this environment
            os.environ.update(kernel_env(staged[0]))
    parent._d2l_recorder.current = item.cell_num


def pytest_runtest_logreport(report):
    if report.failed:
        _FAILED.add(report.nodeid.split('::')[0])


_FAILED = set()


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    """After a notebook's last cell, write the executed notebook when all cells passed."""
    if IPyNbCell is None or not isinstance(item, IPyNbCell):
        return
    if nextitem is not None and nextitem.parent is item.parent:
        return
    parent = item.parent
    staged = _staged(parent.fspath)
    recorder = getattr(parent, '_d2l_recorder', None)
    if not staged or recorder is None or item.nodeid.split('::')[0] in _FAILED:
        return
    framework, source = staged
    nb = nbformat.read(source, as_version=4)
    count = 0
    for cell in nb.cells:
        if cell.cell_type == 'code':
            cell.outputs = recorder.outputs.get(count, [])
            if ends_quietly(cell.source):
                cell.outputs = [o for o in cell.outputs
                                if o.get('output_type') != 'execute_result']
            count += 1
            cell.execution_count = count
            for out in cell.outputs:
                if out.get('output_type') == 'execute_result':
                    out['execution_count'] = count
    nb.metadata['d2lmini_exec'] = {
        'key': exec_key(source, framework), 'complete': True, 'by': 'nbval',
        'seconds': round(time.perf_counter() - recorder.tic, 1)}
    nbformat.write(nb, str(parent.fspath))

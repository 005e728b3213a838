"""Writing results to files: check the path before the work, keep the work after it.

A training run of minutes must not end in a traceback because its output path was
mistyped. `check_output_path` says, before anything runs, whether a file can be written
at a path; the command line calls it for every output path before it trains, and
`Animator.save_animation` before it opens its file. `save_with_fallback` writes a result that
took long to compute: when writing still fails (the folder was removed meanwhile, the disk
is full), it writes to a new file in the temporary folder instead and says where.
"""
import os
import sys
import tempfile

__all__ = ['check_output_path', 'save_with_fallback']


def check_output_path(path, suffix):
    """Return `path` as a string when a file ending in `suffix` can be written there now.

    Otherwise raise ValueError with one line that says what is wrong and what to do: the
    name must end in `suffix`, must not be a folder, and its folder must exist and accept
    new files (tried by creating and removing an empty file in it).
    """
    path = os.fspath(path)
    if not path.endswith(suffix) or os.path.basename(path) == suffix:
        raise ValueError(f'{path!r} must name a {suffix} file, e.g. out{suffix}')
    if os.path.isdir(path):
        raise ValueError(f'{path} is a folder: name a {suffix} file, e.g. '
                         f'{os.path.join(path, "out" + suffix)}')
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        problem = 'is a file, not a folder' if os.path.exists(folder) else 'does not exist'
        raise ValueError(f'cannot write {path}: the folder {folder} {problem}; create the '
                         f'folder or choose another path')
    try:
        handle, probe = tempfile.mkstemp(dir=folder, prefix='.d2lmini-probe-')
    except OSError as err:
        raise ValueError(f'cannot write {path}: the folder {folder} does not accept new '
                         f'files ({err.strerror or err}); choose another path') from None
    os.close(handle)
    os.remove(probe)
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise ValueError(f'cannot write {path}: the file exists and is read-only; choose '
                         f'another path or make it writable')
    return path


def save_with_fallback(path, write, what='the result'):
    """Call `write(path)`; if it fails with an OSError, write to a new file elsewhere.

    The fallback is a new file named after `path` in the temporary folder, or else in the
    current folder; one line on stderr says why and where `what` went. Returns the path
    actually written. Raises OSError, naming every place tried, only when all fail.
    """
    try:
        write(path)
        return path
    except OSError as err:
        reason = err.strerror or str(err)
    tried = [path]
    for folder in (tempfile.gettempdir(), os.getcwd()):
        try:
            handle, fallback = tempfile.mkstemp(dir=folder, prefix='d2lmini-',
                                                suffix='-' + os.path.basename(path))
        except OSError:
            tried.append(folder)
            continue
        os.close(handle)
        try:
            write(fallback)
        except OSError:
            os.remove(fallback)
            tried.append(folder)
            continue
        print(f'd2lmini: warning: could not write {what} to {path} ({reason}); wrote it '
              f'to {fallback} instead', file=sys.stderr)
        return fallback
    raise OSError(f'could not write {what} to {path} ({reason}), nor to a new file in '
                  + ' or '.join(tried[1:]))

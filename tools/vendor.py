"""Fetch the third-party files of the book from the npm registry, checked against pinned hashes.

    python tools/vendor.py                 # fetch what is missing (`make vendor`)
    python tools/vendor.py --only mathjax  # one package
    python tools/vendor.py --check         # exit 1 when something is missing or stale

`tools/vendor.json` pins each package: its npm name and exact version, the sha512 `integrity`
that the registry publishes for its tarball (`npm view <name>@<version> dist.integrity`), its
licence, and which of its files to keep (`files`, patterns relative to the package, `*`
within one folder; `strip` removes a leading folder). A package is downloaded once with
`npm pack`, checked against the pinned hash, kept in .cache/vendor/downloads/, and its files
are extracted into .cache/vendor/<name>/ with the package's licence. .cache/ is ignored by
git and kept by `make clean`: once the files are there, the build and the tests never touch
the network. Changing a pin (a new version, other files) makes them stale until this runs.
"""
import argparse
import base64
import fnmatch
import hashlib
import io
import json
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
PINS = ROOT / 'tools' / 'vendor.json'
VENDOR = ROOT / '.cache' / 'vendor'
STAMP = '.vendor.json'   # in each package's folder: the pin its files were extracted from
FETCH = '`make vendor` (or `python tools/vendor.py`)'


class VendorError(SystemExit):
    """Something to fix before the build can use a vendored package (a clear message)."""


def load_pins(path=PINS):
    return json.loads(path.read_text())


def integrity(data):
    """npm's `dist.integrity` of a tarball: sha512, base64."""
    return 'sha512-' + base64.b64encode(hashlib.sha512(data).digest()).decode()


def installed(name, pin, vendor=VENDOR):
    stamp = vendor / name / STAMP
    return stamp.exists() and json.loads(stamp.read_text()) == pin


def vendored(name, pins=None, vendor=VENDOR):
    """The folder of a vendored package, or an error that says what to run."""
    pin = (load_pins() if pins is None else pins)[name]
    folder = vendor / name
    if not installed(name, pin, vendor):
        state = 'is out of date in' if folder.exists() else 'is missing from'
        raise VendorError(f'{name} {pin["npm"]}@{pin["version"]} {state} {folder}: run '
                          f'{FETCH}, which fetches it once from the npm registry')
    return folder


def download(pin, target):
    """`npm pack <name>@<version>` into `target`, a .tgz path."""
    spec = f'{pin["npm"]}@{pin["version"]}'
    with tempfile.TemporaryDirectory() as tmp:
        try:
            done = subprocess.run(['npm', 'pack', spec, '--ignore-scripts', '--silent',
                                   '--pack-destination', tmp],
                                  capture_output=True, text=True, timeout=900)
        except FileNotFoundError:
            raise VendorError(f'npm not found: install Node.js (it brings npm) to fetch {spec}, '
                              f'then run {FETCH} again') from None
        tarballs = list(pathlib.Path(tmp).glob('*.tgz'))
        if done.returncode != 0 or len(tarballs) != 1:
            raise VendorError(f'`npm pack {spec}` failed (is the npm registry reachable?):\n'
                              f'{done.stderr.strip()[-2000:]}')
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(tarballs[0], target)


def checked_tarball(name, pin, vendor=VENDOR):
    """The bytes of a package's tarball, downloaded when missing, checked against the pin."""
    target = vendor / 'downloads' / f'{name}-{pin["version"]}.tgz'
    if not target.exists():
        print(f'{name}: npm pack {pin["npm"]}@{pin["version"]}', flush=True)
        download(pin, target)
    data = target.read_bytes()
    if integrity(data) != pin['integrity']:
        target.unlink()  # never keep a tarball that is not the pinned one
        raise VendorError(f'{name}: the tarball of {pin["npm"]}@{pin["version"]} has '
                          f'{integrity(data)}, but tools/vendor.json pins {pin["integrity"]}; '
                          'it was deleted: check the pin with `npm view '
                          f'{pin["npm"]}@{pin["version"]} dist.integrity`')
    return data


def matches(path, pattern):
    """Whether a file's path in the package matches a pattern, folder by folder."""
    parts, wanted = path.split('/'), pattern.split('/')
    return len(parts) == len(wanted) and all(map(fnmatch.fnmatchcase, parts, wanted))


def selected_files(name, pin, data):
    """{path in the vendored folder: bytes} of the files a pin keeps from a tarball."""
    files, used = {}, set()
    with tarfile.open(fileobj=io.BytesIO(data), mode='r:gz') as tar:
        for member in tar.getmembers():
            path = member.name.removeprefix('package/')
            hits = [p for p in pin['files'] if matches(path, p)]
            if not member.isfile() or not hits:
                continue
            used.update(hits)
            if pin.get('strip') and path.startswith(pin['strip']):
                path = path[len(pin['strip']):]
            if path.startswith('/') or '..' in path.split('/'):
                raise VendorError(f'{name}: unsafe path {member.name!r} in the tarball')
            files[path] = tar.extractfile(member).read()
    unused = [p for p in pin['files'] if p not in used]
    if unused:
        raise VendorError(f'{name}: {unused} matched no file of {pin["npm"]}@{pin["version"]}: '
                          'fix `files` in tools/vendor.json')
    return files


def fetch(name, pin, vendor=VENDOR):
    """Make .cache/vendor/<name>/ hold exactly the pinned files; return how many."""
    if installed(name, pin, vendor):
        return None
    files = selected_files(name, pin, checked_tarball(name, pin, vendor))
    staging = vendor / f'.{name}.partial'
    shutil.rmtree(staging, ignore_errors=True)
    for path, content in files.items():
        (staging / path).parent.mkdir(parents=True, exist_ok=True)
        (staging / path).write_bytes(content)
    (staging / STAMP).write_text(json.dumps(pin, indent=2) + '\n')
    # Replace the folder only once complete, so that an interrupted run leaves no half copy
    shutil.rmtree(vendor / name, ignore_errors=True)
    staging.rename(vendor / name)
    return len(files)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--only', nargs='*', default=None, help='package names')
    parser.add_argument('--check', action='store_true', help='only check, fetch nothing')
    args = parser.parse_args()
    pins = load_pins()
    unknown = sorted(set(args.only or []) - set(pins))
    if unknown:
        sys.exit(f'unknown package(s) {unknown}: tools/vendor.json has {sorted(pins)}')
    for name in args.only or pins:
        if args.check:
            vendored(name, pins)
            continue
        count = fetch(name, pins[name])
        pin = pins[name]
        state = 'up to date' if count is None else f'{count} files extracted'
        print(f'{name} {pin["npm"]}@{pin["version"]} ({pin["license"]}): {state} in '
              f'{(VENDOR / name).relative_to(ROOT)}')


if __name__ == '__main__':
    main()

"""tools/vendor.py on a fake npm tarball (no network), and the pins of tools/vendor.json."""
import io
import re
import tarfile

import pytest

import vendor


def tarball(files):
    """A .tgz laid out like an npm package: every file under package/."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode='w:gz') as tar:
        for path, content in files.items():
            info = tarfile.TarInfo(f'package/{path}')
            info.size = len(content)
            tar.addfile(info, io.BytesIO(content))
    return buffer.getvalue()


DATA = tarball({'LICENSE': b'licence', 'es5/tex.js': b'tex', 'es5/ui/menu.js': b'menu',
                'es5/ui/deep/x.js': b'deep', 'es5/other.js': b'other'})
PIN = {'npm': 'fake', 'version': '1.0.0', 'integrity': vendor.integrity(DATA),
       'license': 'MIT', 'strip': 'es5/', 'files': ['LICENSE', 'es5/tex.js', 'es5/ui/*']}


@pytest.fixture
def store(tmp_path):
    """A vendor folder whose download cache already holds the fake tarball."""
    (tmp_path / 'downloads').mkdir()
    (tmp_path / 'downloads' / 'fake-1.0.0.tgz').write_bytes(DATA)
    return tmp_path


def test_fetch_extracts_the_pinned_files_and_is_then_a_no_op(store):
    assert vendor.fetch('fake', PIN, store) == 3
    folder = vendor.vendored('fake', {'fake': PIN}, store)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob('*') if p.is_file())
    assert files == [vendor.STAMP, 'LICENSE', 'tex.js', 'ui/menu.js']
    assert vendor.fetch('fake', PIN, store) is None


def test_a_tarball_that_is_not_the_pinned_one_is_refused_and_deleted(store):
    pin = dict(PIN, integrity=vendor.integrity(b'something else'))
    with pytest.raises(vendor.VendorError, match='but tools/vendor.json pins'):
        vendor.fetch('fake', pin, store)
    assert not (store / 'downloads' / 'fake-1.0.0.tgz').exists()
    assert not (store / 'fake').exists()


def test_a_missing_or_stale_package_says_what_to_run(store):
    with pytest.raises(vendor.VendorError, match=r'is missing from .*run `make vendor`'):
        vendor.vendored('fake', {'fake': PIN}, store)
    vendor.fetch('fake', PIN, store)
    newer = dict(PIN, files=['LICENSE'])
    with pytest.raises(vendor.VendorError, match=r'is out of date in .*run `make vendor`'):
        vendor.vendored('fake', {'fake': newer}, store)


def test_a_pattern_that_matches_nothing_is_an_error(store):
    with pytest.raises(vendor.VendorError, match=r"\['es5/nope/\*'\] matched no file"):
        vendor.fetch('fake', dict(PIN, files=['LICENSE', 'es5/nope/*']), store)


@pytest.mark.parametrize('name', list(vendor.load_pins()))
def test_every_pin_is_exact_hashed_and_licensed(name):
    pin = vendor.load_pins()[name]
    assert re.fullmatch(r'\d+\.\d+\.\d+', pin['version']), f'{name}: pin an exact version'
    assert re.fullmatch(r'sha512-[A-Za-z0-9+/]{86}==', pin['integrity']), name
    assert pin['license'] and pin['files'] and pin['npm'], name

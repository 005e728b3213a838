"""How a learner gets `d2lmini`: the wheel, where the book lives, the one-line install.

The settings are read from `_config.yml`, each in one place:
- `repository: url` (and `branch`): the book's GitHub repository. When set, the notebooks
  install d2lmini from it (`pip install "d2lmini @ git+<url>@<branch>"`) and the website shows
  "Open in Colab" links.
- `html: baseurl`: where the website is published. When set, the notebooks link
  citations and chapters to it and name its copy of the wheel; otherwise they point to the
  wheel file the website offers next to each notebook.
"""
import importlib.util
import shutil
import subprocess
import sys
import tomllib

import yaml

from common import ROOT, BUILD, sha256

WHEEL_DIR = BUILD / 'wheel'


def framework_pin(framework):
    """The pip requirement of a framework at the version the book is tested with, from the
    framework registry (d2lmini/frameworks.py)."""
    from d2lmini.frameworks import FRAMEWORKS
    return FRAMEWORKS[framework].pin


def book_config(root=ROOT):
    return yaml.safe_load((root / '_config.yml').read_text()) or {}


def repository(config):
    """(url, branch) of the book's GitHub repository, or (None, None) when not set."""
    repo = config.get('repository') or {}
    url = (repo.get('url') or '').strip().rstrip('/')
    if not url:
        return None, None
    if not url.startswith('https://github.com/') or url.count('/') != 4:
        raise ValueError(f'_config.yml: repository url must look like '
                         f'https://github.com/<owner>/<repo>, got {url!r}')
    return url, repo.get('branch') or 'main'


def site_url(config):
    """The published website's address ending in '/', or None when not set."""
    url = ((config.get('html') or {}).get('baseurl') or '').strip()
    if not url:
        return None
    if not url.startswith(('https://', 'http://')):
        raise ValueError(f'_config.yml: html baseurl must be an http(s) URL, got {url!r}')
    return url.rstrip('/') + '/'


def project_metadata(root=ROOT):
    return tomllib.loads((root / 'pyproject.toml').read_text())['project']


def wheel_name(root=ROOT):
    """The file name `pip wheel` gives the package (pure Python, any Python 3)."""
    meta = project_metadata(root)
    return f"{meta['name'].replace('-', '_')}-{meta['version']}-py3-none-any.whl"


def install_source(config, root=ROOT):
    """What pip installs d2lmini from: the repository, the website's wheel, or the wheel
    file downloaded next to the notebook."""
    url, branch = repository(config)
    if url:
        return f'd2lmini @ git+{url}@{branch}'
    site = site_url(config)
    if site:
        return f'd2lmini @ {site}_static/{wheel_name(root)}'
    return wheel_name(root)


def install_line(framework, config, root=ROOT):
    """The `%pip install` line of a notebook: the framework at the book's version, and
    d2lmini with its framework-neutral dependencies. (Not the `[framework]` extras: the
    TensorFlow pin is tensorflow-cpu, which pip does not count as `tensorflow`.)"""
    return f'%pip install "{framework_pin(framework)}" "{install_source(config, root)}"'


def package_key(root=ROOT):
    """Hash of what goes into the wheel."""
    files = [root / 'pyproject.toml', root / 'README.md',
             *sorted((root / 'd2lmini').rglob('*.py'))]
    return sha256(*[p.relative_to(root).as_posix() + p.read_text() for p in files])


def build_wheel(root=ROOT, out=WHEEL_DIR):
    """Build the d2lmini wheel into `out` (once per content) and return its path.

    Offline: `--no-build-isolation` uses this environment's setuptools instead of
    downloading one, so the tests can call it too. The build runs on a copy of the package,
    so that setuptools' build/ and egg-info folders never land in the work tree.
    """
    wheel = out / wheel_name(root)
    stamp = out / (wheel.name + '.key')
    key = package_key(root)
    if wheel.exists() and stamp.exists() and stamp.read_text() == key:
        return wheel
    if importlib.util.find_spec('setuptools') is None:
        raise RuntimeError(f'building the d2lmini wheel needs setuptools in {sys.prefix}: '
                           '`pip install setuptools`')
    out.mkdir(parents=True, exist_ok=True)
    source = out / 'source'
    if source.exists():
        shutil.rmtree(source)
    source.mkdir()
    for name in ('pyproject.toml', 'README.md'):
        shutil.copy2(root / name, source / name)
    shutil.copytree(root / 'd2lmini', source / 'd2lmini',
                    ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    subprocess.run([sys.executable, '-m', 'pip', 'wheel', '--quiet', '--no-deps',
                    '--no-build-isolation', '--no-index', '--wheel-dir', str(out),
                    str(source)], check=True)
    shutil.rmtree(source)
    if not wheel.exists():
        raise RuntimeError(f'pip wheel did not write {wheel}')
    stamp.write_text(key)
    return wheel


if __name__ == '__main__':
    print(build_wheel())

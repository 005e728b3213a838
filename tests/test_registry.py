"""The registry of frameworks (`d2lmini.frameworks`) agrees with every file that repeats a pin.

The registry's pin is what learners install; `requirements.txt` is the lock the book is built
and tested with, so both must name the same version; the package's extras may be ranges, but
must admit it; and any `<framework>==<version>` in the prose (README, comments) must match too.
"""
import pathlib
import re
import tomllib

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from d2lmini.frameworks import FRAMEWORKS

ROOT = pathlib.Path(__file__).resolve().parent.parent
PROSE = [ROOT / 'README.md', ROOT / 'pyproject.toml', ROOT / 'tools' / 'CONVENTIONS.md',
         *sorted((ROOT / 'book').glob('*.md'))]


def pinned_version(requirement):
    """The version of an exact pin `name==version`; fails for anything else."""
    (spec,) = requirement.specifier
    assert spec.operator == '==', f'{requirement} must pin one exact version (name==version)'
    return spec.version


def locked_versions():
    """Canonical package name -> version, from requirements.txt."""
    locked = {}
    for line in (ROOT / 'requirements.txt').read_text().splitlines():
        line = line.split('#', 1)[0].strip()
        if line:
            requirement = Requirement(line)
            locked[canonicalize_name(requirement.name)] = pinned_version(requirement)
    return locked


def extras():
    """Extra name -> list of Requirement, from pyproject.toml."""
    project = tomllib.loads((ROOT / 'pyproject.toml').read_text())['project']
    return {name: [Requirement(r) for r in reqs]
            for name, reqs in project.get('optional-dependencies', {}).items()}


@pytest.mark.parametrize('tag', list(FRAMEWORKS))
def test_registry_pin_is_the_locked_version(tag):
    pin = Requirement(FRAMEWORKS[tag].pin)
    locked = locked_versions()
    name = canonicalize_name(pin.name)
    assert name in locked, f'requirements.txt does not pin {pin.name} (d2lmini/frameworks.py)'
    assert locked[name] == pinned_version(pin), \
        f'{tag}: d2lmini/frameworks.py pins {pin}, requirements.txt {name}=={locked[name]}'


@pytest.mark.parametrize('tag', list(FRAMEWORKS))
def test_package_extra_admits_the_registry_pin(tag):
    pin = Requirement(FRAMEWORKS[tag].pin)
    found = extras()
    assert tag in found, f'pyproject.toml has no extra [{tag}] (d2lmini/frameworks.py)'
    # The book builds with tensorflow-cpu, the CPU build of the same releases as
    # `tensorflow`, which the extra asks for so that a learner with a GPU gets it
    name = canonicalize_name(pin.name).removesuffix('-cpu')
    same = [r for r in found[tag] if canonicalize_name(r.name) == name]
    assert same, f'pyproject.toml\'s extra [{tag}] does not require {pin.name}'
    version = pinned_version(pin)
    for requirement in same:
        assert requirement.specifier.contains(version, prereleases=True), \
            f'pyproject.toml\'s extra [{tag}] has {requirement}, which excludes {pin}'


def test_prose_names_the_registry_pins():
    names = {canonicalize_name(Requirement(fw.pin).name): fw.pin for fw in FRAMEWORKS.values()}
    for path in PROSE:
        for match in re.finditer(r'([A-Za-z][\w.-]*)==([\w.]+)', path.read_text()):
            pin = names.get(canonicalize_name(match.group(1)))
            if pin is not None:
                where = path.relative_to(ROOT)
                assert match.group(0) == pin, \
                    f'{where} says {match.group(0)}, d2lmini/frameworks.py {pin}'


def test_registry_entries_are_consistent():
    for tag, fw in FRAMEWORKS.items():
        assert fw.tag == tag and fw.tag.isidentifier() and fw.module.isidentifier(), fw
        assert (ROOT / 'd2lmini' / f'{fw.module}.py').exists(), \
            f'{tag}: d2lmini/{fw.module}.py is missing: run `make lib`'

"""The environment the tests run in is the pinned one: constraints.txt (written by `make lock`)
holds every distribution installed, at the version installed, so no newer release drifts in."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.sitefixtures import ROOT

CONSTRAINTS = ROOT / "constraints.txt"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
# what builds or runs the venv rather than the project
TOOLING = {"pip", "setuptools", "wheel", "akhbar"}


def pins() -> dict[str, Version]:
    found = {}
    for line in CONSTRAINTS.read_text().splitlines():
        match = PIN.match(line.strip())
        if match:
            found[canonicalize_name(match[1])] = Version(match[2])
    return found


def installed() -> dict[str, Version]:
    return {canonicalize_name(d.metadata["Name"]): Version(d.version)
            for d in metadata.distributions()}


def test_every_installed_distribution_is_pinned_at_its_installed_version():
    pinned = pins()
    unpinned = sorted(set(installed()) - set(pinned) - TOOLING)
    assert not unpinned, f"installed but not in constraints.txt (run make lock): {unpinned}"
    drifted = {name: (str(version), str(pinned[name])) for name, version in installed().items()
               if name in pinned and version.public != pinned[name].public}
    assert not drifted, f"installed != pinned: {drifted}"


def test_every_declared_dependency_and_extra_is_pinned_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    pinned = pins()
    for line in declared:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is declared but not pinned"
        assert requirement.specifier.contains(pinned[name], prereleases=True), \
            f"{name} {pinned[name]} is outside {requirement.specifier}"


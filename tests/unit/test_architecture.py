"""The package's shape holds: stages import in order, types check, dependencies are declared."""

from __future__ import annotations

import ast
import fnmatch
import importlib.metadata
import sys
import tomllib

import pytest

from tests.helpers import REPO

PACKAGE = REPO / "policybrief"


def test_import_contracts_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """The import-linter contracts of pyproject.toml: stage order, WeasyPrint in the worker."""
    from importlinter.cli import lint_imports

    monkeypatch.chdir(REPO)
    monkeypatch.syspath_prepend(str(REPO))
    assert lint_imports(no_cache=True) == 0


@pytest.mark.slow
def test_mypy_finds_no_errors() -> None:
    from mypy import api

    stdout, stderr, status = api.run(["--config-file", str(REPO / "pyproject.toml")])
    assert status == 0, stdout + stderr


def _third_party_imports() -> set[str]:
    """Top-level names of every module the package imports that is not ours or stdlib."""
    names: set[str] = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {n for n in names if n != "policybrief" and n not in sys.stdlib_module_names}


def _canonical(name: str) -> str:
    return name.lower().replace("_", "-").replace(".", "-")


def test_every_imported_library_is_a_declared_dependency() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {
        _canonical(spec.split(">")[0].split("=")[0].split("[")[0].strip())
        for spec in project["dependencies"]
    }
    providers = importlib.metadata.packages_distributions()
    missing = {
        name: providers.get(name, [name])
        for name in _third_party_imports()
        if not {_canonical(d) for d in providers.get(name, [name])} & declared
    }
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_pyproject_lists_every_subpackage() -> None:
    """The wheel's package list is explicit (the theme lives outside the package folder)."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    found = {".".join(init.parent.relative_to(REPO).parts) for init in PACKAGE.rglob("__init__.py")}
    assert set(setuptools["packages"]) == found | {"policybrief.theme"}
    assert setuptools["package-dir"] == {"policybrief.theme": "templates"}


def test_every_data_file_of_the_package_is_in_the_wheel() -> None:
    """A data file the code reads (a folding table, fonts' advances, scales) is
    named by package-data, or an installed policybrief would not find it."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    data = config["tool"]["setuptools"]["package-data"]
    skipped = {".py", ".pyc", ".typed"}
    missing = []
    for path in PACKAGE.rglob("*"):
        if path.is_dir() or path.suffix in skipped or "__pycache__" in path.parts:
            continue
        package = ".".join(path.parent.relative_to(REPO).parts)
        while package not in data and "." in package:
            package = package.rsplit(".", 1)[0]
        base = REPO.joinpath(*package.split("."))
        rel = path.relative_to(base).as_posix()
        if not any(fnmatch.fnmatch(rel, pattern) for pattern in data.get(package, [])):
            missing.append(path.relative_to(REPO).as_posix())
    assert not missing


def test_no_symlink_inside_the_package() -> None:
    links = [p for p in PACKAGE.rglob("*") if p.is_symlink()]
    assert not links

"""Every third-party import is a declared requirement, in the right place.

A newcomer's fresh environment holds exactly what ``pyproject.toml`` declares. A module the
code imports that no declared requirement provides works on the machine where someone installed
it by hand and fails everywhere else, so this test reads the imports (``ast``) and maps each
top-level module to the distributions that provide it.

Where an import may come from:

- ``src/``: the run-time dependencies only; the library must not need an extra to import.
  The one exception is a public module made for an extra, such as ``personajourney.testing``
  (Hypothesis strategies, the ``testing`` extra) or ``personajourney.serve`` (the ``serve``
  extra), listed in ``MODULE_EXTRAS``.
- ``tests/``: the run-time dependencies and the ``test`` extra.
- ``benchmarks/``: the run-time dependencies and the ``test`` extra.
- ``docs/`` (code of a docs build, if any): the run-time dependencies and the ``docs`` extra.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from collections.abc import Iterator
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT = PYPROJECT["project"]

#: Folder → the extras (beside the run-time dependencies) its imports may come from.
ALLOWED_EXTRAS: dict[str, tuple[str, ...]] = {
    "src": (),
    "tests": ("test",),
    "benchmarks": ("test",),
    "docs": ("docs",),
}

#: A module of ``src/`` made for an extra → the extras it may import from.
MODULE_EXTRAS: dict[str, tuple[str, ...]] = {
    "src/personajourney/testing.py": ("testing",),
    "src/personajourney/serve/app.py": ("serve",),
    "src/personajourney/serve/server.py": ("serve",),
    "src/personajourney/evidence/ibis_engine.py": ("evidence-ibis", "evidence-spark"),
    "src/personajourney/evidence/spark_engine.py": ("evidence-spark",),
}


def _normalise(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirement_name(requirement: str) -> str:
    return _normalise(re.split(r"[\s<>=!~\[;(@]", requirement, maxsplit=1)[0])


def declared(extras: tuple[str, ...]) -> set[str]:
    """Distributions declared as run-time dependencies plus those of ``extras``."""
    requirements = list(PROJECT.get("dependencies", []))
    optional = PROJECT.get("optional-dependencies", {})
    for extra in extras:
        requirements += optional.get(extra, [])
    return {_requirement_name(r) for r in requirements}


def top_level_imports(path: Path) -> Iterator[tuple[str, int]]:
    """(top-level module, line) of every absolute import in one file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.partition(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module.partition(".")[0], node.lineno


def local_modules(folder: Path) -> set[str]:
    """Names a file in ``folder`` may import from beside itself (test helpers, conftest)."""
    names = {p.stem for p in folder.rglob("*.py")}
    names |= {p.name for p in folder.rglob("*") if p.is_dir() and (p / "__init__.py").exists()}
    return names


def undeclared_imports(folder: str, root: Path = ROOT) -> list[str]:
    """One line per import in ``root / folder`` that no allowed requirement provides."""
    base = root / folder
    if not base.is_dir():
        return []
    own_name = {_normalise(PROJECT["name"])}
    own = {p.name for p in (ROOT / "src").iterdir() if p.is_dir()}
    local = local_modules(base)
    providers = packages_distributions()
    problems: list[str] = []
    for path in sorted(base.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        extras = ALLOWED_EXTRAS[folder] + MODULE_EXTRAS.get(relative, ())
        allowed = declared(extras) | own_name
        for module, line in top_level_imports(path):
            if module in sys.stdlib_module_names or module in own or module in local:
                continue
            dists = {_normalise(d) for d in providers.get(module, [])}
            where = f"{relative}:{line}"
            if not dists:
                problems.append(f"{where}: {module!r} is provided by no installed distribution")
            elif not dists & allowed:
                problems.append(
                    f"{where}: {module!r} comes from {', '.join(sorted(dists))}, "
                    f"which is not declared for {folder}/"
                )
    return problems


@pytest.mark.parametrize("folder", sorted(ALLOWED_EXTRAS))
def test_every_third_party_import_is_a_declared_requirement(folder: str) -> None:
    assert undeclared_imports(folder) == []


def test_the_check_sees_an_undeclared_import(tmp_path: Path) -> None:
    # pytest is installed (it runs this test) but declared only in the ``test`` extra, so the
    # library's own code may not import it; the second module is installed nowhere.
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "probe.py").write_text(
        "import json\nimport pydantic\nimport pytest\nfrom no_such_module.sub import x\n",
        encoding="utf-8",
    )
    assert undeclared_imports("src", root=tmp_path) == [
        "src/probe.py:3: 'pytest' comes from pytest, which is not declared for src/",
        "src/probe.py:4: 'no_such_module' is provided by no installed distribution",
    ]

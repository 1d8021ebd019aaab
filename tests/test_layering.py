"""The import contract of ``src/personajourney``, read from the code with ``ast``.

The house has floors; a module imports only from its own floor's rooms as allowed below and
from lower floors, never upward, never in a circle::

    floor 5  __init__, cli, testing, starter, serve the face
    floor 4  render                                 artefacts: DOT, HTML, SVG, PDF, PNG
    floor 3  checks, evidence                       gap rules, the report; the event log
    floor 2  graph, io, privacy                     derived facts and the graph; files;
                                                    what an output may show of real people
    floor 1  models                                 pure data (pydantic)
    floor 0  errors, i18n, _text, _version          standard library only

``io`` may use ``graph`` (node keys), ``graph`` never uses ``io``. Third-party packages appear
only in the rooms named for them, and no module imports another package's private module or
private name, or loads one of the package's own modules by a string.

``docs/explanation/architecture.md`` draws the same table.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "personajourney"

#: Room (first component under the package) → floor.
FLOORS: dict[str, int] = {
    "errors": 0,
    "i18n": 0,
    "_text": 0,
    "_version": 0,
    "models": 1,
    "graph": 2,
    "io": 2,
    "privacy": 2,
    "checks": 3,
    "evidence": 3,
    "render": 4,
    "__init__": 5,
    "cli": 5,
    "testing": 5,
    "starter": 5,
    "serve": 5,
}

#: Imports allowed between rooms of the same floor: (importer, imported).
SIDEWAYS: set[tuple[str, str]] = {
    ("io", "graph"),
    ("cli", "starter"),
    ("cli", "serve"),
    # evidence runs the evidence rules (area E) over what it measured; the rules read the
    # measures as plain data from models/evidence.py and never import evidence.
    ("evidence", "checks"),
}

#: Third-party top-level modules → the rooms that may import them.
THIRD_PARTY: dict[str, set[str]] = {
    "pydantic": {"models", "io", "render", "cli", "__init__"},
    "pydantic_core": {"models"},
    "networkx": {"graph"},
    "ruamel": {"io"},
    "yaml": {"io"},
    "openpyxl": {"io"},
    "jinja2": {"render"},
    "markupsafe": {"render"},
    "pygraphviz": {"render"},
    "weasyprint": {"render"},
    "pypdfium2": {"render"},
    "PIL": {"render"},
    "typer": {"cli"},
    "rich": {"cli"},
    "hypothesis": {"testing"},
    "starlette": {"serve"},
    "uvicorn": {"serve"},
    "watchfiles": {"serve"},
    "duckdb": {"evidence"},
    "ibis": {"evidence"},
    "pyspark": {"evidence"},
    "pyarrow": {"evidence"},
}


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    target: str  # dotted module path: "personajourney.graph.keys" or "networkx"
    names: tuple[str, ...]
    type_only: bool = False  # under ``if TYPE_CHECKING:``: no import at run time


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> Iterator[Import]:
    rel = path.relative_to(PACKAGE.parent).as_posix()
    yield from _read_imports(path.read_text(encoding="utf-8"), rel)


def _read_imports(source: str, rel: str) -> Iterator[Import]:
    """The imports of one module's source; ``rel`` is its path from ``src/``."""
    here = _module_name(PACKAGE.parent / rel)
    package = here if rel.endswith("__init__.py") else here.rpartition(".")[0]
    tree = ast.parse(source)
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(rel, node.lineno, alias.name, (), id(node) in type_only)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = tuple(a.name for a in node.names)
            typed = id(node) in type_only
            # ``from . import x`` / ``from .. import i18n``: a name may be a module.
            for name in names:
                if _is_module(f"{target}.{name}"):
                    yield Import(rel, node.lineno, f"{target}.{name}", (), typed)
            rest = tuple(n for n in names if not _is_module(f"{target}.{n}"))
            if rest:
                yield Import(rel, node.lineno, target, rest, typed)


def _is_module(dotted: str) -> bool:
    if not dotted.startswith("personajourney."):
        return False
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _all_imports() -> list[Import]:
    return [imp for path in _files() for imp in _imports(path)]


def _own_room(file: str) -> str:
    return _room(_module_name(PACKAGE.parent / file))


def test_every_room_has_a_floor() -> None:
    rooms = {_own_room(p.relative_to(PACKAGE.parent).as_posix()) for p in _files()}
    assert set() == rooms - set(FLOORS), "add the new room to FLOORS and to architecture.md"


def test_no_import_runs_upward_or_sideways() -> None:
    wrong = []
    for imp in _all_imports():
        if not imp.target.startswith("personajourney"):
            continue
        source, target = _own_room(imp.file), _room(imp.target)
        if source == target or (target == "__init__" and imp.target == "personajourney"):
            continue
        up = FLOORS[target] > FLOORS[source]
        sideways = FLOORS[target] == FLOORS[source] and (source, target) not in SIDEWAYS
        if up or sideways:
            wrong.append(f"{imp.file}:{imp.line} {source} (floor {FLOORS[source]}) -> {imp.target}")
    assert wrong == []


def test_floor_zero_uses_the_standard_library_only() -> None:
    wrong = [
        f"{imp.file}:{imp.line} {imp.target}"
        for imp in _all_imports()
        if FLOORS[_own_room(imp.file)] == 0
        and not imp.target.startswith("personajourney")
        and imp.target.split(".")[0] not in sys.stdlib_module_names
    ]
    assert wrong == []


def test_third_party_packages_appear_only_in_the_rooms_named_for_them() -> None:
    wrong = []
    for imp in _all_imports():
        top = imp.target.split(".")[0]
        if top == "personajourney" or top in sys.stdlib_module_names:
            continue
        room = _own_room(imp.file)
        if room not in THIRD_PARTY.get(top, set()):
            wrong.append(f"{imp.file}:{imp.line} {room} imports {top}")
    assert wrong == []


def test_no_module_imports_another_rooms_private_module_or_name() -> None:
    # A leading underscore means "private to its room": ``render/sheets/*`` may share
    # ``render/scene.py``'s ``_Pen``, but ``render`` may not reach into ``io._yaml``.
    wrong = []
    for imp in _all_imports():
        if not imp.target.startswith("personajourney."):
            continue
        source, target = _own_room(imp.file), _room(imp.target)
        if source == target or target.startswith("_"):  # _text, _version: floor 0 helpers
            continue
        parts = imp.target.split(".")[1:]
        if any(p.startswith("_") and p != "__init__" for p in parts):
            wrong.append(f"{imp.file}:{imp.line} imports private module {imp.target}")
        private = [n for n in imp.names if n.startswith("_") and not n.startswith("__")]
        if private:
            wrong.append(f"{imp.file}:{imp.line} takes {', '.join(private)} from {imp.target}")
    assert wrong == []


def test_no_module_loads_the_packages_own_modules_by_a_string() -> None:
    wrong = []
    for path in _files():
        if path == PACKAGE / "__init__.py":
            continue  # the lazy public names (module __getattr__), the pydantic pattern
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and str(node.args[0].value).startswith(("personajourney", "."))
            ):
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert wrong == []


def test_the_import_graph_has_no_circle() -> None:
    edges: dict[str, set[str]] = {}
    modules = {_module_name(p) for p in _files()}
    for imp in _all_imports():
        if not imp.target.startswith("personajourney") or imp.type_only:
            continue
        source = _module_name(PACKAGE.parent / imp.file)
        target = imp.target
        # ``from .pkg import name`` where name is a module of pkg
        candidates = [f"{target}.{n}" for n in imp.names if f"{target}.{n}" in modules]
        for t in candidates or [target]:
            if t in modules and t != source:
                edges.setdefault(source, set()).add(t)
    # Package __init__ modules re-export their children; an import of a package goes through
    # its __init__, which is part of the same room: circles through a package's own face are
    # counted too.
    circles = _cycles(edges)
    assert circles == []


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


@pytest.mark.parametrize(
    ("rel", "source", "target"),
    [
        ("personajourney/models/entities.py", "from ..render import notebook\n", "render"),
        ("personajourney/models/entities.py", "from ..cli import app\n", "cli"),
        ("personajourney/graph/index.py", "from .. import i18n\n", "i18n"),
        ("personajourney/checks/rulebook/journey.py", "from ...graph.keys import k\n", "graph"),
        ("personajourney/__init__.py", "from .render.api import render\n", "render"),
    ],
)
def test_the_reader_resolves_relative_imports_to_rooms(rel: str, source: str, target: str) -> None:
    # The contract is only as good as this reader: prove it finds the room an import names.
    [found] = list(_read_imports(source, rel))
    assert target == _room(found.target)


#: Sizes past which a module or function wants cutting (the architecture issue's limits).
MAX_MODULE_LINES = 1_200
MAX_FUNCTION_LINES = 150


def test_no_module_or_function_grows_past_its_limit() -> None:
    too_long = []
    for path in _files():
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(PACKAGE.parent)
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{rel}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append(f"{rel}:{node.lineno} {node.name}: {length} lines")
    assert too_long == []

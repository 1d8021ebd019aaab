"""The public namespace: what ``import personajourney`` offers and what it costs."""

from __future__ import annotations

import json
import subprocess
import sys
import types

import pytest

import personajourney

#: Dependencies of the command line and the renderers (and the test tools), which importing
#: the package must not load.
HEAVY = ("typer", "rich", "click", "jinja2", "pygraphviz", "weasyprint", "hypothesis")

#: Dunder names that are part of the public API.
PUBLIC_DUNDERS = ("__version__",)


def _public_names() -> list[str]:
    eager = [
        name
        for name, value in vars(personajourney).items()
        if (not name.startswith("_") or name in PUBLIC_DUNDERS)
        and not isinstance(value, types.ModuleType)
    ]
    # The renderers are imported on first access (module __getattr__).
    return sorted({*eager, *personajourney._LAZY})


def test_all_is_sorted() -> None:
    assert sorted(personajourney.__all__) == personajourney.__all__


def test_all_names_every_public_member_and_nothing_else() -> None:
    # In the style of httpx's tests/test_exported_members.py.
    assert sorted(_public_names()) == personajourney.__all__


def test_every_name_in_all_exists() -> None:
    missing = [name for name in personajourney.__all__ if not hasattr(personajourney, name)]
    expected: list[str] = []
    assert expected == missing


def test_all_has_no_duplicates() -> None:
    assert len(set(personajourney.__all__)) == len(personajourney.__all__)


@pytest.mark.parametrize("name", [n for n in personajourney.__all__ if n not in PUBLIC_DUNDERS])
def test_exported_member_is_defined_inside_the_package(name: str) -> None:
    module = getattr(getattr(personajourney, name), "__module__", "personajourney")
    assert module.split(".")[0] == "personajourney"


def test_star_import_gives_exactly_all() -> None:
    namespace: dict[str, object] = {}
    exec("from personajourney import *", namespace)
    namespace.pop("__builtins__")
    assert sorted(namespace) == personajourney.__all__


def test_version_is_a_string() -> None:
    assert isinstance(personajourney.__version__, str)
    assert personajourney.__version__[0].isdigit()


def test_import_does_not_load_the_cli_or_renderer_dependencies() -> None:
    code = (
        "import json, sys\n"
        "import personajourney\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    loaded = set(json.loads(result.stdout))

    assert "personajourney" in loaded
    expected: list[str] = []
    assert expected == sorted(loaded.intersection(HEAVY))


def test_loading_and_building_a_graph_do_not_load_them_either() -> None:
    code = (
        "import json, sys\n"
        "import personajourney as pj\n"
        "ws = pj.loads('personas: [{id: p, name: P}]')\n"
        "pj.build_graph(ws); pj.run_checks(ws); pj.dumps(ws); pj.json_schema()\n"
        "print(json.dumps(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    expected: list[str] = []
    assert expected == sorted(set(json.loads(result.stdout)).intersection(HEAVY))

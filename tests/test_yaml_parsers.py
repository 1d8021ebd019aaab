"""libyaml (C) and ruamel.yaml (pure Python) read every file the same way.

``parse_yaml`` reads with libyaml where PyYAML has it, and falls back to ruamel.yaml where the
two could differ (see ``personajourney/io/_yaml.py``). These tests prove the promise on the
malformed-file corpus, the examples, Hypothesis-generated workspaces and hand-picked edge
cases: the same values, the same position for every path, and the same error (class,
message, file, line, column) as ruamel.yaml alone gives.

Each input goes through three readers and each answer is compared with ruamel.yaml's:

- ``auto``: ``parse_yaml`` as ``load`` calls it;
- ``events``: the one-pass reader of libyaml's events (``None`` when it leaves the file to the
  next reader);
- ``nodes``: libyaml's events composed into nodes for the shared builder (``_Unsure`` when it
  leaves the file to ruamel.yaml).
"""

from __future__ import annotations

import functools
import math
import os
import warnings
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import personajourney as pj
import personajourney.io.files as files_module
from personajourney.errors import PersonaJourneyError
from personajourney.io import _yaml
from personajourney.io._yaml import Limits, ParsedFile, parse_yaml
from personajourney.testing import workspaces

ROOT = Path(__file__).resolve().parent.parent
MALFORMED = sorted((ROOT / "tests" / "corpus" / "malformed").glob("*.y*ml"))
EXAMPLES = sorted((ROOT / "examples").rglob("*.y*ml"))

pytestmark = pytest.mark.skipif(
    _yaml.yaml_parser() != "libyaml", reason="PyYAML without libyaml: only the pure reader"
)


def _same_nan(value: Any) -> Any:
    """NaN is not equal to itself; compare it as a marker."""
    if isinstance(value, float) and math.isnan(value):
        return "<nan>"
    if isinstance(value, dict):
        return {k: _same_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_same_nan(v) for v in value]
    return value


def _answer(read: Any) -> tuple[Any, ...]:
    """What a reader gives, comparable: the data (types too) and positions, or the error;
    and the warnings (ruamel.yaml warns about a repeated anchor)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            parsed = read()
        except PersonaJourneyError as exc:
            errors = [_problem(p) for p in exc.problems]
            return ("error", type(exc).__name__, errors, _warnings(caught))
    if parsed is None:
        return ("left to the next reader",)
    if isinstance(parsed, ParsedFile):
        return ("data", _typed(parsed.data), parsed.positions, _warnings(caught))
    return ("data", parsed, _warnings(caught))


def _warnings(caught: list[warnings.WarningMessage]) -> list[tuple[str, str]]:
    return [(w.category.__name__, str(w.message)) for w in caught]


def _typed(value: Any) -> Any:
    """Values with their types: ``1``, ``1.0`` and ``True`` are equal in Python."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value).__name__, _same_nan(value))


def _problem(problem: Any) -> tuple[Any, ...]:
    return (problem.message, problem.path, problem.file, problem.line, problem.column)


def _readers(text: str, limits: Limits | None = None) -> dict[str, tuple[Any, ...]]:
    limits = limits or Limits()
    size = len(text.encode("utf-8"))

    def nodes() -> ParsedFile | None:
        try:
            root = _yaml._compose_libyaml(text, limits.max_depth)
        except _yaml._Unsure:
            return None
        if root is None:
            return ParsedFile({}, {})
        builder = _yaml._Builder("f.yaml", limits.node_budget(size), limits.max_depth)
        return ParsedFile(builder.build(root, (), 0), builder.positions)

    def events() -> ParsedFile | None:
        if _yaml._too_deep_flow(text, limits.max_depth) is not None:
            return None  # refused before any parser runs
        return _yaml._read_libyaml(text, limits.max_depth, limits.node_budget(size))

    return {
        "pure": _answer(lambda: parse_yaml(text, "f.yaml", limits, size, parser="pure")),
        "auto": _answer(lambda: parse_yaml(text, "f.yaml", limits, size)),
        "events": _answer(events),
        "nodes": _answer(nodes),
    }


def assert_same(text: str, limits: Limits | None = None) -> dict[str, tuple[Any, ...]]:
    """Every libyaml reader that answers gives ruamel.yaml's answer; returns the answers."""
    answers = _readers(text, limits)
    pure = answers["pure"]
    assert answers["auto"] == pure
    for name in ("events", "nodes"):
        if answers[name] != ("left to the next reader",):
            assert answers[name] == pure, name
    return answers


def _handled_by_events(answers: dict[str, tuple[Any, ...]]) -> bool:
    return answers["events"][0] == "data"


# -- files ------------------------------------------------------------------------------------


def _utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Files that are not UTF-8 are refused before any YAML parser runs (the load test below
# covers them); the parsers are compared on the others.
@pytest.mark.parametrize("path", [p for p in MALFORMED if _utf8(p)], ids=lambda p: p.name)
def test_the_malformed_corpus_reads_the_same(path: Path) -> None:
    text = path.read_bytes().decode("utf-8")
    assert_same(text.removeprefix("\ufeff"))


@pytest.mark.parametrize("path", MALFORMED, ids=lambda p: p.name)
def test_the_malformed_corpus_loads_to_the_same_errors(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through ``pj.load``: validation errors point at the same file, line and column."""
    auto = _answer(lambda: pj.load(path))
    pure_parse = functools.partial(parse_yaml, parser="pure")
    monkeypatch.setattr(files_module, "parse_yaml", pure_parse)
    assert _answer(lambda: pj.load(path)) == auto


def test_the_examples_read_the_same_and_take_the_fast_path() -> None:
    assert EXAMPLES
    for path in EXAMPLES:
        answers = assert_same(path.read_text(encoding="utf-8"))
        assert answers["pure"][0] == "data", path
        assert _handled_by_events(answers), path


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(workspaces())
def test_generated_workspaces_read_the_same_and_take_the_fast_path(ws: pj.Workspace) -> None:
    text = pj.dumps(ws)
    answers = assert_same(text)
    # Text with a tab, U+0085… or ``>#`` (even inside quotes) is left to ruamel.yaml.
    if not _yaml._UNSURE_CHARACTERS.search(text):
        assert _handled_by_events(answers)
    assert pj.loads(text) == ws


# -- edge cases -------------------------------------------------------------------------------

SCALARS = [
    # YAML 1.2 core schema as ruamel.yaml's 1.2 resolver reads it (1.1 readings in brackets)
    *("yes", "no", "on", "off", "y", "n", "Yes", "NO", "True", "TRUE", "tRUE", "false"),
    *("0o17", "017", "0x1F", "0X1F", "0b101", "1_000", "0_", "-_", "+1", "-0", "0", "00"),
    *("1.5", "1.", ".5", "-.5", "+.5e+3", "1e5", "1E-3", "1.5e", "1_0.0_1", "1:20", "190:20:30"),
    *(".inf", "-.inf", "+.inf", ".Inf", ".INF", ".nan", ".NaN", "nan", "inf"),
    *("~", "null", "Null", "NULL", "nULL", "", "=", "<<", "!", "&", "*"),
    *("2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2001-1-1"),
    *("99999999999999999999999999", "0x" + "f" * 40, "1" * 5000),
    *('"quoted 1"', "'single ''x'''", '"\\/ \\x41 \\u00e4 \\U0001F600 \\N \\_ \\L \\P \\e"'),
    *("! 12", '! "12"', "!!str 12", "!!int 12", "!!int abc", "!!int 0x1F", "!!float 1"),
    *("!!bool yes", "!!bool true", "!!null x", "!!null ''", "!!timestamp 1", "!!binary aGk="),
    *("!<tag:yaml.org,2002:str> 1", "!<tag:yaml.org,2002:int> 1", "!local x", "!!set x"),
    *("!!python/object:os.system x", "!!merge <<", "!!value =", "!<!> 1", "!e!x 1"),
    *("a # comment", "a#b", "-a", "?a", ":a", "a:b", "@a", "`a", "%a", "a\tb", "|", ">"),
    *("'multi\n  line'", '"esc\\\n  aped"', "plain\n  multi\n\n  line", "äöü", "😀 emoji"),
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_read_the_same(scalar: str) -> None:
    for text in (
        f"key: {scalar}\n",
        f"- {scalar}\n- x\n",
        f"[{scalar}]\n",
        f"{{k: {scalar}}}\n",
        f"{scalar}\n",
        f"? {scalar}\n: v\n",
        f"{scalar}: v\n",
    ):
        assert_same(text)


DOCUMENTS = [
    "",
    "\n\n",
    "# only a comment\n",
    "---\n",
    "--- ~\n",
    "---\na: 1\n...\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n---\n",
    "%YAML 1.2\n---\na: yes\n",
    "%YAML 1.1\n---\na: yes\nb: 0o17\nc: 012\n",
    "%YAML 1.3\n---\na: 1\n",
    "%YAML 2.0\n---\na: 1\n",
    "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n",
    "%TAG !! tag:example.com,2000:\n---\na: !!int 1\n",
    "%FOO bar\n---\na: 1\n",
    "a: 1\r\nb:\r\n  - x\r\n  - y\r\n",
    "a: 1\rb: 2\r",
    "a: 1\x85b: 2\n",
    "a: x\u2028y\nb: 2\n",
    "a: x\u2029y\nb: 2\n",
    "a: 'x\x85y'\nb: 2\n",
    "a: \ufeffx\n",
    "\ufeffa: 1\n",
    "a: \x80\n",
    "a: \x9f\n",
    "a: \x07\n",
    "a: \x00\n",
    "a: '\x7f'\n",
    "a: \ufffe\n",
    "a:\tb\n",
    "a: b\t\n",
    "\ta: b\n",
    "a:\n\t- b\n",
    "a:\n  -\tb\n",
    "a: [b,\tc]\n",
    "a: |\n\tx\n",
    "a: |\n  x\n\ty\n",
    '"a\tb": c\n',
    "a: b\n a: c\n",
    "a: b\nc\n",
    "a:\n- b\n- c\n",
    "- a\n -b\n",
    "a: {b: c\n",
    "a: [b, c\n",
    "a: 'b\n",
    'a: "b\n',
    "a: b: c\n",
    "a: &x\n",
    "a: *x\n",
    "a: &x 1\nb: *x\nc: &x 2\nd: *x\n",
    "a: &x [1, 2]\nb: *x\nc: *x\n",
    "a: &x {k: v}\nb:\n  <<: *x\n  k: w\n",
    "a: &x {k: v}\nb: &y {m: n}\nc:\n  <<: [*x, *y]\n  z: 1\n",
    "a:\n  <<: {k: v}\n  j: 1\n",
    "a:\n  <<: [1]\n",
    "a:\n  <<: 1\n",
    "'<<': 1\n",
    "a: &x\n  b: *x\n",
    "a: &x [*x]\n",
    "&x a: 1\nb: *x\n",
    "*x : 1\n",
    "? [a, b]\n: c\n",
    "? {a: b}\n: c\n",
    "[a, b]: c\n",
    "{a: b}: c\n",
    "a: 1\na: 2\n",
    "a: 1\nb:\n  c: 1\n  c: 2\n",
    "- {a: 1, a: 2}\n",
    "1: a\n'1': b\n",
    "null: a\n~: b\n",
    "? a\n? a\n",
    "a:\n  - b\n  -\n  - ''\n  - ~\n",
    "a: !!str\nb: !!int\n",
    "a: !!map {b: c}\nb: !!seq [c]\nc: !!seq {d: e}\nd: !!map [e]\n",
    "a: !!set {b, c}\nb: !!omap [c: d]\n",
    "a: !foo {b: c}\nb: !foo [c]\n",
    "a: ! {b: c}\nb: ! [c]\n",
    "a: !!python/tuple [1, 2]\n",
    "a: |\n  literal\n  text\n\nb: >\n  folded\n  text\n\n  more\n",
    "a: |-\n  x\n\n\nb: |+\n  y\n\n\nc: >2\n    z\n   w\n",
    "a: |1\n  x\n",
    "a: >\n\n  x\n",
    "a: {b: c, d: [e, {f: g}], h: 'i', j: \"k\"}\n",
    "{a:b}\n",
    "{a: b, c}\n",
    "[a: b, c: d]\n",
    "[http://x.y/z, a:b]\n",
    "{? a, b: c}\n",
    "{'a':b}\n",
    '{"a":b}\n',
    "[a, , b]\n",
    "[a,]\n",
    "{a: 1,}\n",
    "- - - a\n    - b\n  - c\n- d\n",
    "a:\n  b:\n    c:\n      d: e\n",
    "- ? a\n  : b\n",
    "a: b # comment\n# c\nd: e #f\n",
    "a: 'it''s'\nb: \"\\\"q\\\"\"\n",
    'a: "\\x41\\u00e4\\U0001F600\\t\\0\\a\\b\\e\\f\\n\\r\\v\\ \\N\\_\\L\\P\\/"\n',
    'a: "\\z"\n',
    'a: "\\uD800"\n',
    "äö: üß\nb: 😀😀 x: y\n",
    "😀: a\nb: 😀\n",
    "key: " + "x" * 100_000 + "\n",
    "key: '" + "y " * 50_000 + "'\n",
    "a: " + "[" * 70 + "]" * 70 + "\n",
    "a: " + "{b: " * 70 + "c" + "}" * 70 + "\n",
    "".join("  " * i + "- \n" for i in range(5)),
    "".join("  " * i + f"k{i}:\n" for i in range(70)) + "  " * 70 + "v\n",
    "".join("  " * i + f"k{i}:\n" for i in range(63)) + "  " * 63 + "v\n",
    "".join("  " * i + f"k{i}:\n" for i in range(64)) + "  " * 64 + "v\n",
    "".join("  " * i + f"k{i}:\n" for i in range(65)) + "  " * 65 + "v\n",
    "- " * 64 + "x\n",
    "- " * 65 + "x\n",
    "- " * 200 + "x\n",
    "- " * 2000 + "x\n",
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_documents_read_the_same(text: str) -> None:
    assert_same(text)


def test_the_alias_bomb_is_refused_alike_and_fast() -> None:
    import time

    bomb = (ROOT / "tests" / "corpus" / "malformed" / "alias-bomb.yaml").read_text()
    began = time.perf_counter()
    with pytest.raises(pj.InputLimitError):
        parse_yaml(bomb, "bomb.yaml", Limits(), len(bomb))
    assert time.perf_counter() - began < 0.5
    answers = assert_same(bomb)
    assert answers["pure"][0] == "error"


@pytest.mark.parametrize("max_nodes", [0, 1, 2, 3, 5, 8, 13])
@pytest.mark.parametrize(
    "text",
    [
        "a: 1\nb: [1, 2, 3]\nc: {d: 1, e: 2}\n",
        "- a\n- b\n- {c: d}\n",
        "a: &x [1, 2]\nb: *x\nc: *x\n",
        "x\n",
    ],
)
def test_the_node_budget_is_counted_alike(text: str, max_nodes: int) -> None:
    assert_same(text, Limits(max_nodes=max_nodes))


@pytest.mark.parametrize("max_depth", [0, 1, 2, 3, 99, 100, 101, 150])
@pytest.mark.parametrize(
    "text",
    [
        "a: 1\n",
        "a: {b: c}\n",
        "a:\n  b:\n    - c\n    - [d, {e: f}]\n",
        "- " * 120 + "x\n",
        "a: " + "[" * 120 + "]" * 120 + "\n",
        "x\n",
        "[]\n",
    ],
)
def test_the_nesting_limit_is_applied_alike(text: str, max_depth: int) -> None:
    assert_same(text, Limits(max_depth=max_depth))


def test_resolve_scalar_is_ruamel_yamls_1_2_resolver() -> None:
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.resolver import VersionedResolver

    resolver = VersionedResolver(version=(1, 2))
    plain = [s for s in SCALARS if "\n" not in s and not s.startswith(("!", '"', "'"))]
    for value in [*plain, "0b", "0o", "0x", "+", "-", ".", "1e", "1e+", "2001-12-14 1:2:3", "=="]:
        assert _yaml.resolve_scalar(value) == str(
            resolver.resolve(ScalarNode, value, (True, False))
        ), value


# -- fuzzing ----------------------------------------------------------------------------------

_YAMLISH = st.text(alphabet="ab1.-_ :,#&*!|>'\"%@?[]{}\n\t~<=\\xe0", max_size=40)
_LINES = st.lists(
    st.sampled_from(
        [
            "a: 1",
            "a:",
            "  b: yes",
            "- x",
            "  - y",
            "- &a {k: v}",
            "- *a",
            "c: !!str 3",
            "  <<: *a",
            "d: 'q''x'",
            'e: "\\x41"',
            "f: |",
            "  lit",
            "g: >-",
            "? [h]",
            ": i",
            "---",
            "...",
            "# c",
            "j: [k, {l: m}]",
            "  ",
            "\tn: o",
            "p: 0o17",
            "q: .inf",
            "r: ~",
            "a: 2",
        ]
    ),
    max_size=12,
).map("\n".join)


@settings(max_examples=int(os.environ.get("PJ_FUZZ_EXAMPLES", "400")), deadline=None)
@given(st.one_of(_YAMLISH, _LINES))
def test_random_text_reads_the_same(text: str) -> None:
    assert_same(text)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=8), max_size=6))
def test_random_mappings_of_any_text_read_the_same(values: list[str]) -> None:
    import json

    # Any Unicode (controls, line breaks, astral) as double-quoted scalars and as plain text.
    assert_same("".join(f"k{i}: {json.dumps(v)}\n" for i, v in enumerate(values)))
    assert_same("".join(f"k{i}: {v}\n" for i, v in enumerate(values)))


@pytest.mark.parametrize("version", ["1.0", "1.3"])
def test_an_unsupported_yaml_version_is_a_clean_error(version: str) -> None:
    text = f"# a model\n%YAML {version}\n---\na: 1\n"
    with pytest.raises(pj.ModelError) as caught:
        parse_yaml(text, "f.yaml", Limits(), len(text))
    [problem] = caught.value.problems
    assert f"%YAML {version} is not supported" in problem.message
    assert (problem.line, problem.column) == (2, 1)


def test_folded_text_holds_no_fold_marks() -> None:
    text = "a: >\n  one\n  two\n\n  three\n? >\n  k\n  l\n: v\n"
    for parser in ("auto", "pure"):
        data = parse_yaml(text, "f.yaml", Limits(), len(text), parser=parser).data  # type: ignore[arg-type]
        assert data == {"a": "one two\nthree\n", "k l\n": "v"}

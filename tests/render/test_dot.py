"""The DOT builders: golden text, Graphviz output parsed, hostile strings, layout profiles.

Golden files live in ``tests/golden/dot/`` (one per case in ``CASES``). After an intended
change, regenerate them and review the diff::

    PJ_UPDATE_GOLDEN=1 python -m pytest tests/render/test_dot.py -k golden

Engine output is never byte-compared: SVG is parsed as XML and its nodes and edges counted
(by the ``class`` attributes the builders set), PNG is checked for size and content, and a
Graphviz run in a separate process must print no error or warning (Graphviz drops a label
it cannot parse and only says so on stderr).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest
from PIL import Image

import personajourney as pj
from personajourney.render.dot import _attrs, _esc, committee_dot, journey_dot
from personajourney.render.engines import EnginePool, Job
from personajourney.render.theme import DEFAULT_THEME
from personajourney.starter import starter_text

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "dot"
UPDATE = bool(os.environ.get("PJ_UPDATE_GOLDEN"))
SVG = "{http://www.w3.org/2000/svg}"


def _example(name: str) -> pj.Workspace:
    return pj.load(ROOT / "examples" / name)


def _findings() -> pj.Workspace:
    return pj.load(GOLDEN / "findings-workspace.yaml")


def _starter() -> pj.Workspace:
    return pj.loads(starter_text("en"))


@dataclass(frozen=True)
class Case:
    """One diagram: how to build it, and what Graphviz must draw for it."""

    name: str
    load: Callable[[], pj.Workspace]
    kind: str  # journey or committee
    options: tuple[tuple[str, object], ...] = ()

    def build(self) -> str:
        ws = self.load()
        report = pj.run_checks(ws)
        options = dict(self.options)
        if self.kind == "journey":
            return journey_dot(ws, report=report, **options)  # type: ignore[arg-type]
        committee = str(options.pop("committee"))
        return committee_dot(ws, committee, report=report, **options)  # type: ignore[arg-type]


CASES = [
    Case("journey-b2b-software", lambda: _example("b2b-software"), "journey"),
    Case("journey-segmented-market", lambda: _example("segmented-market"), "journey"),
    Case("journey-some-mainonta", lambda: _example("some-mainonta"), "journey"),
    Case("journey-starter", _starter, "journey"),
    Case("journey-findings", _findings, "journey"),
    Case("journey-findings-persona-cfo", _findings, "journey", (("persona_id", "cfo"),)),
    Case("journey-findings-member-tech", _findings, "journey", (("member_id", "tech"),)),
    Case("journey-findings-fi", _findings, "journey", (("locale", "fi"),)),
    Case("journey-findings-aggregated", _findings, "journey", (("aggregate_above", 4),)),
    Case(
        "journey-b2b-software-persona-it-lead",
        lambda: _example("b2b-software"),
        "journey",
        (("persona_id", "it-lead"),),
    ),
    Case(
        "committee-b2b-software",
        lambda: _example("b2b-software"),
        "committee",
        (("committee", "manufacturer-security"),),
    ),
    Case(
        "committee-b2b-software-purchase-decision",
        lambda: _example("b2b-software"),
        "committee",
        (("committee", "manufacturer-security"), ("stage_id", "purchase-decision")),
    ),
    Case("committee-starter", _starter, "committee", (("committee", "example-committee"),)),
    Case("committee-findings", _findings, "committee", (("committee", "buyers"),)),
    Case(
        "committee-findings-comparing-alternatives",
        _findings,
        "committee",
        (("committee", "buyers"), ("stage_id", "comparing-alternatives")),
    ),
]
IDS = [case.name for case in CASES]


@pytest.fixture(scope="module")
def pool() -> Iterator[EnginePool]:
    with EnginePool(workers=2, timeout=120) as shared:
        yield shared


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {case.name: case.build() for case in CASES}


# -- helpers ----------------------------------------------------------------------------------


def _svg(pool: EnginePool, dot: str) -> ET.Element:
    data = pool.run(Job("graphviz", dot, "svg"))
    return ET.fromstring(data)


def _groups(root: ET.Element, kind: str, css: str) -> list[ET.Element]:
    """SVG groups of ``kind`` (node, edge, cluster) whose class list holds ``css``."""
    out = []
    for g in root.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if classes and classes[0] == kind and (not css or css in classes[1:]):
            out.append(g)
    return out


def _texts(root: ET.Element) -> str:
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))


def _expected(case: Case) -> tuple[int, int]:
    """Touchpoint nodes and transition edges the diagram of ``case`` must have."""
    ws = case.load()
    options = dict(case.options)
    keep = list(ws.touchpoints)
    if "persona_id" in options:
        keep = [t for t in keep if options["persona_id"] in t.persona_ids]
    if "member_id" in options:
        member = ws.get("member", str(options["member_id"]))
        keep = [
            t
            for t in keep
            if member.id in t.member_ids or (member.persona_id or "") in t.persona_ids
        ]
    ids = {t.id for t in keep}
    edges = sum(1 for tr in ws.transitions if tr.from_id in ids and tr.to_id in ids)
    return len(keep), edges


_CHECKER = r"""
import json, os, sys, tempfile
import pygraphviz
out = []
for source in json.load(sys.stdin):
    with tempfile.TemporaryFile() as err:
        saved = os.dup(2)
        os.dup2(err.fileno(), 2)
        try:
            pygraphviz.AGraph(string=source).draw(format="svg", prog="dot")
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    out.append([line for line in text.splitlines() if line and "Fontconfig" not in line])
print(json.dumps(out))
"""


def _outside_labels(dot: str) -> str:
    """The DOT text without its HTML-like labels (``<...>``, balanced)."""
    out = []
    depth = 0
    for char in dot:
        if char == "<":
            depth += 1
        elif char == ">" and depth:
            depth -= 1
        elif not depth:
            out.append(char)
    return "".join(out)


def _graphviz_messages(dots: list[str]) -> list[list[str]]:
    """What Graphviz prints on stderr for each DOT (run in a separate process)."""
    done = subprocess.run(
        [sys.executable, "-c", _CHECKER],
        input=json.dumps(dots),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    result: list[list[str]] = json.loads(done.stdout)
    return result


# -- golden text and determinism ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_golden_dot(case: Case, sources: dict[str, str]) -> None:
    target = GOLDEN / f"{case.name}.dot"
    actual = sources[case.name]
    if UPDATE:
        target.write_text(actual, encoding="utf-8", newline="\n")
    assert target.is_file(), f"golden file missing (PJ_UPDATE_GOLDEN=1 makes it): {target}"
    assert target.read_text(encoding="utf-8") == actual


def test_no_stray_golden_files() -> None:
    expected = {f"{name}.dot" for name in IDS} | {"findings-workspace.yaml"}
    assert expected == {p.name for p in GOLDEN.iterdir()}


def test_same_model_gives_byte_identical_dot(sources: dict[str, str]) -> None:
    for case in CASES:
        assert sources[case.name] == case.build()


def test_dot_does_not_depend_on_the_hash_seed() -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import test_dot as t;"
        "print(''.join(case.build() for case in t.CASES))"
    )
    here = str(Path(__file__).parent)
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, here],
            capture_output=True,
            text=True,
            env=env,
            check=True,
            timeout=300,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


# -- what Graphviz makes of it ------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_svg_is_xml_with_the_expected_nodes_and_edges(
    case: Case, sources: dict[str, str], pool: EnginePool
) -> None:
    root = _svg(pool, sources[case.name])
    ws = case.load()
    if case.kind == "journey" and dict(case.options).get("aggregate_above") is None:
        touchpoints, transitions = _expected(case)
        assert touchpoints == len(_groups(root, "node", "touchpoint"))
        assert transitions == len(_groups(root, "edge", "transition"))
        placeholders = _groups(root, "node", "placeholder")
        nodes = _groups(root, "node", "")
        assert len(nodes) == touchpoints + len(placeholders)
        assert len(ws.stages) == len(_groups(root, "cluster", ""))
    elif case.kind == "committee":
        committee = ws.get("committee", str(dict(case.options)["committee"]))
        assert len(committee.members) == len(_groups(root, "node", "member"))
        assert len(_groups(root, "node", "source")) == 1
        assert len(committee.members) + 1 == len(_groups(root, "node", ""))
        introductions = sum(
            1
            for m in committee.members
            for other in m.introduces_ids
            if other in {n.id for n in committee.members}
        )
        assert introductions == len(_groups(root, "edge", "introduces"))
        texts = _texts(root)
        assert all(m.name in texts for m in committee.members)
    # Every node drew its label (Graphviz drops a label it cannot parse).
    for node in _groups(root, "node", ""):
        assert list(node.iter(f"{SVG}text")), node.findtext(f"{SVG}title")
    titles = [t.text or "" for t in root.iter(f"{SVG}title")]
    assert all(
        re.fullmatch(r"journey|committee|cluster_\d+|n\d+(&#45;&gt;n\d+|->n\d+)?", t)
        for t in titles
    ), titles


def test_graphviz_prints_no_error_or_warning(sources: dict[str, str]) -> None:
    names = list(sources)
    messages = _graphviz_messages([sources[name] for name in names])
    assert {name: [] for name in names} == dict(zip(names, messages, strict=True))


@pytest.mark.parametrize(
    "case", [CASES[0], CASES[8], CASES[11]], ids=[CASES[0].name, CASES[8].name, CASES[11].name]
)
def test_png_has_a_sensible_size_and_is_not_blank(
    case: Case, sources: dict[str, str], pool: EnginePool
) -> None:
    png = pool.run(Job("graphviz", sources[case.name], "png", dpi=72))
    image = Image.open(io.BytesIO(png))
    width, height = image.size
    assert 300 < width < 20_000
    assert 150 < height < 20_000
    histogram = image.convert("L").histogram()
    assert sum(histogram[:100]) > 100  # dark text…
    assert sum(histogram[200:]) > width * height // 2  # …on a light background
    colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None
    assert len(colours) > 20


# -- the shape of the journey ------------------------------------------------------------------


def _example_views() -> list[tuple[str, str | None]]:
    """Every example's journey, overall and for each of its personas."""
    views: list[tuple[str, str | None]] = []
    for name in sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir()):
        views.append((name, None))
        views.extend((name, persona.id) for persona in _example(name).personas)
    return views


EXAMPLE_VIEWS = _example_views()


def _aspect(root: ET.Element) -> float:
    """Width to height of an SVG made by Graphviz (``width="…pt"``)."""
    width, height = (float((root.get(key) or "").removesuffix("pt")) for key in ("width", "height"))
    return width / height


def _journey_of(touchpoints: int) -> pj.Workspace:
    """A plain journey: touchpoints spread over the stages like real ones (most early),
    each leading to one in the next stage, every other one also to the next in its stage,
    a text on every fourth link."""
    stages = [s.id for s in pj.default_stages()]
    counts = [max(1, round(share * touchpoints)) for share in (0.2, 0.2, 0.18, 0.08, 0.12, 0.12)]
    counts.append(touchpoints - sum(counts))
    channels = ("web", "email", "meeting", "phone", "webinar", "event", "search")
    tps: list[pj.Touchpoint] = []
    by_stage: list[list[int]] = []
    for k, count in enumerate(counts):
        by_stage.append(list(range(len(tps), len(tps) + count)))
        tps.extend(
            pj.Touchpoint(
                id=f"t{i}",
                name=f"Touchpoint {k + 1}.{j + 1}" + " with a longer name" * (i % 3 == 0),
                stage_id=stages[k],
                channel_id=channels[i % len(channels)],
                entry=k == 0 and j < 2,
            )
            for j, i in enumerate(range(len(tps), len(tps) + count))
        )
    transitions = []
    for k, here in enumerate(by_stage[:-1]):
        after = by_stage[k + 1]
        for j, i in enumerate(here):
            label = "Handed over with notes" if i % 4 == 0 else None
            transitions.append(
                pj.Transition(from_id=f"t{i}", to_id=f"t{after[j % len(after)]}", label=label)
            )
            if j % 2 == 0 and j + 1 < len(here):
                transitions.append(pj.Transition(from_id=f"t{i}", to_id=f"t{here[j + 1]}"))
    return pj.Workspace(name=f"Journey of {touchpoints}", touchpoints=tps, transitions=transitions)


@pytest.mark.parametrize(
    ("example", "persona_id"),
    EXAMPLE_VIEWS,
    ids=[f"{example}-{persona_id or 'all'}" for example, persona_id in EXAMPLE_VIEWS],
)
def test_example_journey_is_shaped_like_a_landscape_sheet(
    example: str, persona_id: str | None, pool: EnginePool
) -> None:
    # One column per touchpoint of a chain made these strips of 4:1 to 7:1.
    ws = _example(example)
    dot = journey_dot(ws, report=pj.run_checks(ws), persona_id=persona_id)
    assert 1.2 <= _aspect(_svg(pool, dot)) <= 2.5


@pytest.mark.parametrize("touchpoints", [10, 20, 30, 40, 50, 60])
def test_journey_of_10_to_60_touchpoints_is_shaped_like_a_landscape_sheet(
    touchpoints: int, pool: EnginePool
) -> None:
    ws = _journey_of(touchpoints)
    assert touchpoints == len(ws.touchpoints)
    dot = journey_dot(ws, report=pj.run_checks(ws))
    assert 1.2 <= _aspect(_svg(pool, dot)) <= 2.5


def _cluster_boxes(root: ET.Element) -> dict[int, tuple[float, float, float, float]]:
    """Stage index → (left, top, right, bottom) of its cluster in an SVG made by Graphviz."""
    boxes = {}
    for g in _groups(root, "cluster", ""):
        shape = g.find(f"{SVG}path")
        shape = shape if shape is not None else g.find(f"{SVG}polygon")
        assert shape is not None
        numbers = [
            float(n)
            for n in re.findall(r"-?\d+(?:\.\d+)?", shape.get("d") or shape.get("points") or "")
        ]
        xs, ys = numbers[0::2], numbers[1::2]
        title = g.findtext(f"{SVG}title") or ""
        boxes[int(title.removeprefix("cluster_"))] = (min(xs), min(ys), max(xs), max(ys))
    return boxes


def test_stages_wrap_into_bands_that_line_up(sources: dict[str, str], pool: EnginePool) -> None:
    # b2b-software: stages 1–3 above 4–7, each band's stages on one top and one bottom line,
    # the columns of the bands in line (stage 4 under stage 1), left to right in order.
    boxes = _cluster_boxes(_svg(pool, sources["journey-b2b-software"]))
    upper, lower = [boxes[k] for k in (0, 1, 2)], [boxes[k] for k in (3, 4, 5, 6)]
    for band in (upper, lower):
        assert max(b[1] for b in band) - min(b[1] for b in band) < 1
        assert max(b[3] for b in band) - min(b[3] for b in band) < 1
        assert all(a[2] < b[0] for a, b in pairwise(band))
    assert max(b[3] for b in upper) < min(b[1] for b in lower)
    assert abs(upper[0][0] - lower[0][0]) < 1


def test_chain_in_a_stage_runs_down_then_right(sources: dict[str, str]) -> None:
    # Comparing alternatives in b2b-software: discovery call → technical demo → proof of
    # value → decision table, in two columns of two, each pinned top to bottom.
    dot = sources["journey-b2b-software"]
    columns = re.findall(r"\{rank=same; (n\d+); (n\d+); (n\d+); (n\d+);\}", dot)
    assert ("n6", "n7") in {(top_card, below) for _, top_card, below, _ in columns}
    assert ("n8", "n9") in {(top_card, below) for _, top_card, below, _ in columns}


def test_journey_findings_are_drawn_where_they_are(sources: dict[str, str]) -> None:
    dot = sources["journey-findings"]
    assert dot.count('class="break"') == 1  # J010 information search -> comparing
    assert "⚠ J010" in dot
    assert dot.count('class="placeholder finding"') == 1  # J001 onboarding
    assert "⚠ J001" in dot
    for code in ("J011", "J013", "J014"):
        assert f"⚠ {code}" in dot
    # Flow findings outline the card in red; the placeholder of the empty stage is dashed.
    assert dot.count(f'BORDER="3" COLOR="{DEFAULT_THEME.bad}"') == 7
    assert dot.count('class="transition handoff"') == 2
    assert dot.count("★ PURCHASE DECISION") == 1


def test_journey_without_report_draws_no_findings() -> None:
    ws = _findings()
    dot = journey_dot(ws)
    assert "⚠" not in dot
    assert 'class="break"' not in dot
    assert dot.count('class="placeholder"') == 1


def test_persona_and_member_views_keep_only_their_touchpoints(sources: dict[str, str]) -> None:
    cfo = sources["journey-findings-persona-cfo"]
    assert cfo.count('class="touchpoint') == 3  # pricing, contract, renewal
    assert "for persona Finance chief" in cfo
    assert "⚠ J002" in cfo  # the persona's own stage gaps
    assert 'class="break"' not in cfo  # the break is between stages the persona does not see
    # The member "tech" is an instance of the persona it-lead.
    tech = sources["journey-findings-member-tech"]
    assert tech.count('class="touchpoint') == 6


def test_persona_and_member_together_is_an_error() -> None:
    with pytest.raises(ValueError, match="not both"):
        journey_dot(_findings(), persona_id="cfo", member_id="tech")
    with pytest.raises(KeyError):
        journey_dot(_findings(), persona_id="nobody")
    with pytest.raises(KeyError):
        journey_dot(_findings(), member_id="nobody")
    with pytest.raises(KeyError):
        committee_dot(_findings(), "nobody")
    with pytest.raises(KeyError):
        committee_dot(_findings(), "buyers", stage_id="nowhere")


def test_aggregated_journey_groups_by_stage_and_channel(sources: dict[str, str]) -> None:
    dot = sources["journey-findings-aggregated"]
    assert 'class="touchpoint' not in dot
    ws = _findings()
    groups = len({(t.stage_id, t.channel_id) for t in ws.touchpoints})
    assert groups == dot.count('class="group')
    assert f"9 touchpoints shown as {groups} stage × channel groups" in dot


def test_large_journey_is_aggregated_by_default_and_says_so() -> None:
    stages = [s.id for s in pj.default_stages()]
    tps = [
        pj.Touchpoint(
            id=f"t{i}",
            name=f"T {i}",
            stage_id=stages[i % 7],
            channel_id=("web", "email", "meeting")[i % 3],
            entry=i < 3,
        )
        for i in range(301)
    ]
    transitions = [pj.Transition(from_id=f"t{i}", to_id=f"t{i + 1}") for i in range(300)]
    ws = pj.Workspace(touchpoints=tps, transitions=transitions)
    dot = journey_dot(ws)
    assert "301 touchpoints shown as 21 stage × channel groups" in dot
    assert dot.count('class="group') == 21
    assert journey_dot(ws, aggregate_above=1000).count('class="touchpoint') == 301


def test_finnish_labels(sources: dict[str, str]) -> None:
    dot = sources["journey-findings-fi"]
    for text in ("Ostopäätös", "Asiakaspolku", "Ei kohtaamisia", "VAIHE 1", "Markkinointi"):
        assert text in dot
    assert "Customer journey" not in dot


def test_committee_reach_follows_the_checks(sources: dict[str, str]) -> None:
    dot = sources["committee-findings-comparing-alternatives"]
    classes = re.findall(r'^  n\d+ \[class="([^"]*)"', dot, flags=re.MULTILINE)
    assert classes == [
        "source",
        "member direct",  # tech: reached in channels they use
        "member introduced decider",  # ceo: avoided channels, but tech introduces them (no C003)
        "member avoided decider",  # buyer: only avoided channels, nobody introduces (C003)
        "member unreached inactive",  # user: nobody (C001); not active in this stage
    ]
    assert "⚠ C003" in dot
    assert "⚠ C001" in dot
    assert dot.count('class="introduces"') == 1
    assert dot.count('class="reach direct"') == 1
    assert dot.count('class="reach avoided"') == 2
    assert "in stage: Comparing alternatives" in dot


def test_committee_sizes_members_by_influence_in_the_stage() -> None:
    ws = _findings()

    def widths(dot: str) -> list[int]:
        return [int(w) for w in re.findall(r'<TD HEIGHT="6" WIDTH="(\d+)"', dot)]

    overall = widths(committee_dot(ws, "buyers"))
    decision = widths(committee_dot(ws, "buyers", stage_id="purchase-decision"))
    assert overall == [216, 238, 227, 172]  # influence 0.6, 0.8, 0.7, 0.2
    assert decision[1] == 260  # the chief executive weighs 1.0 at the decision


def test_empty_committee_and_empty_journey() -> None:
    ws = pj.Workspace(committees=[pj.BuyingCommittee(id="c", name="C")])
    assert 'class="placeholder"' in committee_dot(ws, "c")
    journey = journey_dot(ws)
    assert journey.count('class="placeholder"') == 7


def test_theme_font_and_colours_are_used() -> None:
    theme = DEFAULT_THEME.model_copy(
        update={"font": "'Open Sans', Arial, sans-serif", "bad": "#aa0011"}
    )
    ws = _findings()
    dot = journey_dot(ws, report=pj.run_checks(ws), theme=theme)
    assert 'fontname="Open Sans"' in dot
    assert "#aa0011" in dot
    assert DEFAULT_THEME.bad not in dot


# -- safety -------------------------------------------------------------------------------------

HOSTILE = [
    '"><script>alert(1)</script>',
    '\\"]; n9 [label=x URL="javascript:alert(1)"]; n8 [image="/etc/passwd"',
    "a\\",
    '<b>bold</b> <IMG SRC="/etc/passwd"/>',
    "\\N \\G \\T \\H \\E \\L \\l \\n \\r",
    "ctrl\x00\x01\x07\x08\x1b\x7f\x85end",
    "rtl \u202e\u2066gnp.exe\u2069\u202c",
    "x" * 5000,
    "wörd " * 1000,
    "]]>&amp;&#92;&lt;<![CDATA[",
    ">",
    "}",
    "</TD></TR></TABLE>>]; n99 [shape=epsf]; x [label=<",
]


def _hostile_workspace() -> pj.Workspace:
    """Every string that reaches a label is hostile; names over the model's limits are
    forced in with ``model_construct`` to test the renderer beyond the loader."""

    def name(i: int) -> str:
        return HOSTILE[i % len(HOSTILE)]

    stages = [
        pj.Stage.model_construct(
            id=s.id, name=name(k), owner_id=s.owner_id, decision=s.decision, description=None
        )
        for k, s in enumerate(pj.default_stages())
    ]
    teams = [
        pj.Team.model_construct(id=t.id, name=name(k + 3), description=None)
        for k, t in enumerate(pj.default_teams())
    ]
    channels = [
        pj.Channel.model_construct(id=c.id, name=name(k + 5), kind=c.kind)
        for k, c in enumerate(pj.default_channels())
    ]
    members = [
        pj.Member(id=f"contact-{k}", name="x").model_copy(
            update={
                "name": name(k),
                "title": name(k + 1),
                "crm_id": "CRM-SECRET-4711",
                "roles": [pj.Role.DECISION_MAKER] if k % 2 else [pj.Role.INFLUENCER],
                "introduces_ids": [f"contact-{k + 1}"] if k + 1 < len(HOSTILE) else [],
                "persona_id": "p0" if k == 0 else None,
            }
        )
        for k in range(len(HOSTILE))
    ]
    committee = pj.BuyingCommittee.model_construct(
        id="c",
        name=name(0),
        description=None,
        required_roles=[pj.Role.ECONOMIC_BUYER],
        members=members,
    )
    channel_ids = [c.id for c in channels]
    touchpoints = [
        pj.Touchpoint(id=f"t{i}", name="x", stage_id="loyalty").model_copy(
            update={
                "name": name(i),
                "stage_id": stages[i % 6].id,  # advocacy stays empty: a placeholder
                "channel_id": channel_ids[i % len(channel_ids)],
                "owner_id": "sales" if i % 4 == 0 else None,
                "persona_ids": ["p0"] if i % 2 else [],
                "member_ids": [f"contact-{i % len(HOSTILE)}"],
                "entry": i % 5 == 0,
            }
        )
        for i in range(2 * len(HOSTILE))
    ]
    transitions = [
        pj.Transition.model_construct(
            from_id=f"t{i}",
            to_id=f"t{(i * 3 + 1) % len(touchpoints)}",
            handoff=i % 3 == 0,
            label=name(i + 2),
        )
        for i in range(len(touchpoints))
    ]
    return pj.Workspace(
        name=name(1),
        stages=stages,
        teams=teams,
        channels=channels,
        personas=[pj.Persona(id="p0", name="x").model_copy(update={"name": name(2)})],
        committees=[committee],
        touchpoints=touchpoints,
        transitions=transitions,
    )


def _hostile_diagrams() -> dict[str, tuple[str, int]]:
    """Name → (DOT, number of nodes Graphviz must draw)."""
    ws = _hostile_workspace()
    report = pj.run_checks(ws)

    def boxes(kept: list[pj.Touchpoint], grouped: bool = False) -> int:
        """Touchpoints (or stage × channel groups), plus a placeholder per empty stage."""
        drawn = len({(t.stage_id, t.channel_id) for t in kept}) if grouped else len(kept)
        return drawn + len(ws.stages) - len({t.stage_id for t in kept})

    every = list(ws.touchpoints)
    p0 = [t for t in every if "p0" in t.persona_ids]
    member0 = [t for t in every if "contact-0" in t.member_ids or "p0" in t.persona_ids]
    members = len(HOSTILE) + 1
    return {
        "journey": (journey_dot(ws, report=report), boxes(every)),
        "persona": (journey_dot(ws, report=report, persona_id="p0"), boxes(p0)),
        "member": (journey_dot(ws, report=report, member_id="contact-0"), boxes(member0)),
        "aggregated": (journey_dot(ws, report=report, aggregate_above=3), boxes(every, True)),
        "finnish": (journey_dot(ws, report=report, locale="fi"), boxes(every)),
        "committee": (committee_dot(ws, "c", report=report), members),
        "committee-stage": (committee_dot(ws, "c", report=report, stage_id="loyalty"), members),
    }


@pytest.fixture(scope="module")
def hostile() -> dict[str, tuple[str, int]]:
    return _hostile_diagrams()


def test_hostile_strings_make_no_extra_nodes_scripts_or_leaks(
    hostile: dict[str, tuple[str, int]], pool: EnginePool
) -> None:
    for name, (dot, nodes) in hostile.items():
        # The DOT itself: opaque ids, and nothing the allow-list does not know. Drawn nodes
        # come first (n0…), then the journey's invisible layout helpers, which draw nothing.
        statements = re.findall(r"^\s*(\w+) \[", dot, flags=re.MULTILINE)
        helpers = re.findall(
            r'^\s*(n\d+) \[shape="point", style="invis", group="\w+"\];$', dot, flags=re.MULTILINE
        )
        drawn = {f"n{i}" for i in range(nodes)}
        assert nodes == sum(1 for s in statements if re.fullmatch(r"n\d+", s)) - len(helpers)
        assert set(statements) <= {"graph", "node", "edge"} | drawn | set(helpers), name
        assert not drawn & set(helpers), name
        outside = _outside_labels(dot)
        for forbidden in ("URL", "href", "image", "shapefile", "tooltip", "epsf", "\\"):
            assert forbidden not in outside, (name, forbidden)
        assert "<IMG" not in dot.upper()
        assert "contact-" not in dot
        assert "CRM-SECRET" not in dot
        assert "\\N" not in dot
        assert "\\G" not in dot
        # What Graphviz makes of it.
        data = pool.run(Job("graphviz", dot, "svg", name=name))
        root = ET.fromstring(data)  # well-formed XML
        assert nodes == len(_groups(root, "node", "")), name
        assert b"<script" not in data.lower(), name  # as text it is escaped: &lt;script
        for element in root.iter():
            assert element.tag not in (f"{SVG}script", f"{SVG}a", f"{SVG}image"), name
            for value in element.attrib.values():
                assert "javascript:" not in value.lower(), name
                assert "passwd" not in value, name
        assert b"contact-" not in data, name
        assert b"CRM-SECRET" not in data, name
        titles = {t.text or "" for t in root.iter(f"{SVG}title")}
        assert all(
            re.fullmatch(r"journey|committee|cluster_\d+|n\d+(->n\d+)?", t) for t in titles
        ), titles
        if name == "journey":
            # \N and friends are printed as written, not expanded to ids or the graph name.
            assert "\\N \\G \\T \\H \\E \\L" in _texts(root)
            assert "x" * 5000 not in _texts(root)


def test_hostile_diagrams_make_graphviz_print_nothing(
    hostile: dict[str, tuple[str, int]],
) -> None:
    messages = _graphviz_messages([dot for dot, _ in hostile.values()])
    assert {name: [] for name in hostile} == dict(zip(hostile, messages, strict=True))


def test_escape_doubles_backslashes_for_graphviz() -> None:
    assert _esc("a\\N <b>") == "a&#92;&#92;N &lt;b&gt;"
    assert _esc("\\") == "&#92;&#92;"


def test_attributes_come_from_the_allow_list_only() -> None:
    assert _attrs({"color": "#ffffff", "penwidth": 1.5}) == ' [color="#ffffff", penwidth=1.5]'
    for key in ("URL", "href", "image", "shapefile", "tooltip", "id", "fontpath", "imagepath"):
        with pytest.raises(ValueError, match="refusing"):
            _attrs({key: "x"})
    for value in ('a"b', "a;b", "a]b", "javascript:alert(1)", "a\\N", "x" * 200):
        with pytest.raises(ValueError, match="refusing"):
            _attrs({"color": value})


def test_graph_attributes_set_charset_and_font_and_read_no_files(
    sources: dict[str, str],
) -> None:
    for dot in sources.values():
        head = dot.splitlines()[1]
        assert head.startswith('  graph [charset="UTF-8"')
        assert 'fontname="DejaVu Sans"' in head
        outside = _outside_labels(dot)
        for key in ("imagepath", "fontpath", "stylesheet", "URL", "image", "id="):
            assert key not in outside


def test_docstring_examples_run() -> None:
    import doctest

    from personajourney.render import dot

    failures, tried = doctest.testmod(dot)
    assert tried >= 3
    assert failures == 0


def test_diagram_modules_docstring_examples_run() -> None:
    # The façade's doctest sees only its own docstring; the builders' examples live here.
    import doctest

    from personajourney.render.diagrams import committee, journey

    for module in (journey, committee):
        failures, tried = doctest.testmod(module)
        assert tried >= 2, module.__name__
        assert failures == 0, module.__name__

"""The workspace as a networkx graph, and the queries over it."""

from __future__ import annotations

import itertools
import re

import networkx as nx
import pytest

import personajourney as pj
from personajourney.graph import build

NODE_KINDS = {
    "stage",
    "team",
    "channel",
    "motive",
    "persona",
    "committee",
    "member",
    "segment",
    "touchpoint",
}


def workspace() -> pj.Workspace:
    """Every kind of node and edge, with a stage that has no owner."""
    return pj.Workspace(
        name="Graph demo",
        locale="fi",
        stages=[
            *pj.default_stages(),
            pj.Stage(id="renewal"),  # no owner
        ],
        motives=[pj.Motive(id="save-time", name="Save time")],
        personas=[
            pj.Persona(
                id="hr-hanna",
                name="HR-Hanna",
                roles=[pj.Role.DECISION_MAKER],
                channel_ids=["social"],
                avoided_channel_ids=["phone"],
                motives=[pj.MotiveLink(motive_id="save-time", strength=0.8)],
            ),
            pj.Persona(id="it-ilkka", name="IT-Ilkka"),
        ],
        committees=[
            pj.BuyingCommittee(
                id="smb",
                name="SMB",
                members=[
                    pj.Member(
                        id="cfo",
                        name="CFO",
                        persona_id="hr-hanna",
                        roles=[pj.Role.ECONOMIC_BUYER],
                        influence=0.9,
                        channel_ids=["email"],
                        avoided_channel_ids=["event"],
                        motives=[pj.MotiveLink(motive_id="save-time", strength=0.3)],
                    ),
                    pj.Member(id="cto", name="CTO", introduces_ids=["cfo"]),
                    pj.Member(id="intern", name="Intern"),
                ],
            )
        ],
        segments=[
            pj.Segment(
                id="smb",
                name="SMB",
                priority=1,
                persona_ids=["hr-hanna"],
                committee_ids=["smb"],
                channel_ids=["web"],
            )
        ],
        touchpoints=[
            pj.Touchpoint(
                id="ad",
                name="Social ad",
                stage_id="problem-awareness",
                channel_id="social",
                persona_ids=["hr-hanna"],
                motive_ids=["save-time"],
                entry=True,
                emotion=1,
            ),
            pj.Touchpoint(
                id="guide", name="Guide", stage_id="information-search", owner_id="sales"
            ),
            pj.Touchpoint(
                id="demo",
                name="Demo",
                stage_id="comparing-alternatives",
                member_ids=["cto", "cfo"],
                persona_ids=["hr-hanna"],
            ),
            pj.Touchpoint(id="offer", name="Offer", stage_id="purchase-decision"),
            pj.Touchpoint(id="renew", name="Renewal call", stage_id="renewal"),
            pj.Touchpoint(id="island", name="Island", stage_id="comparing-alternatives"),
        ],
        transitions=[
            pj.Transition(from_id="ad", to_id="guide"),
            pj.Transition(from_id="guide", to_id="demo", handoff=True, label="MQL"),
            pj.Transition(from_id="demo", to_id="offer"),
            pj.Transition(from_id="demo", to_id="offer", label="second path"),
            pj.Transition(from_id="offer", to_id="demo"),  # a loop back
        ],
    )


@pytest.fixture
def G() -> nx.MultiDiGraph:
    return pj.build_graph(workspace())


def _docstring_table() -> list[tuple[set[str], set[str], set[str]]]:
    """(edge kinds, source kinds, target kinds) from the table in graph/build.py."""
    assert build.__doc__ is not None
    lines = build.__doc__.splitlines()
    rules = [i for i, line in enumerate(lines) if line.startswith("=====")]
    above_header, below_header, below_table = rules
    assert above_header < below_header
    table = lines[below_header + 1 : below_table]
    short = {"touchpt": "touchpoint"}
    rows = []
    for line in table:
        found = re.match(r"^(\w+(?:, \w+)*)\s+([\w/]+) → ([\w/]+)(?:\s|$)", line)
        assert found, line
        kinds, sources, targets = found.groups()
        rows.append(
            (
                set(kinds.split(", ")),
                {short.get(s, s) for s in sources.split("/")},
                {short.get(t, t) for t in targets.split("/")},
            )
        )
    assert len(rows) == len(table)
    return rows


def test_docstring_table_lists_the_edge_kinds() -> None:
    expected = {
        "transition",
        "in_stage",
        "via",
        "owned_by",
        "reaches",
        "addresses",
        "next_stage",
        "motivated_by",
        "uses",
        "avoids",
        "instance_of",
        "has_member",
        "introduces",
        "includes",
    }
    assert expected == set().union(*(kinds for kinds, _, _ in _docstring_table()))


# -- nodes ------------------------------------------------------------------------------------


def test_node_keys_are_kind_colon_id_with_kind_id_and_label(G: nx.MultiDiGraph) -> None:
    for key, data in G.nodes(data=True):
        assert pj.node_key(data["kind"], data["id"]) == key
        assert (data["kind"], data["id"]) == pj.parse_node_key(key)
        assert isinstance(data["label"], str)
        assert data["label"]


def test_every_entity_is_a_node_of_its_kind(G: nx.MultiDiGraph) -> None:
    ws = workspace()
    expected = sorted(
        [f"stage:{s.id}" for s in ws.stages]
        + [f"team:{t.id}" for t in ws.teams]
        + [f"channel:{c.id}" for c in ws.channels]
        + [f"motive:{m.id}" for m in ws.motives]
        + [f"persona:{p.id}" for p in ws.personas]
        + [f"committee:{c.id}" for c in ws.committees]
        + [f"member:{m.id}" for _, m in ws.members()]
        + [f"segment:{s.id}" for s in ws.segments]
        + [f"touchpoint:{t.id}" for t in ws.touchpoints]
    )
    assert expected == sorted(G.nodes)
    expected_kinds = NODE_KINDS
    assert expected_kinds == {kind for _, kind in G.nodes(data="kind")}


def test_node_attributes(G: nx.MultiDiGraph) -> None:
    expected = {
        "stage:purchase-decision": {"order": 3, "decision": True, "owner": "sales"},
        "stage:renewal": {"order": 7, "decision": False, "owner": None},
        "touchpoint:ad": {
            "stage": "problem-awareness",
            "channel": "social",
            "owner": "marketing",
            "entry": True,
            "emotion": 1,
        },
        "member:cfo": {
            "committee": "smb",
            "roles": ["economic_buyer"],
            "influence": 0.9,
            "subject": "archetype",
        },
        "persona:hr-hanna": {"roles": ["decision_maker"]},
        "channel:phone": {"channel_kind": "offline"},
        "segment:smb": {"excluded": False, "priority": 1},
    }
    assert expected == {
        key: {name: G.nodes[key][name] for name in attributes}
        for key, attributes in expected.items()
    }


def test_labels_follow_the_workspace_locale(G: nx.MultiDiGraph) -> None:
    expected = ("Ostopäätös", "Myynti", "HR-Hanna")
    assert expected == (
        G.nodes["stage:purchase-decision"]["label"],
        G.nodes["team:sales"]["label"],
        G.nodes["persona:hr-hanna"]["label"],
    )


def test_graph_carries_name_and_locale(G: nx.MultiDiGraph) -> None:
    expected = {"name": "Graph demo", "locale": "fi"}
    assert expected == G.graph


# -- edges ------------------------------------------------------------------------------------


def test_every_edge_is_of_a_kind_the_docstring_table_allows(G: nx.MultiDiGraph) -> None:
    rows = _docstring_table()
    wrong = []
    for u, v, kind in G.edges(data="kind"):
        source, target = G.nodes[u]["kind"], G.nodes[v]["kind"]
        if not any(kind in k and source in s and target in t for k, s, t in rows):
            wrong.append((kind, u, v))
    expected: list[tuple[str, str, str]] = []
    assert expected == wrong


def test_every_row_of_the_docstring_table_occurs(G: nx.MultiDiGraph) -> None:
    seen = {(kind, G.nodes[u]["kind"], G.nodes[v]["kind"]) for u, v, kind in G.edges(data="kind")}
    for kinds, sources, targets in _docstring_table():
        in_row = {(k, s, t) for k, s, t in seen if k in kinds}
        assert kinds == {k for k, _, _ in in_row}
        assert sources == {s for _, s, _ in in_row}
        assert targets == {t for _, _, t in in_row}


def test_edge_key_is_its_kind_and_transitions_are_numbered(G: nx.MultiDiGraph) -> None:
    for _, _, key, kind in G.edges(keys=True, data="kind"):
        if kind == "transition":
            assert re.fullmatch(r"transition:\d+", key), key
        else:
            assert kind == key


@pytest.mark.parametrize(
    ("u", "v", "kind"),
    [
        ("stage:problem-awareness", "stage:information-search", "next_stage"),
        ("stage:advocacy", "stage:renewal", "next_stage"),
        ("stage:loyalty", "team:customer-service", "owned_by"),
        ("touchpoint:ad", "stage:problem-awareness", "in_stage"),
        ("touchpoint:ad", "channel:social", "via"),
        ("touchpoint:ad", "persona:hr-hanna", "reaches"),
        ("touchpoint:demo", "member:cto", "reaches"),
        ("touchpoint:ad", "motive:save-time", "addresses"),
        ("persona:hr-hanna", "motive:save-time", "motivated_by"),
        ("member:cfo", "motive:save-time", "motivated_by"),
        ("persona:hr-hanna", "channel:social", "uses"),
        ("persona:hr-hanna", "channel:phone", "avoids"),
        ("member:cfo", "channel:email", "uses"),
        ("member:cfo", "channel:event", "avoids"),
        ("segment:smb", "channel:web", "uses"),
        ("member:cfo", "persona:hr-hanna", "instance_of"),
        ("committee:smb", "member:intern", "has_member"),
        ("member:cto", "member:cfo", "introduces"),
        ("segment:smb", "persona:hr-hanna", "includes"),
        ("segment:smb", "committee:smb", "includes"),
    ],
)
def test_expected_edge_exists(G: nx.MultiDiGraph, u: str, v: str, kind: str) -> None:
    assert G.has_edge(u, v, key=kind)


def test_stage_order_is_a_chain_of_next_stage_edges(G: nx.MultiDiGraph) -> None:
    chain = [(u, v) for u, v, k in G.edges(keys=True) if k == "next_stage"]
    stages = [f"stage:{s}" for s in workspace().stage_ids()]
    assert list(itertools.pairwise(stages)) == chain


def test_motive_strength_and_transition_details_are_on_the_edges(G: nx.MultiDiGraph) -> None:
    expected = (0.8, 0.3, True, "MQL", False, None)
    assert expected == (
        G.edges["persona:hr-hanna", "motive:save-time", "motivated_by"]["strength"],
        G.edges["member:cfo", "motive:save-time", "motivated_by"]["strength"],
        G.edges["touchpoint:guide", "touchpoint:demo", "transition:1"]["handoff"],
        G.edges["touchpoint:guide", "touchpoint:demo", "transition:1"]["label"],
        G.edges["touchpoint:ad", "touchpoint:guide", "transition:0"]["handoff"],
        G.edges["touchpoint:ad", "touchpoint:guide", "transition:0"]["label"],
    )


def test_parallel_transitions_are_kept(G: nx.MultiDiGraph) -> None:
    expected = {"transition:2": None, "transition:3": "second path"}
    assert expected == {
        k: d["label"] for k, d in G.get_edge_data("touchpoint:demo", "touchpoint:offer").items()
    }


# -- effective owner --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("touchpoint", "owner"),
    [
        ("ad", "marketing"),  # from its stage
        ("guide", "sales"),  # its own, over the stage's marketing
        ("offer", "sales"),
        ("renew", None),  # stage without owner
    ],
)
def test_touchpoint_owner_is_its_own_or_its_stages(
    G: nx.MultiDiGraph, touchpoint: str, owner: str | None
) -> None:
    key = f"touchpoint:{touchpoint}"
    owned_by = [v for _, v, k in G.out_edges(key, keys=True) if k == "owned_by"]

    expected = (owner, [f"team:{owner}"] if owner else [])
    assert expected == (G.nodes[key]["owner"], owned_by)


def test_stage_without_owner_has_no_owned_by_edge(G: nx.MultiDiGraph) -> None:
    expected: list[str] = []
    assert expected == [v for _, v, k in G.out_edges("stage:renewal", keys=True) if k == "owned_by"]


# -- flow graph -------------------------------------------------------------------------------


def test_flow_graph_holds_touchpoints_and_transitions_only(G: nx.MultiDiGraph) -> None:
    F = pj.flow_graph(G)

    ws = workspace()
    expected_nodes = sorted(f"touchpoint:{t.id}" for t in ws.touchpoints)
    expected_edges = sorted(
        (f"touchpoint:{t.from_id}", f"touchpoint:{t.to_id}", f"transition:{i}")
        for i, t in enumerate(ws.transitions)
    )
    assert (expected_nodes, expected_edges) == (sorted(F.nodes), sorted(F.edges(keys=True)))
    assert G.nodes["touchpoint:ad"] == F.nodes["touchpoint:ad"]
    assert G.graph == F.graph


def test_flow_graph_is_a_new_graph(G: nx.MultiDiGraph) -> None:
    before = (G.number_of_nodes(), G.number_of_edges())
    F = pj.flow_graph(G)
    F.remove_node("touchpoint:ad")

    assert before == (G.number_of_nodes(), G.number_of_edges())
    expected = ["touchpoint:guide"]
    assert expected == list(pj.flow_graph(G).successors("touchpoint:ad"))


# -- queries ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("node", "expected"),
    [
        ("persona:hr-hanna", ["touchpoint:ad", "touchpoint:demo"]),
        ("persona:it-ilkka", []),
        # directly (demo) and through the persona it is an instance of (ad, demo): once each
        ("member:cfo", ["touchpoint:ad", "touchpoint:demo"]),
        ("member:cto", ["touchpoint:demo"]),
        ("member:intern", []),
    ],
)
def test_touchpoints_for_a_persona_or_member(
    G: nx.MultiDiGraph, node: str, expected: list[str]
) -> None:
    assert expected == pj.touchpoints_for(G, node)


@pytest.mark.parametrize(
    ("stage", "expected"),
    [
        ("comparing-alternatives", ["touchpoint:demo", "touchpoint:island"]),
        ("problem-awareness", ["touchpoint:ad"]),
        ("advocacy", []),
        ("no-such-stage", []),
    ],
)
def test_touchpoints_in_stage_are_sorted(
    G: nx.MultiDiGraph, stage: str, expected: list[str]
) -> None:
    assert expected == pj.touchpoints_in_stage(G, stage)


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("ad", "guide", True),
        ("ad", "offer", True),  # over several transitions
        ("offer", "demo", True),  # the loop back
        ("demo", "demo", True),  # a touchpoint reaches itself
        ("offer", "ad", False),  # not against the flow
        ("guide", "ad", False),
        ("ad", "island", False),
        ("island", "demo", False),  # same stage is not a path
        ("renew", "offer", False),
    ],
)
def test_is_reachable_follows_transitions_only(
    G: nx.MultiDiGraph, source: str, target: str, expected: bool
) -> None:
    assert expected == pj.is_reachable(G, f"touchpoint:{source}", f"touchpoint:{target}")


def test_is_reachable_agrees_with_networkx_on_the_flow_graph(G: nx.MultiDiGraph) -> None:
    F = pj.flow_graph(G)
    for source in F.nodes:
        expected = nx.descendants(F, source) | {source}
        assert expected == {t for t in F.nodes if pj.is_reachable(G, source, t)}


# -- determinism ------------------------------------------------------------------------------


def _snapshot(G: nx.MultiDiGraph) -> tuple[object, ...]:
    return (
        dict(G.graph),
        list(G.nodes(data=True)),
        list(G.edges(keys=True, data=True)),
    )


def test_building_twice_gives_the_same_graph_in_the_same_order() -> None:
    assert _snapshot(pj.build_graph(workspace())) == _snapshot(pj.build_graph(workspace()))


def test_a_dumped_and_loaded_workspace_gives_the_same_graph() -> None:
    ws = workspace()
    again = pj.loads(pj.dumps(ws))
    assert _snapshot(pj.build_graph(ws)) == _snapshot(pj.build_graph(again))


def test_nodes_follow_file_order() -> None:
    G = pj.build_graph(workspace())
    touchpoints = [n for n, kind in G.nodes(data="kind") if kind == "touchpoint"]
    expected = [f"touchpoint:{t.id}" for t in workspace().touchpoints]
    assert expected == touchpoints


def test_empty_workspace_graph_has_the_default_stages_teams_and_channels() -> None:
    G = pj.build_graph(pj.Workspace())
    expected = {"stage": 7, "team": 3, "channel": 11}
    counts: dict[str, int] = {}
    for _, kind in G.nodes(data="kind"):
        counts[kind] = counts.get(kind, 0) + 1
    assert expected == counts


def test_a_persona_is_reached_through_a_member_who_is_an_instance_of_it() -> None:
    ws = pj.Workspace(
        personas=[pj.Persona(id="p", name="P")],
        committees=[
            pj.BuyingCommittee(
                id="c", name="C", members=[pj.Member(id="m", name="M", persona_id="p")]
            )
        ],
        touchpoints=[
            pj.Touchpoint(id="call", name="Call", stage_id="loyalty", member_ids=["m"]),
        ],
    )
    assert pj.touchpoints_for(pj.build_graph(ws), "persona:p") == ["touchpoint:call"]


@pytest.mark.parametrize("example", ["b2b-software", "segmented-market", "some-mainonta"])
def test_graph_queries_and_the_index_agree_on_reach_and_owner(example: str) -> None:
    from pathlib import Path

    from personajourney.graph import WorkspaceIndex

    ws = pj.load(Path(__file__).parents[1] / "examples" / example)
    G = pj.build_graph(ws)
    index = WorkspaceIndex(ws)
    tp_key = [pj.node_key("touchpoint", t.id) for t in ws.touchpoints]
    for kind, table in (("persona", index.persona_tps), ("member", index.member_tps)):
        for holder, positions in table.items():
            expected = sorted(tp_key[i] for i in positions)
            assert expected == pj.touchpoints_for(G, pj.node_key(kind, holder))
    assert index.tp_owner == [G.nodes[key]["owner"] for key in tp_key]

"""The derived facts of a workspace, computed once in linear time: the one definition.

:class:`WorkspaceIndex` is where the meaning that is not written in the file but follows
from it is defined, once, for every reader: the checks, the diagrams and sheets, the Mermaid
export and :func:`~personajourney.build_graph`.

- **Reach**: a touchpoint reaches the personas it lists and the members it lists; a member
  who is an instance of a persona (``persona_id``) is reached by what reaches the persona,
  and a persona is reached by what reaches one of its members.
- **Participation**: the stages a persona takes part in: its own ``active_stage_ids``, else
  those its member instances are active in, else every stage.
- **Exclusion**: a persona whose segments are all excluded (and a member of a committee whose
  segments are all excluded) is not to be targeted; the reach and motive rules skip them.
- **Endings**: touchpoints where the journey is meant to end: those with an ``outcome``
  and those a transition with an ``outcome`` leads to.
- **Effective owner**: a touchpoint's own ``owner_id``, else its stage's owner.
- **Flow**: successors and predecessors of each touchpoint by the transitions, and
  breadth-first reachability over them.
- **Per-holder aggregates**: for each persona and member, the motives addressed in each
  channel by the touchpoints that reach them.

Everything is kept as plain columns indexed by touchpoint position, so readers do a few
traversals in all rather than one per node: at 100,000 touchpoints and 300,000 transitions
the whole rule set costs a few passes.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from ..models.entities import Member, Persona, Segment, Touchpoint
from ..models.workspace import Workspace

__all__ = ["WorkspaceIndex", "effective_owner"]


def effective_owner(touchpoint: Touchpoint, stage_owner: str | None) -> str | None:
    """Who owns a touchpoint: its own owner, else the owner of its stage."""
    return touchpoint.owner_id or stage_owner


def _bfs(starts: Iterable[int], adjacency: Sequence[Sequence[int]], size: int) -> list[bool]:
    seen = [False] * size
    queue: deque[int] = deque()
    for start in starts:
        if not seen[start]:
            seen[start] = True
            queue.append(start)
    while queue:
        node = queue.popleft()
        for nxt in adjacency[node]:
            if not seen[nxt]:
                seen[nxt] = True
                queue.append(nxt)
    return seen


class WorkspaceIndex:
    """Indexes over one workspace.

    Build one per workspace and read its columns; it does not watch the workspace, so make a
    new one after changing the model.

    Example:
        >>> import personajourney as pj
        >>> from personajourney.graph.index import WorkspaceIndex
        >>> ws = pj.Workspace(
        ...     personas=[pj.Persona(id="p", name="P")],
        ...     committees=[pj.BuyingCommittee(id="c", name="C", members=[
        ...         pj.Member(id="m", name="M", persona_id="p")])],
        ...     touchpoints=[pj.Touchpoint(id="t", name="T", stage_id="loyalty", member_ids=["m"])])
        >>> index = WorkspaceIndex(ws)
        >>> index.persona_tps["p"], index.tp_owner
        ([0], ['customer-service'])
    """

    def __init__(self, workspace: Workspace) -> None:
        ws = workspace
        self.ws = ws
        self.stages = ws.stages
        self.stage_index = {s.id: i for i, s in enumerate(ws.stages)}
        self.decision = next((i for i, s in enumerate(ws.stages) if s.decision), None)
        self.tps: list[Touchpoint] = ws.touchpoints
        self.tp_index = {t.id: i for i, t in enumerate(self.tps)}
        self.tp_stage = [self.stage_index[t.stage_id] for t in self.tps]
        stage_owner = [s.owner_id for s in ws.stages]
        #: Effective owner of each touchpoint.
        self.tp_owner = [
            effective_owner(t, stage_owner[k]) for t, k in zip(self.tps, self.tp_stage, strict=True)
        ]
        n = len(self.tps)
        self.succ: list[list[int]] = [[] for _ in range(n)]
        self.pred: list[list[int]] = [[] for _ in range(n)]
        index = self.tp_index
        #: (from index, to index) of each transition, in file order.
        self.tr_pairs: list[tuple[int, int]] = []
        for tr in ws.transitions:
            a, b = index[tr.from_id], index[tr.to_id]
            self.succ[a].append(b)
            self.pred[b].append(a)
            self.tr_pairs.append((a, b))
        # Plain per-touchpoint columns: rules read these instead of model attributes.
        self.tp_channel: list[str | None] = [t.channel_id for t in self.tps]
        self.tp_motives: list[list[str]] = [t.motive_ids for t in self.tps]
        self.entries = [i for i, t in enumerate(self.tps) if t.entry]
        self.members: list[tuple[str, Member]] = [(c.id, m) for c, m in ws.members()]
        self.member_by_id = {m.id: m for _, m in self.members}
        self.persona_by_id: dict[str, Persona] = {p.id: p for p in ws.personas}

        # Who each touchpoint reaches: personas directly or through a member who is an
        # instance of them; members directly or as instances of a reached persona.
        instances: dict[str, list[str]] = {}
        persona_of: dict[str, str] = {}
        for _, member in self.members:
            if member.persona_id:
                instances.setdefault(member.persona_id, []).append(member.id)
                persona_of[member.id] = member.persona_id
        #: Members who are instances of each persona.
        self.persona_members: dict[str, list[str]] = instances
        #: Touchpoint positions reaching each persona / member, in file order.
        self.persona_tps: dict[str, list[int]] = {p.id: [] for p in ws.personas}
        self.member_tps: dict[str, list[int]] = {m.id: [] for _, m in self.members}
        #: Personas each touchpoint reaches, directly or through a member.
        self.tp_personas: list[set[str]] = []
        for i, tp in enumerate(self.tps):
            reached: set[str] = set(tp.member_ids)
            personas: set[str] = set(tp.persona_ids)
            for member_id in tp.member_ids:
                if member_id in persona_of:
                    personas.add(persona_of[member_id])
            for persona_id in tp.persona_ids:
                reached.update(instances.get(persona_id, ()))
            self.tp_personas.append(personas)
            for persona_id in personas:
                self.persona_tps[persona_id].append(i)
            for member_id in reached:
                self.member_tps[member_id].append(i)

    # -- flow ---------------------------------------------------------------------------------

    @cached_property
    def reachable_from_entries(self) -> list[bool]:
        """For each touchpoint: can a buyer get there from an entry point?"""
        return _bfs(self.entries, self.succ, len(self.tps))

    def reaches_any(self, targets: Iterable[int]) -> list[bool]:
        """For each touchpoint: does some path lead from it to one of ``targets``?"""
        return _bfs(targets, self.pred, len(self.tps))

    def in_stages(self, stage_indexes: Iterable[int]) -> list[int]:
        wanted = set(stage_indexes)
        return [i for i, k in enumerate(self.tp_stage) if k in wanted]

    @cached_property
    def endings(self) -> list[int]:
        """Touchpoints where the journey is meant to end (intended endings), in file order:
        a touchpoint with an ``outcome``, or one that a transition with an ``outcome`` leads
        to."""
        ends = {i for i, t in enumerate(self.tps) if t.outcome is not None}
        for tr, (_, b) in zip(self.ws.transitions, self.tr_pairs, strict=True):
            if tr.outcome is not None:
                ends.add(b)
        return sorted(ends)

    @cached_property
    def dead_ends(self) -> list[int]:
        """Touchpoints before the decision stage from which no path leads to the decision
        stage or to an intended ending; empty without a decision stage or with an empty one."""
        if self.decision is None:
            return []
        decision_tps = self.in_stages([self.decision])
        if not decision_tps:
            return []
        leads = self.reaches_any([*decision_tps, *self.endings])
        decision = self.decision
        return [i for i, k in enumerate(self.tp_stage) if k < decision and not leads[i]]

    @cached_property
    def tr_handoff(self) -> list[bool]:
        """For each transition: is the hand-off agreed? Marked ``handoff: true``, or covered
        by an agreement in ``handoffs`` for its pair of owner teams or its stage boundary."""
        marked = [tr.handoff for tr in self.ws.transitions]
        agreements = self.ws.handoffs
        if not agreements:
            return marked
        teams = {(h.from_team_id, h.to_team_id) for h in agreements if h.from_team_id}
        boundaries = {
            (self.stage_index[h.from_stage_id], self.stage_index[h.to_stage_id])
            for h in agreements
            if h.from_stage_id is not None and h.to_stage_id is not None
        }
        owner, stage = self.tp_owner, self.tp_stage
        return [
            ok or (owner[a], owner[b]) in teams or (stage[a], stage[b]) in boundaries
            for ok, (a, b) in zip(marked, self.tr_pairs, strict=True)
        ]

    @cached_property
    def stage_breaks(self) -> list[int]:
        """Stages ``k`` with touchpoints in ``k`` and ``k + 1`` but no transition from the
        one into the other: the breaks of the journey."""
        counts, links = self.stage_counts, self.stage_links
        return [
            k
            for k in range(len(self.stages) - 1)
            if counts[k] and counts[k + 1] and (k, k + 1) not in links
        ]

    @cached_property
    def furthest_stage(self) -> list[int]:
        """For each touchpoint, the latest stage a path from it reaches (its own at least).

        Stages are visited from the last to the first, walking the transitions backwards
        from the touchpoints of each: what reaches a touchpoint of stage ``k`` and has no
        stage yet gets ``k``. Everything that reaches an already placed touchpoint was
        placed with it, so each touchpoint is visited once: one pass in all.
        """
        best = [-1] * len(self.tps)
        by_stage: list[list[int]] = [[] for _ in self.stages]
        for i, k in enumerate(self.tp_stage):
            by_stage[k].append(i)
        pred = self.pred
        for k in reversed(range(len(self.stages))):
            queue: deque[int] = deque()
            for i in by_stage[k]:
                if best[i] < 0:
                    best[i] = k
                    queue.append(i)
            while queue:
                node = queue.popleft()
                for prev in pred[node]:
                    if best[prev] < 0:
                        best[prev] = k
                        queue.append(prev)
        return best

    @cached_property
    def stranded(self) -> dict[int, list[int]]:
        """Dead ends stranded by a break: stage ``k`` of the break ``k → k + 1`` → the dead
        ends (:attr:`dead_ends`) from which the furthest a buyer gets is stage ``k``."""
        dead = self.dead_ends
        if not dead:
            return {}
        breaks = set(self.stage_breaks)
        furthest = self.furthest_stage
        out: dict[int, list[int]] = {}
        for i in dead:
            if furthest[i] in breaks:
                out.setdefault(furthest[i], []).append(i)
        return out

    @cached_property
    def stage_counts(self) -> list[int]:
        counts = [0] * len(self.stages)
        for k in self.tp_stage:
            counts[k] += 1
        return counts

    @cached_property
    def stage_links(self) -> set[tuple[int, int]]:
        """(stage k, stage m) pairs joined by at least one transition."""
        stage = self.tp_stage
        return {(stage[a], stage[b]) for a, nexts in enumerate(self.succ) for b in nexts}

    # -- people -------------------------------------------------------------------------------

    @cached_property
    def excluded_personas(self) -> dict[str, str]:
        """Personas not to target, each with the reason(s) of its segments' exclusion.

        A persona is excluded when it belongs to at least one segment and every segment it
        belongs to is excluded; the reason is the segments' ``exclusion_reason`` texts
        joined by ``; `` (empty when none is given).
        """
        return self._excluded(lambda segment: segment.persona_ids)

    @cached_property
    def excluded_committees(self) -> dict[str, str]:
        """Committees not to target (all their segments excluded), with the reasons."""
        return self._excluded(lambda segment: segment.committee_ids)

    def _excluded(self, ids_of: Callable[[Segment], list[str]]) -> dict[str, str]:
        included: set[str] = set()
        reasons: dict[str, list[str]] = {}
        for segment in self.ws.segments:
            for key in ids_of(segment):
                if not segment.excluded:
                    included.add(key)
                    continue
                texts = reasons.setdefault(key, [])
                reason = (segment.exclusion_reason or "").strip()
                if reason and reason not in texts:
                    texts.append(reason)
        return {key: "; ".join(texts) for key, texts in reasons.items() if key not in included}

    @cached_property
    def excluded_members(self) -> dict[str, str]:
        """Members not to target: in an excluded committee, or an instance of an excluded
        persona in a committee that no segment names."""
        committees = self.excluded_committees
        named = {c for segment in self.ws.segments for c in segment.committee_ids}
        personas = self.excluded_personas
        out: dict[str, str] = {}
        for committee_id, member in self.members:
            if committee_id in committees:
                out[member.id] = committees[committee_id]
            elif committee_id not in named and member.persona_id in personas:
                out[member.id] = personas[member.persona_id]
        return out

    @cached_property
    def persona_stages(self) -> dict[str, frozenset[int]]:
        """Stage indexes each persona takes part in (its *participation*).

        A persona's own ``active_stage_ids`` when set; else the union of the stages its
        member instances are active in (a member with no ``active_stage_ids`` is active in
        every stage); else every stage.
        """
        every = frozenset(range(len(self.stages)))
        out: dict[str, frozenset[int]] = {}
        for persona in self.ws.personas:
            if persona.active_stage_ids:
                out[persona.id] = frozenset(self.stage_index[s] for s in persona.active_stage_ids)
                continue
            stages: set[int] = set()
            for member_id in self.persona_members.get(persona.id, ()):
                member = self.member_by_id[member_id]
                if not member.active_stage_ids:
                    stages = set(every)
                    break
                stages.update(self.stage_index[s] for s in member.active_stage_ids)
            out[persona.id] = frozenset(stages) if stages else every
        return out

    @cached_property
    def member_stages(self) -> dict[str, set[int]]:
        """Stage indexes in which some touchpoint reaches each member."""
        stage = self.tp_stage
        return {mid: {stage[i] for i in tps} for mid, tps in self.member_tps.items()}

    def _by_channel(self, indexes: Iterable[int]) -> dict[str | None, set[str]]:
        out: dict[str | None, set[str]] = {}
        channel, motives = self.tp_channel, self.tp_motives
        for i in indexes:
            bucket = out.get(channel[i])
            if bucket is None:
                bucket = out[channel[i]] = set()
            bucket.update(motives[i])
        return out

    @cached_property
    def persona_channels(self) -> dict[str, dict[str | None, set[str]]]:
        """For each persona: channel → motives addressed by the touchpoints reaching them."""
        return {p: self._by_channel(idx) for p, idx in self.persona_tps.items()}

    @cached_property
    def member_channels(self) -> dict[str, dict[str | None, set[str]]]:
        """For each member: channel → motives addressed by the touchpoints reaching them."""
        return {m: self._by_channel(idx) for m, idx in self.member_tps.items()}

    def motives_for(self, kind: str, holder_id: str, avoided: Iterable[str]) -> set[str]:
        """Motives addressed for a persona or member, counting only channels they use.

        Computed from per-holder aggregates, so the motive rules and the score share one
        pass over the touchpoints.
        """
        table = self.persona_channels if kind == "persona" else self.member_channels
        skip = set(avoided)
        out: set[str] = set()
        for channel, motives in table[holder_id].items():
            if channel not in skip:
                out |= motives
        return out

    @cached_property
    def member_direct_ok(self) -> dict[str, bool]:
        """Members reached by a touchpoint in a channel they do not avoid."""
        channels = self.member_channels
        return {
            m.id: any(c not in set(m.avoided_channel_ids) for c in channels[m.id])
            for _, m in self.members
        }

    @cached_property
    def member_introduced(self) -> set[str]:
        """Members an introduction path leads to from a member reached in a channel they use."""
        starts = [mid for mid, ok in self.member_direct_ok.items() if ok]
        seen: set[str] = set()
        queue = deque(starts)
        while queue:
            mid = queue.popleft()
            for other in self.member_by_id[mid].introduces_ids:
                if other not in seen:
                    seen.add(other)
                    queue.append(other)
        return seen

    def member_influence(self, member: Member) -> float:
        """Largest influence of a member over the stages they are active in."""
        values = [member.influence_at(s.id) for s in self.stages if member.is_active_in(s.id)]
        return max(values, default=member.influence)

"""Where the journey diagram's boxes go: the layout plan (:func:`_plan`).

The builder in :mod:`.journey` fixes the arrangement itself and Graphviz only fills it in.
Each stage is one or more columns of boxes stacked in flow order; stages run left to right
and wrap into one to three bands. :func:`_plan` estimates each candidate's size in points
from the boxes, the heads and the transition texts (:func:`_estimate`, with sizes measured
from Graphviz's layout of the builder's DOT) and takes the one that prints largest on a
landscape sheet, penalising more bands, more columns, transitions between bands and uneven
bands. Pure arithmetic: no DOT, no model.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: The shape the layout aims for: a landscape sheet (A2 landscape is the journey's default
#: paper, √2), a little wider because Graphviz tends to draw taller than estimated.
_TARGET_ASPECT = 1.5
#: Layouts estimated narrower or wider than these cost (ratio to the power) more.
_NARROWEST = 1.33
_WIDEST = 2.0
_SHAPE_POWER = 4.0
#: Sizes in points as Graphviz lays out the builder's DOT (measured), to estimate a layout.
_CARD_WIDTH = 184.0
_RANK_GAP = 40.0  # ranksep
_NODE_GAP = 10.8  # nodesep: a link passing a column or a gap takes this much height
_STACK_GAP = 19.0  # between the boxes of a column (and its top anchor)
_HEADER = 92.0  # a stage's head (all have the same height), its margins and anchors
_TITLE = 117.0  # the title block (and 19 more for a note)
_BAND_GAP = 36.0
_PAD = 29.0
_EDGE_CHAR = 4.6  # one character of an 8 pt edge label
_EDGE_LINE = 10.0  # one line of an 8 pt edge label
#: A layout in more bands must print this much larger to be chosen (per extra band), and
#: one with more columns than stages this much per extra column.
_BAND_COST = 1.1
_COLUMN_COST = 1.08
#: And per detour: a link between bands (a long way round; going back up counts twice).
_WRAP_COST = 0.04
#: And for bands of unequal length (times the share the shortest lacks).
_UNEVEN_COST = 0.2
#: A link passing columns inside a band counts as this share of a detour per column passed.
_PASS_SHARE = 0.5


def _card_height(lines: int, badges: bool) -> float:
    """Estimated height of a card with ``lines`` lines of text (name and meta)."""
    return 26.0 + 11.0 * lines + (18.0 if badges else 0.0)


@dataclass(frozen=True)
class _Plan:
    """Where the boxes go: stages in bands (rows of stages), each stage one or more columns
    of boxes stacked top to bottom in flow order, wrapping to the right."""

    bands: tuple[tuple[int, ...], ...]
    """The stages of each band, left to right; bands from top to bottom."""
    columns: tuple[tuple[tuple[int, ...], ...], ...]
    """Per stage, its columns left to right, each its boxes top to bottom."""
    width: float
    height: float
    """Estimated size in points."""


def _splits(stages: int, most: int) -> Iterator[tuple[tuple[int, ...], ...]]:
    """The ways to cut ``stages`` stages into one to ``most`` bands of two stages or more."""
    every = tuple(range(stages))
    yield (every,)
    if most >= 2:
        for a in range(2, stages - 1):
            yield every[:a], every[a:]
    if most >= 3:
        for a in range(2, stages - 3):
            for b in range(a + 2, stages - 1):
                yield every[:a], every[a:b], every[b:]


def _wrap_stack(stack: Sequence[int], count: int) -> tuple[tuple[int, ...], ...]:
    """``stack`` in ``count`` columns (or fewer), filled top to bottom, then left to right,
    as evenly as possible."""
    per = -(-len(stack) // max(1, count))
    return tuple(tuple(stack[i : i + per]) for i in range(0, len(stack), per))


@dataclass(frozen=True)
class _Sizes:
    """What the layout plan needs to know about the boxes and links, in points."""

    heights: Sequence[float]
    """Per box."""
    links: Sequence[tuple[int, int, float, float]]
    """Per link: its two boxes and the width and height of its text (0 without)."""
    title: tuple[float, float]
    """Width and height of the title block."""


def _plan(stacks: Sequence[Sequence[int]], sizes: _Sizes, cap: int, most_bands: int) -> _Plan:
    """The layout that prints largest on a landscape sheet.

    Candidates: every stage in as many columns as it needs for a given number of rows (at
    most ``cap``), the stages in one to ``most_bands`` bands. Each is estimated from the
    sizes of the boxes and the room the links need between them (every link passing a gap
    takes a row of its own there, see :func:`_estimate`); a layout in more bands or more
    columns than stages, with links between bands or passing columns, with uneven bands or
    an estimated shape far from a landscape sheet has to print larger to win.

    Args:
        stacks: Per stage, its boxes in flow order (every stage has at least one).
        sizes: Estimated sizes.
        cap: Most columns per stage.
        most_bands: Most bands.
    """
    # Graphviz draws densely linked diagrams taller than estimated: keep further from portrait.
    narrowest = _NARROWEST * _spread(sizes)
    rows = {len(stack) for stack in stacks}
    rows |= {-(-len(stack) // c) for stack in stacks for c in range(1, cap + 1)}
    best: tuple[float, _Plan] | None = None
    for count in sorted(rows, reverse=True):
        columns = tuple(_wrap_stack(stack, min(cap, -(-len(stack) // count))) for stack in stacks)
        for bands in _splits(len(stacks), most_bands):
            width, height, detours = _estimate(bands, columns, sizes)
            cost = max(width, height * _TARGET_ASPECT)
            # Extra columns in a lower band count three times: Graphviz takes the links
            # coming from the band above round such a stage more often than through the gap.
            extra = sum(
                (len(columns[k]) - 1) * (1 if b == 0 else 3)
                for b, band in enumerate(bands)
                for k in band
            )
            cost *= _BAND_COST ** (len(bands) - 1) * _COLUMN_COST**extra
            cost *= 1 + _WRAP_COST * detours
            # Bands of about equal length look like rows of one design.
            lengths = [sum(len(columns[k]) for k in band) for band in bands]
            cost *= 1 + _UNEVEN_COST * (1 - min(lengths) / max(lengths))
            # Keep clear of portrait shapes (estimates run short in height) and strips.
            aspect = width / height
            cost *= max(1.0, narrowest / aspect, aspect / _WIDEST) ** _SHAPE_POWER
            if best is None or cost < best[0]:
                best = (cost, _Plan(bands, columns, width, height))
    assert best is not None
    return best[1]


def _spread(sizes: _Sizes) -> float:
    """How much further apart than estimated Graphviz draws densely linked boxes (measured:
    about 6 % per link per box beyond the first)."""
    return 1 + 0.06 * max(0.0, len(sizes.links) / max(1, len(sizes.heights)) - 1)


def _estimate(
    bands: Sequence[Sequence[int]],
    columns: Sequence[Sequence[Sequence[int]]],
    sizes: _Sizes,
) -> tuple[float, float, float]:
    """Estimated width and height of a layout, in points, and its detours (links between
    bands and links passing columns, see :data:`_WRAP_COST`).

    Bands share Graphviz's ranks (columns and the gaps between them). A link passes the
    gaps between its two columns, and the columns in between, taking one node gap of height
    in each (plus its text where Graphviz puts it: the middle of its way); links between
    bands take their way through the gap below the upper band.
    """
    heights = sizes.heights
    rank: dict[int, int] = {}
    band_of: dict[int, int] = {}
    ranks = 0
    tall: list[list[float]] = []  # per band, per rank: the column's boxes
    for b, band in enumerate(bands):
        tall.append([])
        for k in band:
            for column in columns[k]:
                for index in column:
                    rank[index] = len(tall[b])
                    band_of[index] = b
                tall[b].append(sum(heights[i] for i in column) + _STACK_GAP * len(column))
        ranks = max(ranks, len(tall[b]))
    # Per band (and band boundary), per half rank: 2r a column, 2r + 1 the gap after it.
    crowd = [[0.0] * (2 * ranks) for _ in bands]
    between = [[0.0] * (2 * ranks) for _ in bands]
    gap_width = [_RANK_GAP] * ranks
    detours = 0.0
    for a, b, text_width, text_height in sizes.links:
        if band_of[a] != band_of[b]:
            detours += 1 if band_of[a] < band_of[b] else 2
        lo, hi = sorted((rank[a], rank[b]))
        if band_of[a] == band_of[b] and hi - lo > 1:
            detours += (hi - lo - 1) * _PASS_SHARE
        if lo == hi:
            if band_of[a] == band_of[b]:  # one above the other, set apart for the text
                tall[band_of[a]][lo] += text_height
            continue
        upper, lower = sorted((band_of[a], band_of[b]))
        way = crowd[upper] if upper == lower else between[upper]
        for half in range(2 * lo + 1, 2 * hi):
            way[half] += _NODE_GAP
        way[lo + hi] += text_height
        if (lo + hi) % 2:
            gap_width[lo + hi >> 1] = max(gap_width[lo + hi >> 1], _RANK_GAP + text_width)
    spread = _spread(sizes)
    height = 0.0
    for b, columns_here in enumerate(tall):
        here = max([*columns_here, *(crowd[b][2 * r] + t for r, t in enumerate(columns_here))])
        height += _HEADER + max(here, max(crowd[b][1::2], default=0.0))
        if b + 1 < len(bands):
            height += _BAND_GAP + max(between[b], default=0.0)
    height = height * spread + sizes.title[1] + 2 * _PAD
    width = ranks * _CARD_WIDTH + sum(gap_width[: ranks - 1])
    return max(width, sizes.title[0]) + 2 * _PAD, height, detours

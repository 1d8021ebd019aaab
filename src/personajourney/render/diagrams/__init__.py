"""The Graphviz diagrams: DOT text, made in the process, the same bytes for the same model.

================  ==========================================================
module            holds
================  ==========================================================
:mod:`.journey`   the journey diagram (:func:`journey_dot`) and its builder
:mod:`.committee` the committee map (:func:`committee_dot`) and its builder
:mod:`._layout`   where the journey's boxes go: the layout plan and its estimates
:mod:`._findings` a check report's findings, indexed by what they are drawn on
:mod:`._dot`      the safe DOT writer, HTML-like label pieces, glyphs and labels
================  ==========================================================

:mod:`personajourney.render.dot` re-exports the diagrams, as it did before the split.
"""

from __future__ import annotations

from .committee import committee_dot
from .journey import journey_dot

__all__ = ["committee_dot", "journey_dot"]

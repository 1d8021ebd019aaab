"""Graphviz DOT text for the journey diagram and the committee map.

Pure text, deterministic, and safe for untrusted models (``docs`` → security): every label
is an HTML-like label with the model's text escaped, node ids are opaque, and attributes
come from an allow-list. The same model gives byte-identical DOT: iteration follows the
order of the model.

This module is a façade: the code lives under :mod:`personajourney.render.diagrams` —
:mod:`~personajourney.render.diagrams.journey` (the journey diagram and its layout, with
:mod:`~personajourney.render.diagrams._layout`), :mod:`~personajourney.render.diagrams.committee`
(the committee map) and :mod:`~personajourney.render.diagrams._dot` (the safe DOT writer and
the escaping rules). Every name importable from here before the split still is.

Example:
    >>> import personajourney as pj
    >>> from personajourney.render.dot import journey_dot
    >>> ws = pj.Workspace(touchpoints=[
    ...     pj.Touchpoint(id="ad", name="Ad", stage_id="problem-awareness", entry=True)])
    >>> journey_dot(ws).splitlines()[0]
    'digraph journey {'
"""

from __future__ import annotations

from .diagrams._dot import _attrs as _attrs
from .diagrams._dot import _esc as _esc
from .diagrams.committee import committee_dot
from .diagrams.journey import journey_dot

__all__ = ["committee_dot", "journey_dot"]

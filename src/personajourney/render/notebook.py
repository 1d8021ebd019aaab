"""Rich display in Jupyter: objects people look at show themselves.

A :class:`~personajourney.Persona` shows as its card, a
:class:`~personajourney.BuyingCommittee` as its committee map, a
:class:`~personajourney.Workspace` as its journey diagram, and a
:class:`~personajourney.Report` as a table of findings (its own ``_repr_html_``). The model
classes call :func:`svg_of` lazily from ``_repr_svg_``, and show their plain repr when it
raises, so nothing here loads until a notebook asks.

A persona or committee taken from a workspace (loaded with :func:`personajourney.load` or
built in code) is drawn with that workspace, exactly as the wall pack draws it: the same
reach, names, findings and language (see
:func:`personajourney.models.workspace.workspace_of`). One built on its own is drawn
around placeholders (:mod:`personajourney.render.standalone`) without check results, and
a committee map says that reach is unknown.

Example:
    >>> import personajourney as pj
    >>> svg = pj.Persona(id="hr-hanna", name="HR-Hanna")._repr_svg_()
    >>> svg.startswith("<svg") and "HR-Hanna" in svg
    True
"""

from __future__ import annotations

from ..models.entities import BuyingCommittee, Persona
from ..models.workspace import Workspace, workspace_of
from . import artefacts
from .api import Options, render
from .artefacts import Request, Selection, Sources
from .engines import Job, shared_pool
from .standalone import committee_workspace, persona_workspace

__all__ = ["committee_svg", "persona_svg", "svg_of", "workspace_svg"]


def _inline(svg: str | bytes) -> str:
    """The ``<svg>`` element alone: no XML declaration, doctype or comments before it.

    Notebooks put the text into the page as it is; a declaration there is stray text.
    """
    text = svg if isinstance(svg, str) else svg.decode("utf-8")
    start = text.find("<svg")
    if start < 0:
        raise ValueError("the renderer made no SVG")
    return text[start:]


def _shown(kind: str, ws: Workspace, selection: Selection) -> str:
    """``kind`` of ``ws`` as the wall pack draws it, as inline SVG."""
    s = selection
    out = render(
        kind,
        ws,
        format="svg",
        target=s.target,
        stage_id=s.stage_id,
        persona_id=s.persona_id,
        member_id=s.member_id,
    )
    return _inline(out)


def _lone(kind: str, ws: Workspace, selection: Selection) -> str:
    """``kind`` drawn around placeholders: no check results (they would be about the
    placeholders, not the model)."""
    row = artefacts.kind(kind)
    request = Request(ws, selection, None, Options(), frozenset({"svg"}), standalone=True)
    sources: Sources = row.make(request)
    if sources.dot is not None:
        title = row.title(ws, selection)
        return _inline(shared_pool().run(Job("graphviz", sources.dot, "svg", name=title)))
    return _inline(sources.svg or "")


def persona_svg(persona: Persona, workspace: Workspace | None = None) -> str:
    """The persona's card as inline SVG, drawn with ``workspace`` or the one it belongs to.

    On its own, the card shows the motives and channels it refers to by their ids, and no
    touchpoints per stage.
    """
    ws = workspace if workspace is not None else workspace_of(persona)
    if ws is None:
        return _lone("card", persona_workspace(persona), Selection(target=persona.id))
    return _shown("card", ws, Selection(target=persona.id))


def committee_svg(committee: BuyingCommittee, workspace: Workspace | None = None) -> str:
    """The committee map as SVG (Graphviz runs in a worker process), drawn with
    ``workspace`` or the one the committee belongs to.

    On its own, the map marks every member "reach unknown" and says why in its title: who
    is reached depends on the workspace's touchpoints.
    """
    ws = workspace if workspace is not None else workspace_of(committee)
    if ws is None:
        return _lone("committee", committee_workspace(committee), Selection(target=committee.id))
    return _shown("committee", ws, Selection(target=committee.id))


def workspace_svg(workspace: Workspace) -> str:
    """The workspace's journey diagram as SVG."""
    return _shown("journey", workspace, Selection())


def svg_of(obj: Persona | BuyingCommittee | Workspace) -> str:
    """What ``obj._repr_svg_()`` shows: a card, a committee map or a journey diagram.

    Raises:
        TypeError: for any other object.
    """
    if isinstance(obj, Persona):
        return persona_svg(obj)
    if isinstance(obj, BuyingCommittee):
        return committee_svg(obj)
    if isinstance(obj, Workspace):
        return workspace_svg(obj)
    raise TypeError(f"no notebook display for {type(obj).__name__}")

"""Apply a privacy profile to a workspace: a pure ``Workspace -> Workspace`` transform."""

from __future__ import annotations

import hashlib
import hmac
import re
from typing import Any

from ..models.vocab import PrivacyProfile, SubjectKind
from ..models.workspace import Workspace

__all__ = ["apply", "pseudonym", "resolve_profile"]

_PSEUDONYM = re.compile(r"^contact-[0-9a-f]{10}$")


def resolve_profile(workspace: Workspace, profile: PrivacyProfile | str | None) -> PrivacyProfile:
    """The profile an output uses: the one asked for, else the workspace's default.

    Raises:
        ValueError: for a name that is not a profile.
    """
    if profile is None:
        return workspace.privacy
    try:
        return PrivacyProfile(profile)
    except ValueError:
        names = ", ".join(p.value for p in PrivacyProfile)
        raise ValueError(f"unknown privacy profile {profile!r}; use one of {names}") from None


def pseudonym(key: bytes, subject: str) -> tuple[str, str]:
    """``(id, name)`` standing for ``subject`` under ``key``: stable for one key, unrelated
    under another.

    Example:
        >>> pseudonym(b"k" * 32, "HS-1")
        ('contact-d973aea3a5', 'Contact D973AE')
    """
    digest = hmac.new(key, b"contact:" + subject.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"contact-{digest[:10]}", f"Contact {digest[:6].upper()}"


def apply(
    workspace: Workspace, profile: PrivacyProfile | str | None = None, key: bytes | None = None
) -> Workspace:
    """``workspace`` as an output for ``profile`` may show it (see the package docstring).

    ``internal``, or a workspace with nothing to hide, gives the workspace itself. Otherwise
    a new workspace is made: it keeps the folder the model was read from (for images) but
    not its file positions, which would name local paths. Applying a profile twice gives
    the same result as once.

    Args:
        workspace: The model.
        profile: ``internal``, ``share`` or ``public``; the workspace's default when ``None``.
        key: The pseudonym key for ``share``; :func:`~personajourney.privacy.privacy_key`
            when ``None``.

    Raises:
        ValueError: for an unknown profile.
        PersonaJourneyError: when ``share`` needs a key that cannot be had.
    """
    chosen = resolve_profile(workspace, profile)
    if chosen is PrivacyProfile.INTERNAL:
        return workspace
    contacts = [m for _, m in workspace.members() if m.kind is SubjectKind.CONTACT]
    renames: dict[str, tuple[str, str]] = {}
    dropped: set[str] = set()
    if chosen is PrivacyProfile.PUBLIC:
        dropped = {m.id for m in contacts}
    else:
        # A contact already under a pseudonym keeps it: applying a profile twice changes
        # nothing (the command line applies it before the checks, the pack again).
        named = [m for m in contacts if m.crm_id is not None or not _PSEUDONYM.match(m.id)]
        if named and key is None:
            from .keys import privacy_key

            key = privacy_key()
        renames = {m.id: pseudonym(key or b"", m.crm_id or m.id) for m in named}
    if not renames and not dropped:
        return workspace
    data = workspace.model_dump(mode="python")
    for committee in data["committees"]:
        committee["members"] = [
            _member(m, renames, dropped) for m in committee["members"] if m["id"] not in dropped
        ]
    for touchpoint in data["touchpoints"]:
        touchpoint["member_ids"] = _ids(touchpoint["member_ids"], renames, dropped)
    return workspace.rebuilt(data)


def _ids(ids: list[str], renames: dict[str, tuple[str, str]], dropped: set[str]) -> list[str]:
    return [renames[i][0] if i in renames else i for i in ids if i not in dropped]


def _member(
    member: dict[str, Any], renames: dict[str, tuple[str, str]], dropped: set[str]
) -> dict[str, Any]:
    out = dict(member)
    out["introduces_ids"] = _ids(member["introduces_ids"], renames, dropped)
    if member["id"] in renames:
        out["id"], out["name"] = renames[member["id"]]
        out["crm_id"] = None
        out["title"] = None  # job titles often name the person's company and post
        if member.get("basis_note"):  # a consent note may quote the person: say only that
            out["basis_note"] = "recorded"  # one is recorded, so D001 reads the same
    return out

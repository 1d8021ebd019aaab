"""Privacy profiles: what an output may show of real people.

A workspace may hold real contacts from a CRM (committee members with ``kind: contact``).
Every output door (the wall pack, single artefacts, check reports, Mermaid and graph
exports, notebook displays) passes the workspace through :func:`apply` with the profile the
output is for:

- ``internal``: everything, as in the model;
- ``share`` (a partner, a vendor): each real contact under a stable keyed pseudonym
  (``Contact 4F2A9C``, id ``contact-4f2a9c81e0``), its CRM id and job title dropped, its
  roles, influence, motives and channels kept; archetypes unchanged;
- ``public``: no real contact at all; archetypes, personas and aggregates only.

Pseudonyms are an HMAC of the contact's CRM id (or id) under a key kept outside the model
(:func:`privacy_key`): the same contact gets the same pseudonym in every output made with
one key, and an unrelated one under another key, so outputs cannot be joined across keys.

This room stands on the models and the standard library only.

Example:
    >>> import personajourney as pj
    >>> from personajourney.privacy import apply
    >>> ws = pj.Workspace(committees=[pj.BuyingCommittee(id="c", name="C", members=[
    ...     pj.Member(id="jari", name="Jari Virtanen", kind="contact", crm_id="HS-1")])])
    >>> shared = apply(ws, "share", key=b"k" * 32)
    >>> [(m.id, m.name, m.crm_id) for _, m in shared.members()]
    [('contact-d973aea3a5', 'Contact D973AE', None)]
    >>> [m.name for _, m in apply(ws, "public").members()]
    []
"""

from .keys import KEY_ENV, privacy_key
from .redact import apply, pseudonym, resolve_profile

__all__ = ["KEY_ENV", "apply", "privacy_key", "pseudonym", "resolve_profile"]

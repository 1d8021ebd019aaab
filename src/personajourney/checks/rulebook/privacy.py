"""D: data protection — real contacts processed on a recorded basis."""

from __future__ import annotations

from collections.abc import Iterator

from ...graph.keys import node_key
from ...models.vocab import SubjectKind
from ..base import Draft, RuleContext, rule


@rule("D001", "contact-without-lawful-basis", "warning")
def contact_without_lawful_basis(ctx: RuleContext) -> Iterator[Draft]:
    """A real contact has no recorded basis for processing their data.

    Why it matters:
        A member of ``kind: contact`` is a real person taken from a CRM: personal data.
        Processing it needs a lawful basis (GDPR article 6(1): consent, a contract,
        legitimate interests…), and you must be able to say which and where it is recorded.
        A contact whose basis nobody wrote down is one you may have to delete, and cannot
        show a partner.

    Example:
        ``{id: jari, name: Jari Virtanen, kind: contact, crm_id: HS-99173}`` with neither
        ``lawful_basis`` nor ``basis_note``, and no ``data_source_id`` (or a data source
        that records neither).

    Fix:
        Record the basis on the data source the contact came from (``data_sources``: its
        ``lawful_basis`` and ``basis_note``) and point the member at it with
        ``data_source_id``; or set ``lawful_basis`` / ``basis_note`` on the member. If
        there is no basis, remove the contact (``personajourney redact``).
    """
    sources = {source.id: source for source in ctx.ws.data_sources}
    for committee_id, member in ctx.members:
        if member.kind is not SubjectKind.CONTACT:
            continue
        if member.lawful_basis is not None or member.basis_note:
            continue
        source = sources.get(member.data_source_id or "")
        if source is not None and (source.lawful_basis is not None or source.basis_note):
            continue
        where = f"; its data source `{source.id}` records none either" if source is not None else ""
        yield Draft(
            f"contact `{member.id}` of committee `{committee_id}` has no recorded basis for "
            f"processing{where}",
            (node_key("member", member.id), node_key("committee", committee_id)),
            "set `lawful_basis` (or a `basis_note`) on its data source or on the member",
        )

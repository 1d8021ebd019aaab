"""Buying committees from CRM exports: HubSpot contacts and Salesforce contact roles.

- **HubSpot**: a contacts export (CSV or XLSX) with the *Buying Role* property
  (``hs_buying_role``) and the associated deals. Each deal becomes a committee, each contact
  associated with it a member of ``kind: contact`` with its record id as ``crm_id``.
- **Salesforce**: an Opportunity Contact Role report or Data Loader export: one row per
  contact role. Each opportunity becomes a committee.

Columns are mapped by their documented names only (:data:`HUBSPOT_COLUMNS`,
:data:`SALESFORCE_COLUMNS`, or ``columns`` given by the user); any other column is reported
and left out, and contact details the model has no use for (e-mail, phone, address) are never
read. A row that cannot be imported (no name, an unknown buying role, no deal) is reported
with its row number and left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from .._text import slug, unique_id
from ..errors import ModelError, Problem
from ..models.entities import BuyingCommittee
from ..models.vocab import from_hubspot, from_salesforce
from ..models.workspace import Workspace
from ._yaml import Limits
from .files import _problems
from .tables import Table, read_tables

__all__ = [
    "HUBSPOT_COLUMNS",
    "SALESFORCE_COLUMNS",
    "CrmImport",
    "Source",
    "read_crm",
]

Source = Literal["hubspot", "salesforce"]

#: What each field of a member or committee is called in a HubSpot contacts export (as
#: HubSpot labels it, and as its internal property name), compared ignoring case and spaces.
HUBSPOT_COLUMNS: dict[str, tuple[str, ...]] = {
    "crm_id": ("Record ID", "Contact ID", "hs_object_id", "Record ID - Contact"),
    "first_name": ("First Name", "firstname"),
    "last_name": ("Last Name", "lastname"),
    "name": ("Name", "Full Name"),
    "title": ("Job Title", "jobtitle"),
    "roles": ("Buying Role", "hs_buying_role", "Buying Roles"),
    "committee.id": ("Associated Deal IDs", "Associated Deal ID", "Deal ID", "Record ID - Deal"),
    "committee.name": ("Associated Deal", "Associated Deals", "Deal Name", "dealname"),
}

#: The same for a Salesforce Opportunity Contact Role report or export.
SALESFORCE_COLUMNS: dict[str, tuple[str, ...]] = {
    "crm_id": ("Contact ID", "ContactId", "Contact: Contact ID"),
    "first_name": ("First Name", "Contact: First Name"),
    "last_name": ("Last Name", "Contact: Last Name"),
    "name": ("Contact Name", "Contact: Full Name", "Full Name", "Name"),
    "title": ("Title", "Contact: Title"),
    "roles": ("Role", "Contact Role"),
    "committee.id": ("Opportunity ID", "OpportunityId", "Opportunity: Opportunity ID"),
    "committee.name": ("Opportunity Name", "Opportunity: Opportunity Name"),
}

#: Contact details left out on purpose: the model never needs them.
_PERSONAL = re.compile(
    r"e-?mail|phone|mobile|fax|address|street|city|zip|postal|birth|linkedin|twitter|ip\b",
    re.IGNORECASE,
)


@dataclass
class CrmImport:
    """Committees read from a CRM export.

    Attributes:
        committees: One committee per deal or opportunity, members of ``kind: contact``.
        workspace: The base workspace with the committees added, validated.
        rows: Rows read.
        skipped: Rows left out, each with its row number and why.
        ignored_columns: Columns the mapping does not name (left out, not guessed).
        personal_columns: Contact details left out on purpose (e-mail, phone…).
        columns: Field → the column it was read from.
    """

    committees: list[BuyingCommittee]
    workspace: Workspace
    rows: int = 0
    skipped: list[Problem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    personal_columns: list[str] = field(default_factory=list)
    columns: dict[str, str] = field(default_factory=dict)


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "", text).casefold()


def _slug(text: str) -> str:
    return slug(text, "contact")


def _cell(cells: tuple[object, ...], position: int | None) -> str:
    if position is None or position >= len(cells) or cells[position] is None:
        return ""
    value = cells[position]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _roles(source: Source, text: str) -> list[str]:
    """The neutral roles a CRM value names; HubSpot's multi-select joins values with ``;``."""
    if source == "hubspot":
        return [from_hubspot(part).value for part in text.split(";") if part.strip()]
    out: list[str] = []
    for part in text.split(";"):
        if part.strip():
            out += [role.value for role in from_salesforce(part)]
    return out


def read_crm(
    path: str | Path,
    source: Source,
    *,
    base: Workspace | None = None,
    columns: Mapping[str, str] | None = None,
    limits: Limits | None = None,
) -> CrmImport:
    """Read a HubSpot or Salesforce export into committees of real contacts.

    Args:
        path: The export, CSV (comma, semicolon or tab) or XLSX (its first sheet).
        source: ``hubspot`` or ``salesforce``.
        base: The workspace the committees join; their ids are kept unique against it.
        columns: Column header → field (``crm_id``, ``first_name``, ``last_name``, ``name``,
            ``title``, ``roles``, ``committee.id``, ``committee.name``), over the defaults.

    Raises:
        ModelError: for a file that cannot be read, a column the import needs that is not
            there, or committees that do not fit the base workspace.
    """
    path = Path(path)
    tables, _ignored = _read_any(path, limits)
    table = tables[0]
    known = HUBSPOT_COLUMNS if source == "hubspot" else SALESFORCE_COLUMNS
    by_key = {_key(name): field_ for field_, names in known.items() for name in names}
    wanted: dict[str, int] = {}
    result = CrmImport(committees=[], workspace=base or Workspace())
    user = {_key(k): v for k, v in (columns or {}).items()}
    for position, header in enumerate(table.header):
        if not header:
            continue
        field_ = user.get(_key(header)) or by_key.get(_key(header))
        if field_ is not None and field_ in known:
            wanted.setdefault(field_, position)
            result.columns.setdefault(field_, header)
        elif _PERSONAL.search(header):
            result.personal_columns.append(header)
        else:
            result.ignored_columns.append(header)
    _require(table, wanted, known, source)

    taken = _taken_ids(base)
    committees: dict[str, dict[str, Any]] = {}
    members: dict[tuple[str, str], dict[str, Any]] = {}
    result.rows = len(table.rows)

    def at(name: str) -> Callable[[tuple[object, ...]], str]:
        return lambda cells: _cell(cells, wanted.get(name))

    for number, cells in table.rows:
        name = at("name")(cells) or " ".join(
            p for p in (at("first_name")(cells), at("last_name")(cells)) if p
        )
        problem = None
        try:
            roles = _roles(source, at("roles")(cells))
        except ValueError as exc:
            roles, problem = [], str(exc)
        deal_ids = [p.strip() for p in at("committee.id")(cells).split(";")]
        deal_names = [p.strip() for p in at("committee.name")(cells).split(";")]
        deals = [
            (i or _slug(n), n or i)
            for i, n in zip(
                deal_ids + [""] * (len(deal_names) - len(deal_ids)),
                deal_names + [""] * (len(deal_ids) - len(deal_names)),
                strict=True,
            )
            if i or n
        ]
        if not name:
            problem = "no name: fill First Name and Last Name, or Name"
        elif not deals:
            problem = (
                "no deal: the contact is associated with no deal"
                if source == "hubspot"
                else "no opportunity on this row"
            )
        if problem is not None:
            result.skipped.append(Problem(problem, file=table.file, line=number))
            continue
        crm_id = at("crm_id")(cells) or None
        for deal_id, deal_name in deals:
            committee = committees.setdefault(
                deal_id,
                {
                    # named after the deal; by its id when the export has no name
                    "id": unique_id(
                        _slug(deal_name if deal_name != deal_id else f"deal-{deal_id}"), taken
                    ),
                    "name": deal_name,
                    "members": [],
                },
            )
            key = (deal_id, crm_id or name)
            if key in members:  # the same contact again on this deal: one more role
                held = members[key]["roles"]
                held += [r for r in roles if r not in held]
                continue
            member: dict[str, Any] = {
                "id": unique_id(_slug(name), taken),
                "name": name,
                "kind": "contact",
                "roles": roles,
            }
            if crm_id:
                member["crm_id"] = crm_id
            if title := at("title")(cells):
                member["title"] = title
            members[key] = member
            committee["members"].append(member)

    data = base.model_dump(mode="json", exclude_none=True) if base is not None else {}
    new = list(committees.values())
    data["committees"] = [*data.get("committees", []), *new]
    try:
        result.workspace = Workspace.model_validate(data)
    except ValidationError as exc:
        raise ModelError(_problems(exc, lambda loc: (str(path), None, None))) from None
    result.committees = [BuyingCommittee.model_validate(c) for c in new]
    return result


def _read_any(path: Path, limits: Limits | None) -> tuple[list[Table], list[str]]:
    """The export's first table, whatever its file is called."""
    if path.suffix.lower() == ".xlsx":
        tables, ignored = read_tables(path, table="members", limits=limits, any_sheet=True)
    else:
        tables, ignored = read_tables(path, table="members", limits=limits)
    if not tables:
        raise ModelError([Problem("the workbook has no sheet", file=str(path))])
    return tables, ignored


def _require(
    table: Table, wanted: Mapping[str, int], known: Mapping[str, Any], source: str
) -> None:
    missing = []
    if "name" not in wanted and not {"first_name", "last_name"} & set(wanted):
        missing.append("name")
    if "committee.id" not in wanted and "committee.name" not in wanted:
        missing.append("committee.id")
    if missing:
        wanted_names = "; ".join(f"{m}: {' / '.join(known[m])}" for m in missing)
        raise ModelError(
            [
                Problem(
                    f"the {source} export has no column for {', '.join(missing)}",
                    file=table.file,
                    line=1,
                    hint=f"expected {wanted_names}; or name the column with "
                    f"--column 'Your header={missing[0]}'",
                )
            ]
        )


def _taken_ids(base: Workspace | None) -> set[str]:
    if base is None:
        return set()
    taken = {c.id for c in base.committees}
    taken |= {m.id for c in base.committees for m in c.members}
    return taken

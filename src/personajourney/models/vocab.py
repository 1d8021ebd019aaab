"""Closed vocabularies of the model and their mapping to CRM vocabularies.

Buying roles use one neutral vocabulary (:class:`Role`) that maps to and from HubSpot's
``hs_buying_role`` contact property and Salesforce's Opportunity Contact Role picklist.
Neither CRM's list is a superset of the other, so the mappings are many-to-one in places; the
docstrings of the four functions say where information is lost.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

__all__ = [
    "HUBSPOT_BUYING_ROLES",
    "SALESFORCE_CONTACT_ROLES",
    "ChannelKind",
    "LawfulBasis",
    "MotiveKind",
    "Outcome",
    "PrivacyProfile",
    "ProvenanceKind",
    "Role",
    "Severity",
    "SubjectKind",
    "from_hubspot",
    "from_salesforce",
    "to_hubspot",
    "to_salesforce",
]


class Role(StrEnum):
    """Neutral buying role of a committee member or persona."""

    DECISION_MAKER = "decision_maker"
    ECONOMIC_BUYER = "economic_buyer"
    EXECUTIVE_SPONSOR = "executive_sponsor"
    CHAMPION = "champion"
    INFLUENCER = "influencer"
    TECHNICAL_BUYER = "technical_buyer"
    EVALUATOR = "evaluator"
    END_USER = "end_user"
    PROCUREMENT = "procurement"
    LEGAL_COMPLIANCE = "legal_compliance"
    BLOCKER = "blocker"
    OTHER = "other"


#: Roles whose holders decide (used by the decision-maker checks).
DECIDING_ROLES: frozenset[Role] = frozenset(
    {Role.DECISION_MAKER, Role.ECONOMIC_BUYER, Role.EXECUTIVE_SPONSOR}
)


class MotiveKind(StrEnum):
    """What kind of motive drives a buyer (the articles' *motiivit*)."""

    ECONOMIC = "economic"
    PERFORMANCE = "performance"
    RISK = "risk"
    GROWTH = "growth"
    SOCIAL = "social"
    EMOTIONAL = "emotional"
    ETHICAL = "ethical"
    CONVENIENCE = "convenience"
    OTHER = "other"


class Outcome(StrEnum):
    """How a journey ends where it is meant to end: an intended ending, not a leak."""

    WON = "won"
    """The deal is won (the purchase is made, the contract signed)."""
    LOST = "lost"
    """The deal is lost (a lost-deal survey, a "thanks, we chose another")."""
    DEFERRED = "deferred"
    """Not now: the buyer parks the purchase (a "not now" branch to a later follow-up)."""
    CHURNED = "churned"
    """The customer leaves (a cancellation, a non-renewal)."""
    EXIT = "exit"
    """Any other intended way out of the journey (unsubscribed, not a fit)."""


class ProvenanceKind(StrEnum):
    """How much a claim rests on evidence."""

    ASSERTED = "asserted"
    RESEARCHED = "researched"
    MEASURED = "measured"


class LawfulBasis(StrEnum):
    """The basis on which personal data of a real contact is processed (GDPR article 6(1)).

    Real contacts (``kind: contact``) are personal data; rule D001 reports those for which
    no basis is recorded, on the member or on the data source it came from.
    """

    CONSENT = "consent"
    CONTRACT = "contract"
    LEGAL_OBLIGATION = "legal_obligation"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class SubjectKind(StrEnum):
    """Whether a committee member is an invented archetype or a real (CRM) contact."""

    ARCHETYPE = "archetype"
    CONTACT = "contact"


class PrivacyProfile(StrEnum):
    """Who an output is for, and so what it may show of real contacts (``kind: contact``).

    ``internal``: everything, as in the model. ``share`` (a partner, a vendor): real contacts
    under stable keyed pseudonyms, without their CRM ids. ``public``: no contact at all,
    only archetypes, personas and aggregates.
    """

    INTERNAL = "internal"
    SHARE = "share"
    PUBLIC = "public"


class Severity(StrEnum):
    """How serious a finding is. Ordered: ``error`` > ``warning`` > ``info``."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for error, 1 for warning, 0 for info (higher is more serious)."""
        return {"error": 2, "warning": 1, "info": 0}[self.value]


class ChannelKind(StrEnum):
    """Whether a channel is online or offline."""

    ONLINE = "online"
    OFFLINE = "offline"


HUBSPOT_BUYING_ROLES: tuple[str, ...] = (
    "BLOCKER",
    "BUDGET_HOLDER",
    "CHAMPION",
    "DECISION_MAKER",
    "END_USER",
    "EXECUTIVE_SPONSOR",
    "INFLUENCER",
    "LEGAL_AND_COMPLIANCE",
    "OTHER",
)

SALESFORCE_CONTACT_ROLES: tuple[str, ...] = (
    "Business User",
    "Decision Maker",
    "Economic Buyer",
    "Economic Decision Maker",
    "Evaluator",
    "Executive Sponsor",
    "Influencer",
    "Technical Buyer",
    "Other",
)

_FROM_HUBSPOT: dict[str, Role] = {
    "BLOCKER": Role.BLOCKER,
    "BUDGET_HOLDER": Role.ECONOMIC_BUYER,
    "CHAMPION": Role.CHAMPION,
    "DECISION_MAKER": Role.DECISION_MAKER,
    "END_USER": Role.END_USER,
    "EXECUTIVE_SPONSOR": Role.EXECUTIVE_SPONSOR,
    "INFLUENCER": Role.INFLUENCER,
    "LEGAL_AND_COMPLIANCE": Role.LEGAL_COMPLIANCE,
    "OTHER": Role.OTHER,
}

_TO_HUBSPOT: dict[Role, str] = {
    **{role: value for value, role in _FROM_HUBSPOT.items()},
    Role.TECHNICAL_BUYER: "INFLUENCER",
    Role.EVALUATOR: "INFLUENCER",
    Role.PROCUREMENT: "BUDGET_HOLDER",
}

_FROM_SALESFORCE: dict[str, tuple[Role, ...]] = {
    "Business User": (Role.END_USER,),
    "Decision Maker": (Role.DECISION_MAKER,),
    "Economic Buyer": (Role.ECONOMIC_BUYER,),
    "Economic Decision Maker": (Role.DECISION_MAKER, Role.ECONOMIC_BUYER),
    "Evaluator": (Role.EVALUATOR,),
    "Executive Sponsor": (Role.EXECUTIVE_SPONSOR,),
    "Influencer": (Role.INFLUENCER,),
    "Technical Buyer": (Role.TECHNICAL_BUYER,),
    "Other": (Role.OTHER,),
}

_TO_SALESFORCE: dict[Role, str] = {
    Role.DECISION_MAKER: "Decision Maker",
    Role.ECONOMIC_BUYER: "Economic Buyer",
    Role.EXECUTIVE_SPONSOR: "Executive Sponsor",
    Role.CHAMPION: "Influencer",
    Role.INFLUENCER: "Influencer",
    Role.TECHNICAL_BUYER: "Technical Buyer",
    Role.EVALUATOR: "Evaluator",
    Role.END_USER: "Business User",
    Role.PROCUREMENT: "Economic Buyer",
    Role.LEGAL_COMPLIANCE: "Other",
    Role.BLOCKER: "Other",
    Role.OTHER: "Other",
}

# Which Salesforce value wins when a member holds several roles: the most decisive first.
_SALESFORCE_PRIORITY: tuple[str, ...] = (
    "Economic Decision Maker",
    "Decision Maker",
    "Economic Buyer",
    "Executive Sponsor",
    "Technical Buyer",
    "Evaluator",
    "Influencer",
    "Business User",
    "Other",
)


def _role(value: Role | str) -> Role:
    try:
        return Role(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise ValueError(f"unknown role {value!r}; expected one of {allowed}") from None


def _roles(roles: Role | str | Iterable[Role | str]) -> list[Role]:
    if isinstance(roles, str):
        return [_role(roles)]
    return [_role(r) for r in roles]


def from_hubspot(value: str) -> Role:
    """Map one HubSpot ``hs_buying_role`` value to the neutral :class:`Role`.

    HubSpot stores the property as a multi-select (values joined by ``;``); split it first.
    Matching ignores case and surrounding spaces, and takes the labels HubSpot shows and
    exports (``Budget Holder``) as well as the internal values (``BUDGET_HOLDER``).

    Example:
        >>> from_hubspot("BUDGET_HOLDER")
        <Role.ECONOMIC_BUYER: 'economic_buyer'>

    Raises:
        ValueError: for a value that is not one of :data:`HUBSPOT_BUYING_ROLES`.
    """
    key = "_".join(value.split()).upper()
    try:
        return _FROM_HUBSPOT[key]
    except KeyError:
        allowed = ", ".join(HUBSPOT_BUYING_ROLES)
        message = f"unknown HubSpot buying role {value!r}; expected one of {allowed}"
        raise ValueError(message) from None


def to_hubspot(roles: Role | str | Iterable[Role | str]) -> list[str]:
    """Map neutral roles to the sorted, de-duplicated HubSpot ``hs_buying_role`` values.

    HubSpot has no technical-buyer, evaluator or procurement value: technical buyers and
    evaluators become ``INFLUENCER``, procurement becomes ``BUDGET_HOLDER``.

    Example:
        >>> to_hubspot(["decision_maker", "economic_buyer"])
        ['BUDGET_HOLDER', 'DECISION_MAKER']
    """
    return sorted({_TO_HUBSPOT[role] for role in _roles(roles)})


def from_salesforce(value: str) -> tuple[Role, ...]:
    """Map a Salesforce Opportunity Contact Role to neutral roles.

    ``Economic Decision Maker`` is two neutral roles (decision maker and economic buyer); every
    other value maps to one. Matching ignores case and surrounding spaces.

    Example:
        >>> from_salesforce("Technical Buyer")
        (<Role.TECHNICAL_BUYER: 'technical_buyer'>,)

    Raises:
        ValueError: for a value that is not one of :data:`SALESFORCE_CONTACT_ROLES`.
    """
    wanted = " ".join(value.split()).casefold()
    for known, roles in _FROM_SALESFORCE.items():
        if known.casefold() == wanted:
            return roles
    allowed = ", ".join(SALESFORCE_CONTACT_ROLES)
    raise ValueError(f"unknown Salesforce contact role {value!r}; expected one of {allowed}")


def to_salesforce(roles: Role | str | Iterable[Role | str]) -> str:
    """Map neutral roles to the one Salesforce Opportunity Contact Role that fits best.

    A contact role holds one value, so the most decisive wins; decision maker together with
    economic buyer becomes ``Economic Decision Maker``. Champions become ``Influencer``,
    procurement ``Economic Buyer``; blockers and legal reviewers ``Other``. No roles at all
    gives ``Other``.

    Example:
        >>> to_salesforce(["economic_buyer", "decision_maker"])
        'Economic Decision Maker'
    """
    held = set(_roles(roles))
    values = {_TO_SALESFORCE[role] for role in held}
    if Role.DECISION_MAKER in held and Role.ECONOMIC_BUYER in held:
        values.add("Economic Decision Maker")
    for value in _SALESFORCE_PRIORITY:
        if value in values:
            return value
    return "Other"

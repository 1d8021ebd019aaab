"""The neutral buying-role vocabulary and its mappings to HubSpot and Salesforce."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import personajourney as pj
from personajourney.models import HUBSPOT_BUYING_ROLES, SALESFORCE_CONTACT_ROLES, Role

# -- HubSpot ---------------------------------------------------------------------------------


@pytest.mark.parametrize("value", HUBSPOT_BUYING_ROLES)
def test_every_hubspot_value_round_trips(value: str) -> None:
    assert [value] == pj.to_hubspot(pj.from_hubspot(value))


#: What each HubSpot value means, as the docstrings document it.
HUBSPOT_MEANING: dict[str, Role] = {
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


def test_every_published_hubspot_value_has_a_documented_meaning() -> None:
    assert sorted(HUBSPOT_BUYING_ROLES) == sorted(HUBSPOT_MEANING)


@pytest.mark.parametrize(("value", "expected"), HUBSPOT_MEANING.items())
def test_from_hubspot_maps_each_value_to_its_neutral_role(value: str, expected: Role) -> None:
    assert expected == pj.from_hubspot(value)


@pytest.mark.parametrize(
    "value",
    ["budget_holder", "  BUDGET_HOLDER ", "Budget_Holder", "Budget Holder", "budget  holder"],
)
def test_from_hubspot_ignores_case_and_spaces(value: str) -> None:
    expected = Role.ECONOMIC_BUYER
    assert expected == pj.from_hubspot(value)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Decision Maker", Role.DECISION_MAKER),
        ("Legal and Compliance", Role.LEGAL_COMPLIANCE),
        ("Executive Sponsor", Role.EXECUTIVE_SPONSOR),
        ("End User", Role.END_USER),
    ],
)
def test_from_hubspot_accepts_the_labels_hubspot_exports(label: str, expected: Role) -> None:
    assert expected == pj.from_hubspot(label)


@pytest.mark.parametrize("value", ["CFO", "", "DECISION_MAKER;BUDGET_HOLDER", "Economic Buyer"])
def test_from_hubspot_refuses_unknown_values_naming_the_allowed_ones(value: str) -> None:
    with pytest.raises(ValueError, match="unknown HubSpot buying role") as info:
        pj.from_hubspot(value)
    message = str(info.value)
    assert repr(value) in message
    assert all(allowed in message for allowed in HUBSPOT_BUYING_ROLES)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.TECHNICAL_BUYER, ["INFLUENCER"]),
        (Role.EVALUATOR, ["INFLUENCER"]),
        (Role.PROCUREMENT, ["BUDGET_HOLDER"]),
    ],
)
def test_to_hubspot_maps_roles_hubspot_lacks_as_documented(role: Role, expected: list[str]) -> None:
    assert expected == pj.to_hubspot(role)


def test_to_hubspot_gives_sorted_unique_values_for_several_roles() -> None:
    roles = ["technical_buyer", "decision_maker", "evaluator", Role.ECONOMIC_BUYER]
    expected = ["BUDGET_HOLDER", "DECISION_MAKER", "INFLUENCER"]
    assert expected == pj.to_hubspot(roles)


def test_to_hubspot_of_no_roles_is_empty() -> None:
    expected: list[str] = []
    assert expected == pj.to_hubspot([])


# -- Salesforce ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", SALESFORCE_CONTACT_ROLES)
def test_every_salesforce_value_round_trips(value: str) -> None:
    assert value == pj.to_salesforce(pj.from_salesforce(value))


#: What each Salesforce value means, as the docstrings document it.
SALESFORCE_MEANING: dict[str, tuple[Role, ...]] = {
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


def test_every_published_salesforce_value_has_a_documented_meaning() -> None:
    assert sorted(SALESFORCE_CONTACT_ROLES) == sorted(SALESFORCE_MEANING)


@pytest.mark.parametrize(("value", "expected"), SALESFORCE_MEANING.items())
def test_from_salesforce_maps_each_value_to_neutral_roles(
    value: str, expected: tuple[Role, ...]
) -> None:
    assert expected == pj.from_salesforce(value)


def test_economic_decision_maker_is_both_deciding_roles() -> None:
    roles = pj.from_salesforce("Economic Decision Maker")
    member = pj.Member(id="cfo", name="CFO", roles=list(roles))

    assert {Role.DECISION_MAKER, Role.ECONOMIC_BUYER} == set(roles)
    assert member.is_decision_maker


@pytest.mark.parametrize(
    "roles",
    [
        [Role.DECISION_MAKER, Role.ECONOMIC_BUYER],
        ["economic_buyer", "decision_maker"],
        [Role.ECONOMIC_BUYER, Role.INFLUENCER, Role.DECISION_MAKER, Role.END_USER],
    ],
)
def test_decision_maker_with_economic_buyer_becomes_economic_decision_maker(
    roles: list[Role | str],
) -> None:
    expected = "Economic Decision Maker"
    assert expected == pj.to_salesforce(roles)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.END_USER, Role.DECISION_MAKER], "Decision Maker"),
        ([Role.INFLUENCER, Role.EXECUTIVE_SPONSOR], "Executive Sponsor"),
        ([Role.EVALUATOR, Role.TECHNICAL_BUYER], "Technical Buyer"),
        ([Role.BLOCKER, Role.END_USER], "Business User"),
        ([Role.ECONOMIC_BUYER, Role.EXECUTIVE_SPONSOR], "Economic Buyer"),
    ],
)
def test_to_salesforce_picks_the_most_decisive_value(roles: list[Role], expected: str) -> None:
    assert expected == pj.to_salesforce(roles)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.CHAMPION, "Influencer"),
        (Role.PROCUREMENT, "Economic Buyer"),
        (Role.BLOCKER, "Other"),
        (Role.LEGAL_COMPLIANCE, "Other"),
    ],
)
def test_to_salesforce_maps_roles_salesforce_lacks_as_documented(role: Role, expected: str) -> None:
    assert expected == pj.to_salesforce(role)


def test_to_salesforce_of_no_roles_is_other() -> None:
    expected = "Other"
    assert expected == pj.to_salesforce([])


@pytest.mark.parametrize(
    "value",
    ["economic decision maker", "  Economic   Decision Maker ", "ECONOMIC DECISION MAKER"],
)
def test_from_salesforce_ignores_case_and_spaces(value: str) -> None:
    expected = (Role.DECISION_MAKER, Role.ECONOMIC_BUYER)
    assert expected == pj.from_salesforce(value)


@pytest.mark.parametrize("value", ["CFO", "", "Champion", "Decision_Maker"])
def test_from_salesforce_refuses_unknown_values_naming_the_allowed_ones(value: str) -> None:
    with pytest.raises(ValueError, match="unknown Salesforce contact role") as info:
        pj.from_salesforce(value)
    message = str(info.value)
    assert repr(value) in message
    assert all(allowed in message for allowed in SALESFORCE_CONTACT_ROLES)


# -- every neutral role ----------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_every_role_maps_to_one_valid_hubspot_value(role: Role) -> None:
    (value,) = pj.to_hubspot(role)
    assert value in HUBSPOT_BUYING_ROLES


@pytest.mark.parametrize("role", list(Role))
def test_every_role_maps_to_a_valid_salesforce_value(role: Role) -> None:
    assert pj.to_salesforce(role) in SALESFORCE_CONTACT_ROLES


@pytest.mark.parametrize("role", list(Role))
def test_a_role_given_as_its_text_maps_like_the_role(role: Role) -> None:
    assert (pj.to_hubspot(role), pj.to_salesforce(role)) == (
        pj.to_hubspot(f" {role.value.upper()} "),
        pj.to_salesforce(role.value),
    )


@pytest.mark.parametrize("convert", [pj.to_hubspot, pj.to_salesforce])
def test_unknown_role_raises_value_error_naming_the_allowed_roles(
    convert: Callable[[list[str]], object],
) -> None:
    with pytest.raises(ValueError, match="unknown role 'cfo'") as info:
        convert(["decision_maker", "cfo"])
    assert all(role.value in str(info.value) for role in Role)


@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.DECISION_MAKER], True),
        ([Role.ECONOMIC_BUYER], True),
        ([Role.EXECUTIVE_SPONSOR], True),
        ([Role.CHAMPION, Role.INFLUENCER, Role.END_USER], False),
        ([], False),
    ],
)
def test_deciding_roles_make_a_member_a_decision_maker(roles: list[Role], expected: bool) -> None:
    assert expected == pj.Member(id="m", name="M", roles=roles).is_decision_maker


def test_severity_rank_orders_error_above_warning_above_info() -> None:
    expected = [pj.Severity.ERROR, pj.Severity.WARNING, pj.Severity.INFO]
    assert expected == sorted(pj.Severity, key=lambda s: s.rank, reverse=True)

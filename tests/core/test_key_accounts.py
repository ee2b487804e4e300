"""Key-account formulas against hand-computed values: shares, HHI, top-20 %, scores, flags."""

from __future__ import annotations

import datetime as dt

import pytest

from ci_assess.core.key_accounts import (
    account_flags,
    account_score,
    concentration,
    key_accounts_section,
    ranked,
)
from ci_assess.core.models.key_accounts import (
    Customer,
    KeyAccount,
    KeyAccountElement,
    KeyAccountFacts,
    KeyAccountRules,
    Tier,
)
from ci_assess.core.models.outcome_report import KeyAccountsResult

ELEMENTS: tuple[str, ...] = ("selection", "planning", "execution", "manager_selection")
ELEMENTS += ("organisation", "measurement", "coaching")
RULES = KeyAccountRules()
ASSESSED = dt.date(2026, 11, 20)


def customers(*revenues: float) -> list[Customer]:
    return [Customer(name=f"c{n:02d}", revenue=r, row=n + 2) for n, r in enumerate(revenues)]


def account(**given: object) -> KeyAccount:
    data: dict[str, object] = {
        "name": "Contoso",
        "revenue": 10.0,
        "tier": 3,
        "elements": dict.fromkeys(ELEMENTS, 2),
        "sponsor": "CFO",
        "reviewed_on": dt.date(2026, 1, 1),
    }
    return KeyAccount.model_validate(data | given)


def test_seven_customers() -> None:
    # N = 7: the top 20 % are ceil(1.4) = 2 customers, 50 + 20 of 100
    c = concentration(customers(50, 20, 10, 8, 6, 4, 2))
    assert (c.customers, c.top20_share) == (7, 0.7)
    assert c.top_shares == {"1": 0.5, "5": 0.94, "10": None}
    assert c.hhi == 3120.0  # 2500 + 400 + 100 + 64 + 36 + 16 + 4
    assert c.curve == (0.5, 0.7, 0.8, 0.88, 0.94, 0.98, 1.0)


def test_ten_customers() -> None:
    # N = 10: ceil(2.0) = 2 customers, 30 + 20 of 100
    c = concentration(customers(3, 30, 10, 20, 10, 5, 10, 5, 4, 3))  # any order
    assert (c.customers, c.top20_share) == (10, 0.5)
    assert c.top_shares == {"1": 0.3, "5": 0.8, "10": 1.0}
    assert c.hhi == 1684.0  # 900 + 400 + 3 x 100 + 2 x 25 + 16 + 2 x 9


def test_equal_customers() -> None:
    c = concentration(customers(*[10] * 10))
    assert (c.top20_share, c.hhi) == (0.2, 1000.0)


def test_shares_round_half_up_to_four_decimals() -> None:
    c = concentration(customers(2, 1))  # 2/3 and 1/3
    assert c.top_shares["1"] == 0.6667 and c.curve == (0.6667, 1.0)


def test_one_customer_has_everything() -> None:
    c = concentration(customers(5))
    assert (c.top20_share, c.hhi, c.top_shares["5"]) == (1.0, 10000.0, None)


def test_ties_are_ranked_by_name() -> None:
    given = [Customer(name=n, revenue=5, row=2) for n in ("beta", "Alpha", "gamma")]
    assert [c.name for c in ranked(given)] == ["Alpha", "beta", "gamma"]


def test_zero_total_is_refused() -> None:
    with pytest.raises(ValueError, match="0"):
        concentration(customers(0, 0))


@pytest.mark.parametrize(
    ("levels", "score"),
    [
        ([4] * 7, 100.0),
        ([0] * 7, 0.0),
        ([3, 2, 2, 3, 2, 1, 1], 50.0),
        ([2, 2, 1, 2, 2, 1, 0], 35.7),
    ],
)
def test_account_score(levels: list[int], score: float) -> None:
    # 100 x mean((level - 0) / 4): [3,2,2,3,2,1,1] = 14 / 28; [2,2,1,2,2,1,0] = 10 / 28 = 35.71
    assert account_score(levels, 0, 4) == score


@pytest.mark.parametrize(
    ("reviewed", "overdue"),
    [
        (dt.date(2024, 11, 20), False),  # exactly 730 days before 2026-11-20
        (dt.date(2024, 11, 19), True),  # 731 days
        (None, True),  # never recorded
    ],
)
def test_review_overdue_is_measured_from_assessed_on(
    reviewed: dt.date | None, overdue: bool
) -> None:
    flags, _ = account_flags(account(reviewed_on=reviewed), 0.05, ASSESSED, RULES)
    assert ("review_overdue" in flags) is overdue


def test_review_overdue_is_not_computed_without_assessed_on() -> None:
    flags, _ = account_flags(account(reviewed_on=None), 0.05, None, RULES)
    assert flags == []


def test_no_sponsor() -> None:
    assert account_flags(account(sponsor=None), 0.05, ASSESSED, RULES)[0] == ["no_sponsor"]


@pytest.mark.parametrize(
    ("tier", "share", "flagged"),
    [(4, 0.1, True), (4, 0.0999, False), (3, 0.5, False), (4, None, False), (4, 0.2301, True)],
)
def test_price_tier_high_share(tier: int, share: float | None, flagged: bool) -> None:
    flags, _ = account_flags(account(tier=tier), share, ASSESSED, RULES)
    assert ("price_tier_high_share" in flags) is flagged


def test_weak_element_names_ties() -> None:
    levels = dict(zip(ELEMENTS, [2, 1, 1, 2, 1, 1, 3], strict=True))
    flags, weak = account_flags(account(elements=levels), 0.05, ASSESSED, RULES)
    assert flags == ["weak_element"]
    assert weak == ["planning", "execution", "organisation", "measurement"]


def test_no_weak_element_at_level_two() -> None:
    assert account_flags(account(), 0.05, ASSESSED, RULES) == ([], [])


def test_flags_in_contract_order() -> None:
    levels = dict.fromkeys(ELEMENTS, 0)
    flags, _ = account_flags(
        account(sponsor=None, reviewed_on=None, tier=4, elements=levels), 0.3, ASSESSED, RULES
    )
    assert flags == ["no_sponsor", "review_overdue", "price_tier_high_share", "weak_element"]


def _section(facts: KeyAccountFacts, company: dict[str, int] | None = None) -> KeyAccountsResult:
    elements = [
        KeyAccountElement(
            id=e, title=e, question=f"key_accounts.{e}", levels=dict.fromkeys(range(5), "x")
        )
        for e in ELEMENTS
    ]
    tiers = [Tier(tier=t, name=f"T{t}") for t in (1, 2, 3, 4)]
    return key_accounts_section(facts, elements, tiers, RULES, (0, 4), ASSESSED, company or {})


def test_shares_from_the_customers_file() -> None:
    facts = KeyAccountFacts(
        accounts=(account(name="A", revenue=60.0, tier=4), account(name="B", revenue=20.0)),
        customers=tuple(customers(60, 20, 15, 5)),
    )
    s = _section(facts)
    assert [a.share for a in s.accounts] == [0.6, 0.2]
    assert s.combined_share == 0.8
    assert s.tiers == {"1": 0, "2": 0, "3": 1, "4": 1}
    assert s.concentration is not None
    assert s.accounts[0].flags == ("price_tier_high_share",)


def test_shares_from_total_revenue_without_concentration() -> None:
    facts = KeyAccountFacts(accounts=(account(revenue=25.0),), total_revenue=200.0)
    s = _section(facts)
    assert (s.accounts[0].share, s.combined_share, s.concentration) == (0.125, 0.125, None)


def test_no_total_no_share() -> None:
    s = _section(KeyAccountFacts(accounts=(account(),)))
    assert (s.accounts[0].share, s.combined_share, s.concentration) == (None, None, None)


def test_company_level_answer_against_the_accounts_mean() -> None:
    low = dict.fromkeys(ELEMENTS, 2) | {"coaching": 0}
    facts = KeyAccountFacts(accounts=(account(elements=low), account(name="B")))
    # coaching: mean (0 + 2) / 2 = 1.0 against 2: a level apart; selection 2.0 against 2.
    s = _section(facts, {"key_accounts.coaching": 2, "key_accounts.selection": 2})
    by_id = {e.id: e for e in s.elements}
    assert (by_id["coaching"].mean, by_id["coaching"].differs) == (1.0, True)
    assert by_id["selection"].differs is False
    assert (by_id["planning"].company_level, by_id["planning"].differs) == (None, False)

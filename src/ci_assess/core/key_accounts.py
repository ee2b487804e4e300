"""Key accounts: shares, revenue concentration, per-account scores and flags. Pure.

Per-account element levels are a diagnostic: nothing here feeds a maturity score, the
placement or the priorities (method v2 scores the company's key-account practice once,
as questions). Shares are revenue over the total (the customers file's, else the
file's ``total_revenue``), rounded half up to four decimals; the flags read the shares
as shown. Sums are exact fractions, so neither the order of customers nor binary
floating point can move a share across a rounding boundary.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from fractions import Fraction

from ci_assess.core.models.key_accounts import (
    PRICE_TIER,
    TIERS,
    Customer,
    KeyAccount,
    KeyAccountElement,
    KeyAccountFacts,
    KeyAccountRules,
    Tier,
)
from ci_assess.core.models.outcome_report import (
    AccountFlag,
    AccountResult,
    Concentration,
    ElementComparison,
    KeyAccountsResult,
)
from ci_assess.core.outcomes import exact
from ci_assess.core.rounding import round_half_up

TOP_COUNTS = (1, 5, 10)
WEAK_LEVEL = 1
"""weak_element: the lowest element at this level or below."""


def ranked(customers: Sequence[Customer]) -> list[Customer]:
    """Customers by revenue, largest first; ties by name (case-folded, then as written)."""
    return sorted(customers, key=lambda c: (-exact(c.revenue), c.name.casefold(), c.name))


def share(part: Fraction, total: Fraction) -> float:
    """``part / total`` to four decimals, half up."""
    return round_half_up(part / total, 4)


def concentration(customers: Sequence[Customer]) -> Concentration:
    """Top-20 % share, the top 1/5/10 shares, the HHI and the curve of ``customers``.

    The top 20 % are the ceil(0.2 N) largest customers. ValueError on a zero total
    (loading reports it as an input error first).
    """
    order = [exact(c.revenue) for c in ranked(customers)]
    total = sum(order, Fraction(0))
    if total == 0:
        raise ValueError("the customers' total revenue is 0")
    n = len(order)
    top20 = math.ceil(Fraction(n, 5))
    running, curve = Fraction(0), []
    for revenue in order:
        running += revenue
        curve.append(share(running, total))
    hhi = sum(((100 * r / total) ** 2 for r in order), Fraction(0))
    return Concentration(
        customers=n,
        top20_share=share(sum(order[:top20], Fraction(0)), total),
        top_shares={
            str(k): share(sum(order[:k], Fraction(0)), total) if n >= k else None
            for k in TOP_COUNTS
        },
        hhi=round_half_up(hhi, 1),
        curve=tuple(curve),
    )


def account_score(levels: Sequence[int], low: int, high: int) -> float:
    """100 x the mean of (level - low) / (high - low), one decimal."""
    return round_half_up(
        Fraction(100 * sum(lv - low for lv in levels), len(levels) * (high - low)), 1
    )


def account_flags(
    account: KeyAccount,
    shown_share: float | None,
    assessed_on: dt.date | None,
    rules: KeyAccountRules,
) -> tuple[list[AccountFlag], list[str]]:
    """The account's flags in contract order, and the weak elements (ties all named)."""
    flags: list[AccountFlag] = []
    if account.sponsor is None:
        flags.append("no_sponsor")
    if assessed_on is not None and (
        account.reviewed_on is None or (assessed_on - account.reviewed_on).days > rules.review_days
    ):
        flags.append("review_overdue")
    if account.tier == PRICE_TIER and shown_share is not None and shown_share >= rules.high_share:
        flags.append("price_tier_high_share")
    lowest = min(account.elements.values())
    weak = (
        [eid for eid, lv in account.elements.items() if lv == lowest]
        if lowest <= WEAK_LEVEL
        else []
    )
    if weak:
        flags.append("weak_element")
    return flags, weak


def key_accounts_section(
    facts: KeyAccountFacts,
    elements: Sequence[KeyAccountElement],
    tiers: Sequence[Tier],
    rules: KeyAccountRules,
    scale: tuple[int, int],
    assessed_on: dt.date | None,
    company_levels: Mapping[str, int],
) -> KeyAccountsResult:
    """The whole section; ``company_levels`` holds the answered levels by question id."""
    total: Fraction | None = None
    if facts.customers is not None:
        total = sum((exact(c.revenue) for c in facts.customers), Fraction(0))
    elif facts.total_revenue is not None:
        total = exact(facts.total_revenue)
    if total == 0:
        total = None
    names = {t.tier: t.name for t in tiers}
    order = [e.id for e in elements]
    accounts = []
    for account in facts.accounts:
        shown = None if total is None else share(exact(account.revenue), total)
        flags, weak = account_flags(account, shown, assessed_on, rules)
        levels = {eid: account.elements[eid] for eid in order if eid in account.elements}
        accounts.append(
            AccountResult(
                name=account.name,
                revenue=account.revenue,
                share=shown,
                tier=account.tier,
                tier_name=names.get(account.tier, str(account.tier)),
                elements=levels,
                score=account_score(list(levels.values()), *scale),
                sponsor=account.sponsor,
                reviewed_on=account.reviewed_on,
                flags=tuple(flags),
                weak_elements=tuple(e for e in order if e in weak),
            )
        )
    combined = None
    if total is not None:
        combined = share(sum((exact(a.revenue) for a in facts.accounts), Fraction(0)), total)
    return KeyAccountsResult(
        accounts=tuple(accounts),
        tiers={str(t): sum(a.tier == t for a in facts.accounts) for t in TIERS},
        tier_names={str(t): names.get(t, str(t)) for t in TIERS},
        concentration=concentration(facts.customers) if facts.customers and total else None,
        combined_share=combined,
        review_checked=assessed_on is not None,
        elements=_comparisons(facts.accounts, elements, company_levels),
        high_share=rules.high_share,
        review_days=rules.review_days,
    )


def _comparisons(
    accounts: Sequence[KeyAccount],
    elements: Sequence[KeyAccountElement],
    company_levels: Mapping[str, int],
) -> tuple[ElementComparison, ...]:
    """Each element's mean over the accounts beside the company-level answer."""
    if not accounts:
        return ()
    found = []
    for element in elements:
        mean = Fraction(sum(a.elements.get(element.id, 0) for a in accounts), len(accounts))
        company = company_levels.get(element.question) if element.question else None
        found.append(
            ElementComparison(
                id=element.id,
                title=element.title,
                question=element.question,
                mean=round_half_up(mean, 2),
                company_level=company,
                differs=company is not None and abs(mean - company) >= 1,
            )
        )
    return tuple(found)

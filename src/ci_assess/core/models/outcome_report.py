"""The report's outcome and key-account sections: frozen, every key always written.

Part of the JSON report's contract (``Report.outcomes``, ``Report.key_accounts``);
kept in their own module so that the report model only gains two fields.
"""

import datetime as dt
from typing import Literal

from pydantic import ConfigDict

from ci_assess.core.models.base import FrozenModel

Direction = Literal["improved", "worse", "unchanged", "unknown"]
AccountFlag = Literal["no_sponsor", "review_overdue", "price_tier_high_share", "weak_element"]


class _Section(FrozenModel):
    # The published schema is the serialised form: a default does not make a key optional.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)


class OutcomeSide(_Section):
    """One side of an indicator (baseline or today) as the report shows it."""

    value: float
    """The value, rounded as shown (currency two decimals, ratio four, every other unit one): as
    given, or computed from NPS counts or CLV inputs."""
    on: dt.date | None
    """When it was measured; null when not given."""
    n: int | None
    """NPS from counts: the number of respondents; null for a value given as is."""
    margin_of_error: float | None
    """NPS from counts: the 95 % margin of error in points, one decimal, 1.96 x 100 x sqrt((p + d -
    (p - d)^2) / n); null otherwise."""


class OutcomeResult(_Section):
    """One outcome indicator: baseline, today, target and which way it moved."""

    id: str
    """The KPI's id (catalogue, or custom.<name>)."""
    title: str
    """The KPI's title."""
    unit: str
    """percent, nps, currency, count, days or ratio."""
    better: Literal["higher", "lower"]
    """Which direction is an improvement."""
    baseline: OutcomeSide | None
    """The starting point; null when not given."""
    today: OutcomeSide | None
    """The value now; null when not given."""
    target: float | None
    """The target; null when not given."""
    delta: float | None
    """today - baseline, on the values as shown; null when a side is missing."""
    direction: Direction
    """improved or worse by `better`, unchanged when the delta is 0, unknown when a side is
    missing."""
    on_track: bool | None
    """Whether today is at or beyond the target in the better direction; null without a target or
    without today."""
    within_margin_of_error: bool | None
    """Both sides NPS from counts: whether |delta| is under 1.96 x sqrt(SE1^2 + SE2^2), so the
    change may be noise; null otherwise."""
    groups: tuple[str, ...]
    """The groups the method links this outcome to (empty for a custom KPI)."""


class AccountResult(_Section):
    """One key account: its revenue, tier, element levels and flags."""

    name: str
    """The customer's name."""
    revenue: float
    """Revenue this year, in the report's currency."""
    share: float | None
    """revenue / total revenue (the customers file's total, else total_revenue), 0-1, four decimals;
    null without either."""
    tier: int
    """Value journey tier: 4 price ... 1 mutual benefit."""
    tier_name: str
    """The tier's name in the questionnaire."""
    elements: dict[str, int | float]
    """Each key-account element's level for this account (a diagnostic: it enters no score). In a
    combined report: the mean of the levels of the respondents who list the account, two decimals
    (half up); the score uses the exact means."""
    score: float
    """100 x the mean of (level - min) / (max - min) over the seven elements, one decimal."""
    sponsor: str | None
    """The board-level sponsor; null when none."""
    reviewed_on: dt.date | None
    """The last review of its key-account status; null when not given."""
    flags: tuple[AccountFlag, ...]
    """no_sponsor, review_overdue, price_tier_high_share, weak_element, in that order."""
    weak_elements: tuple[str, ...]
    """weak_element: the element ids at the lowest level (ties all named); empty otherwise."""


class Concentration(_Section):
    """How concentrated revenue is over every customer (from the customers file)."""

    customers: int
    """How many customers the file lists."""
    top20_share: float
    """Revenue share of the ceil(0.2 N) largest customers (ties by name), 0-1, four decimals."""
    top_shares: dict[str, float | None]
    """Shares of the largest 1, 5 and 10 customers: {"1": s, "5": s, "10": s}, each null when there
    are fewer customers."""
    hhi: float
    """Herfindahl-Hirschman index: the sum of (100 x share)^2, 0-10000, one decimal."""
    curve: tuple[float, ...]
    """Cumulative revenue share after each customer, largest first, four decimals (the concentration
    curve)."""


class ElementComparison(_Section):
    """One element: the mean over the accounts against the company-level answer."""

    id: str
    """The element's id."""
    title: str
    """The element's title."""
    question: str | None
    """The company-level question it mirrors."""
    mean: float
    """Mean level over the key accounts, two decimals."""
    company_level: int | float | None
    """The company-level question's answer; null when unanswered or N/A. In a combined report: the
    respondents' mean level, two decimals (half up)."""
    differs: bool
    """Whether the mean and the company-level answer differ by a level or more."""


class KeyAccountsResult(_Section):
    """The key-account section: accounts, the value journey and revenue concentration."""

    accounts: tuple[AccountResult, ...]
    """The key accounts, in file order."""
    tiers: dict[str, int]
    """How many accounts sit on each tier: {"1": n, "2": n, "3": n, "4": n}."""
    tier_names: dict[str, str]
    """Each tier's name in the questionnaire: {"1": name, ..., "4": name}."""
    concentration: Concentration | None
    """Concentration over every customer; null without a customers file."""
    combined_share: float | None
    """The key accounts' combined share of total revenue, four decimals; null without a total."""
    review_checked: bool
    """Whether review_overdue was computed (it needs the file's assessed_on)."""
    elements: tuple[ElementComparison, ...]
    """Each element's mean over the accounts against the company-level answer."""
    high_share: float
    """The share (0-1) at or above which a tier-4 account is flagged price_tier_high_share (the
    questionnaire's key_account_rules)."""
    review_days: int
    """The days after which an account's last review is overdue (review_overdue; the questionnaire's
    key_account_rules)."""

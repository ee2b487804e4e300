"""Key accounts: the questionnaire's elements, tiers and rules, and the answers file's accounts.

The questionnaire carries, as data, the seven elements of a key-account strategy
(each with a description per scale level and the company-level question it mirrors),
the four tiers of the value journey and the thresholds of the per-account flags. An
answers file lists its key accounts (``key_accounts:``, or a CSV file named there) and
may name a ``customers`` CSV with every customer's revenue for the concentration view.

Per-account element levels are a diagnostic: they never enter a score. Every model
is frozen, so accounts read from several respondents' files compare with ``==``.
"""

import datetime as dt
from typing import Annotated, ClassVar

from pydantic import Field, StrictFloat, StrictInt

from ci_assess.core.models.base import StrictModel
from ci_assess.core.models.text import ID, Text

ElementId = Annotated[str, ID, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
TIERS = (1, 2, 3, 4)
PRICE_TIER = 4


class KeyAccountElement(StrictModel):
    """One element of a key-account strategy, scored per account on the questionnaire's scale."""

    id: ElementId
    title: Text = Field(min_length=1, description="The element as the report names it.")
    question: Annotated[str, ID] | None = Field(
        None,
        description="The question that scores the company's practice of this element once; "
        "the report compares it with the mean over the accounts.",
    )
    levels: dict[int, Text] = Field(
        description="What each scale level looks like for one account, keyed by level."
    )


class Tier(StrictModel):
    """A tier of the value journey: 4 price ... 1 mutual benefit."""

    overlay_key: ClassVar[str] = "tier"  # what keys it in a language overlay
    tier: StrictInt = Field(ge=1, le=4, description="1 (partnership) to 4 (price).")
    name: Text = Field(min_length=1, description="Short name, e.g. 'Price'.")
    description: Text = Field("", description="What the relationship looks like at this tier.")


class KeyAccountRules(StrictModel):
    """Thresholds of the per-account flags."""

    high_share: StrictFloat = Field(
        0.10,
        ge=0,
        le=1,
        description="price_tier_high_share: a tier-4 account with at least this share of "
        "total revenue (0-1).",
    )
    review_days: StrictInt = Field(
        730,
        ge=1,
        description="review_overdue: the longest time, in days, since an account's last "
        "review of its key-account status.",
    )


class KeyAccount(StrictModel):
    """One key account as the answers file (or its accounts CSV) gives it."""

    name: str = Field(min_length=1, description="The customer's name.")
    revenue: StrictFloat = Field(ge=0, description="Revenue this year, in the file's currency.")
    tier: StrictInt = Field(
        ge=1,
        le=4,
        description="Value journey: 4 price, 3 differentiator, 2 value add, 1 mutual "
        "benefit / joint venture.",
    )
    elements: dict[ElementId, StrictInt] = Field(
        description="Each of the seven key-account elements -> its level for this account."
    )
    sponsor: str | None = Field(None, min_length=1, description="The board-level sponsor.")
    reviewed_on: dt.date | None = Field(
        None, description="The last review of its key-account status (YYYY-MM-DD)."
    )


class Customer(StrictModel):
    """One row of the customers CSV: a customer and its revenue."""

    name: str = Field(min_length=1)
    revenue: StrictFloat = Field(ge=0)
    row: int = Field(description="Its row in the CSV (the header is row 1).")


class KeyAccountFacts(StrictModel):
    """Everything the key-account section is computed from, files read and cross-checked."""

    accounts: tuple[KeyAccount, ...] = Field(description="The key accounts, in file order.")
    customers: tuple[Customer, ...] | None = Field(
        None, description="Every customer with its revenue (from the customers CSV), or None."
    )
    total_revenue: StrictFloat | None = Field(
        None, description="The company's total revenue when no customers file gives it."
    )

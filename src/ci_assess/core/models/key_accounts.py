"""Key accounts: the answers file's accounts and customers, and the facts made of them.

The questionnaire's side (the seven elements of a key-account strategy, the four
tiers of the value journey and the thresholds of the per-account flags) is in
``catalogue.py``, which a report whose answers have no key accounts needs alone; its
names are re-exported here. An answers file lists its key accounts (``key_accounts:``,
or a CSV file named there) and may name a ``customers`` CSV with every customer's
revenue for the concentration view.

Per-account element levels are a diagnostic: they never enter a score. Every model
is frozen, so accounts read from several respondents' files compare with ``==``.
"""

import datetime as dt

from pydantic import Field, StrictFloat, StrictInt

from ci_assess.core.models.base import StrictModel
from ci_assess.core.models.catalogue import (
    PRICE_TIER,
    TIERS,
    ElementId,
    KeyAccountElement,
    KeyAccountRules,
    Tier,
)

__all__ = [
    "PRICE_TIER",
    "TIERS",
    "Customer",
    "ElementId",
    "KeyAccount",
    "KeyAccountElement",
    "KeyAccountFacts",
    "KeyAccountRules",
    "Tier",
]


class KeyAccount(StrictModel):
    """One key account as the answers file (or its accounts CSV) gives it."""

    name: str = Field(min_length=1)
    """The customer's name."""
    revenue: StrictFloat = Field(ge=0)
    """Revenue this year, in the file's currency."""
    tier: StrictInt = Field(ge=1, le=4)
    """Value journey: 4 price, 3 differentiator, 2 value add, 1 mutual benefit / joint venture."""
    elements: dict[ElementId, StrictInt]
    """Each of the seven key-account elements -> its level for this account."""
    sponsor: str | None = Field(None, min_length=1)
    """The board-level sponsor."""
    reviewed_on: dt.date | None = None
    """The last review of its key-account status (YYYY-MM-DD)."""


class Customer(StrictModel):
    """One row of the customers CSV: a customer and its revenue."""

    name: str = Field(min_length=1)
    revenue: StrictFloat = Field(ge=0)
    row: int
    """Its row in the CSV (the header is row 1)."""


class KeyAccountFacts(StrictModel):
    """Everything the key-account section is computed from, files read and cross-checked."""

    accounts: tuple[KeyAccount, ...]
    """The key accounts, in file order."""
    customers: tuple[Customer, ...] | None = None
    """Every customer with its revenue (from the customers CSV), or None."""
    total_revenue: StrictFloat | None = None
    """The company's total revenue when no customers file gives it."""

"""The questionnaire's outcome and key-account catalogues: KPIs, elements, tiers, rules.

What the questionnaire model is made of, kept apart from what an answers file records
against it (``outcomes.py``: readings and outcomes; ``key_accounts.py``: accounts,
customers and the facts computed from them). A pydantic model class costs some 2.4 M
instructions to create, and a report whose answers have neither outcomes nor key
accounts needs only these classes: the answers file types its fields of the others
``deferred`` (core/models/deferred.py), so their modules are imported only for a file
that has such data. The old modules re-export these names.

The KPI catalogue (``Questionnaire.outcomes``) is data: each KPI's id, title, unit,
which direction is better, how it may be computed from inputs and the process groups
the method links it to. The key-account catalogue carries the seven elements of a
key-account strategy (each with a description per scale level and the company-level
question it mirrors), the four tiers of the value journey and the thresholds of the
per-account flags. Every model is frozen.
"""

from typing import Annotated, ClassVar, Literal

from pydantic import Field, StrictFloat, StrictInt

from ci_assess.core.models.base import StrictModel, empty_list
from ci_assess.core.models.text import ID, Text

Unit = Literal["percent", "nps", "currency", "count", "days", "ratio"]
Better = Literal["higher", "lower"]
Computation = Literal["nps_counts", "clv"]
CUSTOM_PREFIX = "custom."
KpiId = Annotated[
    str,
    Field(
        pattern=r"^(custom\.)?[a-z][a-z0-9_]*$",
        description="A catalogue KPI id, or 'custom.<name>' for a client's own KPI.",
    ),
]
ElementId = Annotated[str, ID, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
TIERS = (1, 2, 3, 4)
PRICE_TIER = 4


class Kpi(StrictModel):
    """One outcome indicator of the questionnaire's catalogue."""

    id: Annotated[str, ID, Field(pattern=r"^[a-z][a-z0-9_]*$", description="snake_case id")]
    title: Text = Field(min_length=1)
    """The indicator as the report names it."""
    description: Text = ""
    """What it measures and how to read it."""
    unit: Unit
    """percent (0-100), nps (-100 to 100), currency, count (>= 0), days (>= 0) or ratio (any
    sign)."""
    better: Better
    """Which direction is an improvement: higher or lower."""
    computed_from: Computation | None = None
    """nps_counts: a reading may give promoters, passives and detractors; clv: a reading may give
    margin, retention and discount. Otherwise only a value."""
    groups: list[Annotated[str, ID, Field(pattern=r"^[a-z][a-z0-9_]*$")]] = Field(
        default_factory=empty_list
    )
    """The groups whose practices the method links this outcome to."""


class KeyAccountElement(StrictModel):
    """One element of a key-account strategy, scored per account on the questionnaire's scale."""

    id: ElementId
    title: Text = Field(min_length=1)
    """The element as the report names it."""
    question: Annotated[str, ID] | None = None
    """The question that scores the company's practice of this element once; the report compares it
    with the mean over the accounts."""
    levels: dict[int, Text]
    """What each scale level looks like for one account, keyed by level."""


class Tier(StrictModel):
    """A tier of the value journey: 4 price ... 1 mutual benefit."""

    overlay_key: ClassVar[str] = "tier"  # what keys it in a language overlay
    tier: StrictInt = Field(ge=1, le=4)
    """1 (partnership) to 4 (price)."""
    name: Text = Field(min_length=1)
    """Short name, e.g. 'Price'."""
    description: Text = ""
    """What the relationship looks like at this tier."""


class KeyAccountRules(StrictModel):
    """Thresholds of the per-account flags."""

    high_share: StrictFloat = Field(0.10, ge=0, le=1)
    """price_tier_high_share: a tier-4 account with at least this share of total revenue (0-1)."""
    review_days: StrictInt = Field(730, ge=1)
    """review_overdue: the longest time, in days, since an account's last review of its key-account
    status."""

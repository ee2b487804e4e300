"""Facts across respondents' files: outcomes and account facts must agree; levels combine."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from ci_assess.core.fact_agreement import Disagreement, disagreements, mean_elements
from ci_assess.core.models.key_accounts import KeyAccount
from ci_assess.core.models.outcomes import Outcome

LEVELS = {"selection": 2, "planning": 3}


def account(**given: object) -> KeyAccount:
    data: dict[str, object] = {"name": "Contoso", "revenue": 10, "tier": 3, "elements": LEVELS}
    return KeyAccount.model_validate(data | given)


def test_equal_facts_agree_even_written_differently() -> None:
    a = {"nps": Outcome.model_validate({"today": {"value": 31, "on": "2026-06-30"}})}
    b = {"nps": Outcome.model_validate({"today": {"value": 31.0, "on": dt.date(2026, 6, 30)}})}
    # Element levels may differ: they are opinions, combined like answers.
    other_levels = account(revenue=10.0, elements={"selection": 4, "planning": 1})
    assert disagreements({"ceo": a, "cfo": b}, {"ceo": [account()], "cfo": [other_levels]}) == []


def test_every_differing_fact_is_named_with_each_file() -> None:
    a = {"nps": Outcome.model_validate({"today": {"value": 31}})}
    found = disagreements(
        {"ceo.yaml": a, "cfo.yaml": {}},
        {"ceo.yaml": [account(sponsor="CFO")], "cfo.yaml": [account(tier=4)]},
    )
    assert found == [
        Disagreement("outcomes.nps", (("ceo.yaml", str(a["nps"])), ("cfo.yaml", "absent"))),
        Disagreement("key_accounts.Contoso.tier", (("ceo.yaml", "3"), ("cfo.yaml", "4"))),
        Disagreement("key_accounts.Contoso.sponsor", (("ceo.yaml", "CFO"), ("cfo.yaml", "absent"))),
    ]


def test_an_account_one_file_lacks_disagrees_on_every_fact() -> None:
    found = disagreements({}, {"a": [account()], "b": []})
    assert [d.subject for d in found] == [
        "key_accounts.Contoso.revenue",
        "key_accounts.Contoso.tier",
    ]


def test_element_levels_are_averaged_exactly() -> None:
    mean = mean_elements([account(), account(elements={"selection": 3, "planning": 3})])
    assert mean == {"selection": Fraction(5, 2), "planning": Fraction(3)}

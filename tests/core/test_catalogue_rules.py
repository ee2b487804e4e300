"""The questionnaire's outcome and key-account catalogues: their cross-field rules."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from ci_assess.errors import InputError
from ci_assess.files.loading import load_questionnaire
from ci_assess.files.resources import questionnaires_dir


def bundled() -> dict[str, Any]:
    text = (questionnaires_dir() / "customer-intimacy.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def messages(tmp_path: Any, data: dict[str, Any]) -> list[str]:
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_questionnaire(str(path))
    return [p.message for p in caught.value.problems]


def test_bundled_catalogue() -> None:
    q = load_questionnaire("customer-intimacy")
    assert [k.id for k in q.outcomes][-1] == "nps" and len(q.outcomes) == 12
    assert [e.id for e in q.key_account_elements] == [
        "selection",
        "planning",
        "execution",
        "manager_selection",
        "organisation",
        "measurement",
        "coaching",
    ]
    # Each element mirrors the company-level question of the same name.
    assert all(e.question == f"key_accounts.{e.id}" for e in q.key_account_elements)
    assert [t.tier for t in q.value_journey] == [4, 3, 2, 1]
    assert (q.key_account_rules.high_share, q.key_account_rules.review_days) == (0.1, 730)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["outcomes"].append(dict(d["outcomes"][0])),
            "'customer_retention' is declared twice",
        ),
        (lambda d: d["outcomes"][0].update(groups=["nowhere"]), "unknown group 'nowhere'"),
        (
            lambda d: d["outcomes"][0].update(computed_from="nps_counts"),
            "nps_counts needs unit nps",
        ),
        (lambda d: d["outcomes"][0].update(computed_from="clv"), "clv needs unit currency"),
        (lambda d: d["key_account_elements"][0]["levels"].pop(4), "describe every level"),
        (
            lambda d: d["key_account_elements"][0].update(question="key_accounts.x"),
            "unknown question",
        ),
        (
            lambda d: d["key_account_elements"].append(dict(d["key_account_elements"][0])),
            "element 'selection' is declared twice",
        ),
        (lambda d: d["value_journey"].pop(), "tiers 1 to 4 once each, got [2, 3, 4]"),
        (lambda d: d.pop("value_journey"), "need the value journey's four tiers"),
    ],
)
def test_catalogue_rules(tmp_path: Any, change: Any, message: str) -> None:
    data = bundled()
    change(data)
    assert any(message in m for m in messages(tmp_path, data))

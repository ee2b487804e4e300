"""The scoring input: exact levels or N/A per question, frozen, built from an answers file."""

from __future__ import annotations

import copy
import pickle
from fractions import Fraction
from typing import Any

import pytest

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import DisciplineId, Questionnaire
from ci_assess.core.rounding import round1, round_half_up
from ci_assess.core.scoring import score, score_input
from ci_assess.core.scoring_input import (
    Levels,
    NotApplicable,
    Remark,
    ScoringInput,
    from_answers,
)
from tests.core.test_scoring import answers_for


def test_from_answers_keeps_everything_the_report_needs(mini_answers: AnswersFile) -> None:
    data = from_answers(mini_answers)
    assert data.levels["direction.alpha"] == Fraction(3)
    assert data.levels["operational.beta"] == NotApplicable("No loyalty scheme in B2B")
    assert "direction.market_screening" not in data.levels
    assert data.remarks["direction.beta"] == Remark(
        "Only the board knows the proposition", "Strategy deck p.4"
    )
    assert "direction.alpha" not in data.remarks
    assert (data.company, data.respondent) == ("Acme & <Sons>", "Pat Lee, CEO")
    assert data.target_discipline is DisciplineId.customer_intimacy


def test_score_is_the_engine_on_the_answers_files_input(
    mini: Questionnaire, mini_answers: AnswersFile
) -> None:
    assert score(mini, mini_answers) == score_input(mini, from_answers(mini_answers))


def test_whole_fractions_score_like_an_answers_file(mini: Questionnaire) -> None:
    from_file = score(mini, answers_for({"direction.alpha": 3, "support.beta": {"na": "x"}}))
    levels = Levels({"direction.alpha": Fraction(6, 2), "support.beta": NotApplicable("x")})
    assert score_input(mini, ScoringInput(company="Test Co", levels=levels)) == from_file


def test_respondent_without_name_or_role_is_none() -> None:
    data = from_answers(answers_for({}, respondent={}))
    assert data.respondent is None


@pytest.mark.parametrize("value", [2.5, True, "3", None])
def test_a_level_must_be_exact(value: Any) -> None:
    with pytest.raises(TypeError, match=r"direction\.alpha: a level is an int, a Fraction"):
        Levels({"direction.alpha": value})


def test_levels_are_immutable() -> None:
    source: dict[str, int | Fraction | NotApplicable] = {"a.b": 2}
    levels = Levels(source)
    source["a.c"] = 3
    assert dict(levels) == {"a.b": Fraction(2)}
    assert levels == Levels({"a.b": Fraction(4, 2)})
    assert len(levels) == 1
    assert repr(levels) == "Levels({'a.b': 2})"  # a whole level is kept as an int (exact)
    with pytest.raises(TypeError):
        levels["a.c"] = Fraction(1)  # type: ignore[index]
    with pytest.raises(AttributeError, match="immutable"):
        levels._items = {}


def test_scoring_input_is_frozen() -> None:
    remarks = {"a.b": Remark(note="n")}
    targets = {"direction": 80.0}
    data = ScoringInput(company="Co", levels=Levels(), remarks=remarks, targets=targets)
    remarks.clear()
    targets["support"] = 10.0
    assert dict(data.remarks) == {"a.b": Remark(note="n")}
    assert dict(data.targets) == {"direction": 80.0}
    with pytest.raises(AttributeError):
        data.company = "Other"
    with pytest.raises(TypeError):
        data.targets["x"] = 1.0  # type: ignore[index]


def test_inputs_survive_pickling_and_copying(mini_answers: AnswersFile) -> None:
    """Stored assessments and worker processes hand inputs on: they must come back equal."""
    data = from_answers(mini_answers)
    for again in (pickle.loads(pickle.dumps(data)), copy.deepcopy(data), copy.copy(data)):
        assert again == data
        assert isinstance(again.levels, Levels)
        with pytest.raises(TypeError):
            again.remarks["x"] = Remark()  # type: ignore[index]
    assert pickle.loads(pickle.dumps(data.levels)) == data.levels


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ({"direction.nope": 1}, "direction.nope: not a question of mini"),
        ({"direction.alpha": 5}, "direction.alpha: level 5 is outside the scale 0-4"),
        ({"direction.alpha": Fraction(-1, 2)}, "level -1/2 is outside the scale 0-4"),
    ],
)
def test_the_engine_refuses_what_no_valid_input_holds(
    mini: Questionnaire, levels: dict[str, int | Fraction], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        score_input(mini, ScoringInput(company="Co", levels=Levels(levels)))


@pytest.mark.parametrize(
    ("value", "places", "rounded"),
    [
        (Fraction(1025, 20), 1, 51.3),  # 51.25: a tie goes up
        (Fraction(-1025, 20), 1, -51.3),  # and away from zero below it
        (Fraction(2, 3), 4, 0.6667),
        (Fraction(1, 8), 2, 0.13),  # 0.125: up, where round() goes to even
        (Fraction(2499999, 1000000), 1, 2.5),
        (Fraction(2449999, 1000000), 1, 2.4),
        (7, 1, 7.0),
        (Fraction(0), 1, 0.0),
    ],
)
def test_round_half_up_is_exact(value: Fraction, places: int, rounded: float) -> None:
    assert round_half_up(value, places) == rounded


def test_round1_takes_a_float_as_written_and_a_fraction_as_it_is() -> None:
    assert round1(0.15) == 0.2  # the float nearest 0.15 lies below it; as written it is a tie
    assert round1(Fraction(3, 20)) == 0.2
    assert round1(Fraction(149999, 1000000)) == 0.1

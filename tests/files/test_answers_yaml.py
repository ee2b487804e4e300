"""Answers files as written (files.answers_yaml): layout, comments, and that they load."""

from __future__ import annotations

import datetime as dt

from ci_assess.core.models.answers import Answer
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.files import yamlio
from ci_assess.files.answers_yaml import answer_data, comment_lines, commented_answers_yaml
from ci_assess.files.loading import answers_from_data
from tests.conftest import VALID


def test_answer_data_is_a_bare_level_unless_there_is_more() -> None:
    assert answer_data(Answer(level=2)) == 2
    assert answer_data(Answer(level=2, note="n")) == {"level": 2, "note": "n"}
    assert answer_data(Answer(na="why", evidence="e")) == {"na": "why", "evidence": "e"}


def test_comment_lines_keep_every_line_a_comment() -> None:
    assert comment_lines("  # ", "one\ntwo\n\nthree") == ["  # one", "  # two", "  #", "  # three"]


def test_every_question_listed_with_its_comments_above_and_the_file_loads(
    mini: Questionnaire,
) -> None:
    metadata = {
        "questionnaire": str(VALID / "mini.yaml"),
        "company": "Acme: yes",
        "assessed_on": dt.date(2026, 11, 20),
    }
    answers = {
        "direction.alpha": Answer(level=3),
        "operational.beta": Answer(na="no scheme", note="yes"),
    }
    comments = {"direction.beta": ["0.1 direction.beta (split): level 1\n  why: two things"]}
    text = commented_answers_yaml(["Header line"], metadata, answers, mini, comments)
    lines = text.splitlines()
    assert lines[0] == "# Header line"
    assert "company: 'Acme: yes'" in lines
    at = lines.index("  direction.beta:")
    assert lines[at - 2 : at] == [
        "  # 0.1 direction.beta (split): level 1",
        "  #   why: two things",
    ]
    assert "  direction.alpha: 3" in lines
    assert lines[lines.index("  operational.beta:") + 1 :][:2] == [
        "    na: no scheme",
        "    note: 'yes'",
    ]
    assert sum(line.startswith("  # --- ") for line in lines) == len(
        {q.group for q in mini.questions}
    )
    data = yamlio.parse("x.yaml", text)
    loaded = answers_from_data(data, "x.yaml", text, VALID)
    assert loaded.answers.answers == answers
    assert loaded.answers.company == "Acme: yes"

"""The core use cases, called by the thin CLI commands: load -> validate -> score."""

from __future__ import annotations

from typing import Any

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.outcome_sections import with_outcomes
from ci_assess.core.scoring import score
from ci_assess.errors import IncompleteError
from ci_assess.files.loading import load_answers


def assess(path: str, *, strict: bool = False, questionnaire: str | None = None) -> Report:
    """Load and validate one answers file and score it."""
    loaded = load_answers(path, questionnaire)
    report = with_outcomes(
        score(loaded.questionnaire, loaded.answers),
        loaded.questionnaire,
        loaded.answers,
        loaded.key_accounts,
    )
    if strict and report.unanswered:
        missing = ", ".join(report.unanswered)
        raise IncompleteError(
            f"{loaded.source}: {len(report.unanswered)} question(s) unanswered "
            f"(--strict): {missing}\n  hint: answer them, or mark them {{na: reason}}"
        )
    return report


def questionnaire_json(questionnaire: Questionnaire) -> dict[str, Any]:
    """The questionnaire as JSON data, each question carrying its scale."""
    data = questionnaire.model_dump(mode="json")
    scale = {
        "min": questionnaire.min_level,
        "max": questionnaire.max_level,
        "levels": data["scale"],
    }
    for question, model in zip(data["questions"], questionnaire.questions, strict=True):
        question["scale"] = scale
        question["disciplines"] = list(questionnaire.disciplines_of(model))
    return data

"""The core use cases, called by the thin CLI commands: load -> validate -> score."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.outcome_sections import with_outcomes
from ci_assess.core.scoring import score
from ci_assess.errors import IncompleteError
from ci_assess.files.loading import load_answers


def assess(
    path: str,
    *,
    strict: bool = False,
    questionnaire: str | None = None,
    language: str | None = None,
    warn: Callable[[str], object] | None = None,
) -> Report:
    """Load and validate one answers file and score it.

    ``language`` (``--lang``, already checked) or else the file's own ``language`` puts
    the report's human-readable fields in that language; ``warn`` receives the lines
    about translations that are out of date. Without either, nothing of the
    translation machinery is imported.
    """
    loaded = load_answers(path, questionnaire)
    chosen = language
    if chosen is None and loaded.answers.language is not None:
        from ci_assess.files.catalogues import resolve

        chosen = resolve(loaded.answers.language)  # known to resolve: loading checked it
    questionnaire_used = loaded.questionnaire
    if chosen is not None and chosen != "en":
        from ci_assess.app.localise import localise_questionnaire

        localised = localise_questionnaire(loaded.questionnaire, chosen)
        for line in localised.warnings:
            if warn is not None:
                warn(line)
        questionnaire_used = localised.questionnaire
    report = with_outcomes(
        score(questionnaire_used, loaded.answers),
        questionnaire_used,
        loaded.answers,
        loaded.key_accounts,
    )
    if chosen is not None and chosen != "en":
        from ci_assess.app.localise import translate_report
        from ci_assess.files.catalogues import translator

        report = translate_report(report, translator(chosen))
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

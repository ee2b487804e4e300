"""The language of the store's commands: ``benchmark`` and ``history show``.

``--lang`` (checked by the command line) decides; without it ``benchmark`` speaks the
ranked answers file's own ``language``, as ``report`` does, and ``history show`` speaks
English: a trend spans assessments that may each have been made in another language,
and which one the trend is read in is the consultant's choice. Ids, numbers and the
JSON output are the same in every language; in a language other than English the
groups and disciplines are named by their titles from the questionnaire's overlay
(an English reader knows them by their ids, as these commands have always shown).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ci_assess.app.assessments import Assessed
from ci_assess.core.language import SOURCE_LANGUAGE
from ci_assess.core.models.questionnaire import Questionnaire


@dataclass(frozen=True)
class Titles:
    """Group and discipline titles by id, in one language."""

    groups: dict[str, str]
    disciplines: dict[str, str]


def benchmark_language(given: str | None, assessed: Assessed) -> str | None:
    """``--lang`` (canonical), else the first of the files' ``language``; None: English."""
    if given is not None:
        return given
    own = next((f.answers.language for f in assessed.files if f.answers.language), None)
    if own is None:
        return None
    from ci_assess.files.catalogues import resolve

    return resolve(own)  # known to resolve: loading checked it


def titles_in(
    questionnaire: Questionnaire, language: str, warn: Callable[[str], object]
) -> Titles | None:
    """The titles of ``questionnaire`` in ``language`` (its overlay, field by field);
    None in English, where the ids are shown. Stale overlay entries go to ``warn``."""
    if language == SOURCE_LANGUAGE:
        return None
    from ci_assess.app.localise import localise_questionnaire

    localised = localise_questionnaire(questionnaire, language)
    for line in localised.warnings:
        warn(line)
    q = localised.questionnaire
    return Titles(
        groups={g.id: g.title for g in q.groups},
        disciplines={d.id: d.title for d in q.disciplines},
    )

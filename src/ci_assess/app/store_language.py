"""The language of the store's commands: ``benchmark`` and ``history show``.

``--lang`` (checked by the command line) decides; without it ``benchmark`` speaks the
ranked answers file's own ``language``, as ``report`` does, and ``history show`` speaks
English: a trend spans assessments that may each have been made in another language,
and which one the trend is read in is the consultant's choice. Ids, numbers and the
JSON output are the same in every language. ``history show`` names the trend's groups
and disciplines by their titles in every language (``trend_titles``); ``benchmark``
does in a language other than English, from the questionnaire's overlay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

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


def trend_titles(
    data: dict[str, Any], language: str | None, warn: Callable[[str], object]
) -> dict[str, dict[str, str]]:
    """The titles of the trend's lines, ``{"groups": {id: title}, "disciplines": …}``.

    Each from the questionnaire (and version) of the newest stored assessment that has
    the line, in ``language`` (None: English); a line whose questionnaire is not bundled
    here keeps its id. A trend goes to the client: it names what it measures in words.
    """
    from ci_assess.errors import InputError
    from ci_assess.files.loading import load_questionnaire

    titles: dict[str, dict[str, str]] = {"groups": {}, "disciplines": {}}
    seen: set[tuple[str, str]] = set()
    for point in reversed(data["assessments"]):
        ref = (point["questionnaire"]["id"], point["questionnaire"]["version"])
        if ref in seen:
            continue
        seen.add(ref)
        try:
            questionnaire = load_questionnaire(f"{ref[0]}@{ref[1]}")
        except InputError:  # another firm's questionnaire, not bundled here: ids it is
            continue
        found = titles_in(questionnaire, language, warn) if language else None
        groups = found.groups if found else {g.id: g.title for g in questionnaire.groups}
        disciplines = (
            found.disciplines if found else {d.id: d.title for d in questionnaire.disciplines}
        )
        for kind, named in (("groups", groups), ("disciplines", disciplines)):
            for sid, title in named.items():
                titles[kind].setdefault(sid, title.strip())
    return titles

"""The language of a combined report when its respondents' files ask for one.

``--lang`` decides when given (the caller checks that first). Otherwise the files that
give ``language`` decide if they agree (files without it leave it open). When they ask
for different languages the combined report is in English, the source language, and
says so: one warning line for the consultant and one sentence in the report. A
language is not a fact about the company that must agree (as the industry is): it is
how a respondent chose to answer, so a disagreement never stops a report.

Pure: tags are compared in their canonical spelling (``fr_ch`` is ``fr-CH``), English
variants are one language; whether a tag is served was checked when each file loaded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ci_assess.core.combine import Voice
from ci_assess.core.language import SOURCE_LANGUAGE, is_source, normalise


@dataclass(frozen=True)
class LanguageChoice:
    """What the files ask for, and the language that follows from it."""

    language: str | None
    """The files' common language (canonical tag), None for English: none is given, or
    they disagree (then ``asked`` has more than one)."""
    asked: tuple[tuple[str, int], ...]
    """Every language the files ask for with how many files ask for it, most asked
    first, then by tag."""

    @property
    def disagree(self) -> bool:
        """True when the files ask for more than one language."""
        return len(self.asked) > 1


def _canonical(tag: str) -> str:
    normal = normalise(tag) or tag
    return SOURCE_LANGUAGE if is_source(normal) else normal


def choose_language(voices: Sequence[Voice]) -> LanguageChoice:
    """The combined report's language from the files' ``language`` (without ``--lang``)."""
    counts = Counter(
        _canonical(v.answers.language) for v in voices if v.answers.language is not None
    )
    asked = tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
    if len(asked) == 1 and asked[0][0] != SOURCE_LANGUAGE:
        return LanguageChoice(asked[0][0], asked)
    return LanguageChoice(None, asked)


def _and(listed: str) -> str:
    """``a, b, c`` as ``a, b and c``."""
    head, comma, last = listed.rpartition(", ")
    return f"{head} and {last}" if comma else listed


def language_warning(choice: LanguageChoice) -> str:
    """The one line on standard error when the files disagree on the language."""
    asked = _and(", ".join(f"{tag} ({n})" for tag, n in choice.asked))
    return (
        f"warning: the respondents' files ask for {asked}; the report is in English; "
        "choose its language with --lang"
    )


def language_note(choice: LanguageChoice) -> str:
    """The sentence the combined report carries when the files disagree (in English,
    the report's language then)."""
    files = ", ".join(f"{tag} in {n} file{'s' if n != 1 else ''}" for tag, n in choice.asked)
    return (
        f"The respondents' files ask for different report languages ({_and(files)}), so this "
        "report is in English, the questionnaire's source language; the scores are the "
        "same in every language."
    )

"""Which language a combined report is in (core.combined_language): pure, no CLI."""

from __future__ import annotations

from ci_assess.core.combine import Voice, mismatches
from ci_assess.core.combined_language import (
    LanguageChoice,
    choose_language,
    language_note,
    language_warning,
)
from tests.core.test_combine import voice


def voices(*languages: str | None) -> list[Voice]:
    return [
        voice(f"r{n}", f"Role {n}", {}, **({} if lang is None else {"language": lang}))
        for n, lang in enumerate(languages)
    ]


def test_none_given_is_english_without_a_note() -> None:
    assert choose_language(voices(None, None)) == LanguageChoice(None, ())


def test_files_that_give_none_leave_it_open() -> None:
    choice = choose_language(voices("fr", None, "fr"))
    assert choice == LanguageChoice("fr", (("fr", 2),)) and not choice.disagree


def test_english_asked_for_by_all_is_english() -> None:
    assert choose_language(voices("en", "en-GB")) == LanguageChoice(None, (("en", 2),))


def test_disagreement_is_english_most_asked_first() -> None:
    choice = choose_language(voices("en", "fr", "fr_ch", "fr", "en", "fr"))
    assert choice.language is None and choice.disagree
    assert choice.asked == (("fr", 3), ("en", 2), ("fr-CH", 1))
    assert language_warning(choice) == (
        "warning: the respondents' files ask for fr (3), en (2) and fr-CH (1); the report "
        "is in English; choose its language with --lang"
    )
    assert language_note(choice).startswith(
        "The respondents' files ask for different report languages (fr in 3 files, en in 2 "
        "files and fr-CH in 1 file), so this report is in English"
    )


def test_a_language_disagreement_is_no_mismatch() -> None:
    assert mismatches(voices("fr", "en")) == []

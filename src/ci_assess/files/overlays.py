"""Language overlay files: found beside their questionnaire, read with lines, applied.

``customer-intimacy.fr.yaml`` is the French overlay of ``customer-intimacy.yaml`` in the
same folder (``<questionnaire file stem>.<language tag>.yaml``). A language falls back
along its tag (``fr-CH`` reads ``customer-intimacy.fr-CH.yaml``, else
``customer-intimacy.fr.yaml``), and a questionnaire without an overlay for it stays in
its source language. Overlays are never questionnaires: a questionnaire id has no dot,
so ``questionnaire list`` and the bundled ids skip every ``*.<tag>.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ci_assess.core.language import fallbacks, normalise
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.overlay import (
    Findings,
    OverlayHeader,
    loc_text,
    localise,
    overlay_model,
)
from ci_assess.errors import InputError, Problem
from ci_assess.files import yamlio
from ci_assess.files.loading import (
    is_overlay_name,
    questionnaire_file,
    questionnaire_text,
    validate_model,
)
from ci_assess.files.yamlio import SourceMap

OVERLAY_KEY = "overlay"
"""The key that tells an overlay from a questionnaire or an answers file."""


def overlay_file(questionnaire: Path, language: str) -> Path:
    """Where the ``language`` overlay of the questionnaire file ``questionnaire`` lies."""
    return questionnaire.with_name(f"{questionnaire.stem}.{language}{questionnaire.suffix}")


def language_of_name(path: Path) -> str | None:
    """The language tag an overlay's file name carries (``x.fr-CH.yaml`` → ``fr-CH``)."""
    if not is_overlay_name(path):
        return None
    return normalise(path.stem.rsplit(".", 1)[1])


def source_of(path: Path) -> Path:
    """The questionnaire file an overlay file lies beside: ``x.fr.yaml`` → ``x.yaml``."""
    stem = Path(path.name).stem
    return path.with_name(f"{stem.rsplit('.', 1)[0]}{path.suffix}")


def languages(questionnaire: Path) -> list[str]:
    """The languages of the overlays beside a questionnaire file, sorted."""
    found = set()
    for candidate in questionnaire.parent.glob(f"{questionnaire.stem}.*{questionnaire.suffix}"):
        tag = language_of_name(candidate)
        if tag is not None and source_of(candidate) == questionnaire:
            found.add(tag)
    return sorted(found)


def find_overlay(questionnaire: Path, language: str) -> Path | None:
    """The overlay ``language`` reads for a questionnaire, along the fallbacks; else None."""
    for tag in fallbacks(language)[:-1]:  # the last is the source language itself
        path = overlay_file(questionnaire, tag)
        if path.is_file():
            return path
    return None


@dataclass(frozen=True)
class ReadOverlay:
    """An overlay file validated against its questionnaire, with what it does not cover."""

    source: str
    language: str
    questionnaire: Questionnaire
    """The questionnaire with the overlay applied."""
    findings: Findings
    lines: SourceMap

    def stale_warnings(self) -> list[str]:
        """One line per stale entry: where it is, and that the source text is shown."""
        return [
            f"warning: {self.source}:{self.lines.line(loc) or 1}: {loc_text(loc)}: "
            "the source text changed since it was translated; shown untranslated "
            "(update the translation and its source hash)"
            for loc in self.findings.stale
        ]


def read_overlay(
    path: Path,
    questionnaire: Questionnaire,
    text: str | None = None,
    data: dict[str, Any] | None = None,
) -> ReadOverlay:
    """Read, validate and apply the overlay at ``path`` to ``questionnaire``.

    Every problem names the file and line: a key the format does not have (an id, a
    level, a weight), an entry not keyed by the file's language, a wrong hash, an item
    the questionnaire does not have, or an overlay of another questionnaire.
    """
    source = yamlio.source_name(str(path))
    if text is None:
        text = yamlio.read_text(str(path))
    if data is None:
        data = yamlio.parse(source, text)
    language = _language(data, source, text, path)
    overlay = validate_model(overlay_model(language), data, source, text)
    lines = SourceMap(text)
    problems = _header_problems(overlay, questionnaire, source, lines)
    localised = localise(questionnaire, overlay)
    problems.extend(
        Problem(
            source,
            f"{loc_text(loc)}: the questionnaire {questionnaire.id!r} has no "
            f"{_what(loc)} {str(loc[-1])!r}",
            lines.line(loc),
            "remove the entry, or correct its key to one of the questionnaire's ids",
        )
        for loc in localised.findings.unknown
    )
    if problems:
        raise InputError(sorted(problems, key=lambda p: p.line or 0))
    return ReadOverlay(source, language, localised.questionnaire, localised.findings, lines)


def _language(data: dict[str, Any], source: str, text: str, path: Path) -> str:
    """The file's ``language``, checked (present, a tag, the tag of the file's name)."""
    header = {k: data[k] for k in (OVERLAY_KEY, "language") if k in data}
    validate_model(OverlayHeader, header, source, text)
    written = str(data["language"])
    language = normalise(written)
    line = yamlio.line_of(text, ("language",))
    if language != written:
        raise InputError.single(
            source, f"language: write the tag as {language!r}", line, "BCP 47 spelling"
        )
    named = language_of_name(path)
    if named is not None and named != language:
        raise InputError.single(
            source,
            f"language: {language!r}, but the file name says {named!r}",
            line,
            f"name the file {path.name.replace(f'.{named}.', f'.{language}.')} or fix the tag",
        )
    return language


def _header_problems(
    overlay: BaseModel, questionnaire: Questionnaire, source: str, lines: SourceMap
) -> list[Problem]:
    named = getattr(overlay, OVERLAY_KEY)
    if named == questionnaire.id:
        return []
    return [
        Problem(
            source,
            f"overlay: {named!r}, but the questionnaire beside it is {questionnaire.id!r}",
            lines.line((OVERLAY_KEY,)),
            f"an overlay names the id of the questionnaire it translates: {questionnaire.id}",
        )
    ]


def _what(loc: tuple[str | int, ...]) -> str:
    section = str(loc[-2])
    singular = {
        "questions": "question",
        "groups": "group",
        "disciplines": "discipline",
        "levels": "level",
        "scale": "scale level",
        "maturity_levels": "maturity band from",
        "red_flags": "red flag",
        "actions": "action",
        "criteria": "criterion",
        "engagement_initiatives": "engagement initiative",
    }
    return singular.get(section, f"{section} entry")


def questionnaire_of(path: Path, data: dict[str, Any]) -> Questionnaire:
    """The questionnaire an overlay file translates: the file it lies beside, else the
    bundled questionnaire its ``overlay`` key names (an overlay read from standard input)."""
    from ci_assess.files.loading import load_questionnaire

    beside = source_of(path)
    if str(path) != yamlio.STDIN and beside.is_file():
        return load_questionnaire(str(beside))
    named = data.get(OVERLAY_KEY)
    if not isinstance(named, str) or not named:
        raise InputError.single(
            yamlio.source_name(str(path)),
            "overlay: name the questionnaire this overlay translates",
            yamlio.line_of(yamlio.read_text(str(path)), (OVERLAY_KEY,)) if named else 1,
            "e.g. overlay: customer-intimacy, and put the file beside that questionnaire",
        )
    return load_questionnaire(named)


def is_overlay_data(data: dict[str, Any]) -> bool:
    """True when parsed YAML is an overlay (``validate`` tells files apart by their keys)."""
    return OVERLAY_KEY in data


@dataclass(frozen=True)
class Localised:
    """A questionnaire in a language, with the warnings its overlay gave (stale entries)."""

    questionnaire: Questionnaire
    warnings: tuple[str, ...] = ()


# Per run, by questionnaire object (the load cache keeps each alive) and language: a
# batch reads and applies an overlay once. The object is kept to tell a reused id.
_DONE: dict[tuple[int, str], tuple[Questionnaire, Localised]] = {}


def localise_questionnaire(questionnaire: Questionnaire, language: str) -> Localised:
    """``questionnaire`` with its ``language`` overlay applied, if it has one."""
    key = (id(questionnaire), language)
    done = _DONE.get(key)
    if done is not None and done[0] is questionnaire:
        return done[1]
    path = questionnaire_file(questionnaire)
    overlay = None if path is None else find_overlay(path, language)
    localised = Localised(questionnaire) if overlay is None else _applied(overlay, questionnaire)
    _DONE[key] = (questionnaire, localised)
    return localised


def _applied(overlay: Path, questionnaire: Questionnaire) -> Localised:
    """``questionnaire`` with the overlay at ``overlay`` applied, and its warnings: from
    the disk cache when this overlay text, read from this file, was applied to this
    questionnaire text before (reading and validating a translation costs a French
    report more than scoring and rendering it)."""
    from ci_assess.files import questionnaire_cache

    text = yamlio.read_text(str(overlay))
    source = yamlio.source_name(str(overlay))
    base = questionnaire_text(questionnaire)
    if base is not None:
        cached = questionnaire_cache.get_localised(base, source, text)
        if cached is not None:
            return Localised(*cached)
    read = read_overlay(overlay, questionnaire, text=text)
    localised = Localised(read.questionnaire, tuple(read.stale_warnings()))
    if base is not None:
        questionnaire_cache.put_localised(
            base, source, text, (localised.questionnaire, localised.warnings)
        )
    return localised

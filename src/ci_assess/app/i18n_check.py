"""`ci-assess i18n check`: what is not translated yet, per language.

For a questionnaire, each language that has an overlay beside it or a tool catalogue:
the overlay's missing entries (a translatable text without one) and stale ones (the
source text changed since it was translated), each with the hash the entry needs; and
the tool catalogue's messages that are untranslated (absent from the ``.po`` or with
an empty translation) or fuzzy (marked for review). The tool's messages are those of
the template ``ci_assess.pot``, extracted from the code (docs/translations.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ci_assess.core.language import SOURCE_LANGUAGE
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.overlay import Loc, loc_text, localise, overlay_model, source_hash, source_texts
from ci_assess.files import catalogues
from ci_assess.files.loading import load_questionnaire, questionnaire_file
from ci_assess.files.overlays import languages, overlay_file, read_overlay


@dataclass
class LanguageStatus:
    """What one language lacks, for one questionnaire and for the tool itself."""

    language: str
    overlay: Path | None
    entries: int = 0
    missing: list[tuple[str, str]] = field(default_factory=list)
    """(key path, the source hash a new entry carries)."""
    stale: list[tuple[int | None, str, str]] = field(default_factory=list)
    """(line in the overlay, key path, the source hash it must now carry)."""
    catalogue: Path | None = None
    messages: int = 0
    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing missing, stale, untranslated or fuzzy."""
        return not (self.missing or self.stale or self.untranslated or self.fuzzy)


def check(ref: str, base: Path) -> tuple[Questionnaire, list[LanguageStatus]]:
    """The status of every language of questionnaire ``ref`` (an id or a path)."""
    questionnaire = load_questionnaire(ref, base)
    path = questionnaire_file(questionnaire)
    spoken = set(catalogues.available()) - {SOURCE_LANGUAGE}
    if path is not None:
        spoken |= set(languages(path))
    return questionnaire, [_status(questionnaire, path, tag) for tag in sorted(spoken)]


def _status(questionnaire: Questionnaire, path: Path | None, language: str) -> LanguageStatus:
    texts = dict(source_texts(questionnaire))
    overlay = overlay_file(path, language) if path is not None else None
    status = LanguageStatus(language, overlay if overlay and overlay.is_file() else None)
    status.entries = len(texts)
    if status.overlay is not None:
        read = read_overlay(status.overlay, questionnaire)
        missing: list[Loc] = read.findings.missing
        status.stale = [
            (read.lines.line(loc), loc_text(loc), source_hash(texts[loc]))
            for loc in read.findings.stale
        ]
    else:
        empty = overlay_model(language).model_validate(
            {"overlay": questionnaire.id, "language": language}
        )
        missing = localise(questionnaire, empty).findings.missing
    status.missing = [(loc_text(loc), source_hash(texts[loc])) for loc in missing]
    _catalogue_status(status)
    return status


def _catalogue_status(status: LanguageStatus) -> None:
    """Untranslated and fuzzy messages of the language's catalogue, against the template."""
    from babel.messages.pofile import read_po

    template = catalogues.LOCALE_DIR / f"{catalogues.DOMAIN}.pot"
    with template.open("rb") as handle:
        wanted = [m.id for m in read_po(handle) if m.id]
    status.messages = len(wanted)
    po = catalogues.LOCALE_DIR / status.language / "LC_MESSAGES" / f"{catalogues.DOMAIN}.po"
    if not po.is_file():
        status.untranslated = [_key(m) for m in wanted]
        return
    status.catalogue = po
    with po.open("rb") as handle:
        have = {m.id: m for m in read_po(handle) if m.id}
    for msgid in wanted:
        message = have.get(msgid)
        if message is None or not _translated(message.string):
            status.untranslated.append(_key(msgid))
        elif message.fuzzy:
            status.fuzzy.append(_key(msgid))


def _translated(string: object) -> bool:
    """A message's translation, or every plural form of it, is there."""
    if isinstance(string, str):
        return bool(string)
    return isinstance(string, tuple | list) and bool(string) and all(string)


def _key(msgid: str | tuple[str, ...] | list[str]) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]

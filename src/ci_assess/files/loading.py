"""YAML files -> validated models. The one place where input errors get their file:line.

Every problem found in a file is reported at once (a consultant fixes them in one
pass), each with the key path, the line and, where one helps, a hint. An answers file
is checked in one run for everything that can be checked: its keys and values
against the model and, on whatever could be read, its ids and levels against the
questionnaire. At most ``MAX_SHOWN`` problems are shown per file.

Lines come from ``yamlio.SourceMap``, composed once per file whatever the number of
problems. A pydantic error's ``loc`` is followed through the model's core schema, so
that the parts pydantic adds itself (a dict key's ``[key]``, a union member's or a
tagged union's tag) are told from the file's keys by where they stand, not by what
they are called: a key named ``str``, ``int`` or ``[x]`` is a key like any other.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from ci_assess.core.language import normalise
from ci_assess.core.models.answers import AnswersFile, NotALevel
from ci_assess.core.models.questionnaire import InconsistentQuestionnaire, Questionnaire
from ci_assess.errors import InputError, Problem
from ci_assess.files import questionnaire_cache, yamlio
from ci_assess.files.resources import names_in, questionnaires_dir
from ci_assess.files.text_check import control_problems
from ci_assess.files.yamlio import Loc, SourceMap, quote

if TYPE_CHECKING:
    from ci_assess.core.models.key_accounts import KeyAccountFacts

M = TypeVar("M", bound=BaseModel)
MAX_SHOWN = 50
"""Problems shown per file; the rest are counted ("… and 12 more")."""
SUGGEST_MAX = 100
"""Longest key that gets a "did you mean" (difflib is slow on long strings)."""
_FORMS = "a whole number on the scale, {level: N, note: ..., evidence: ...}, or {na: reason}"


# Not a dataclass: their methods are compiled from generated source in every process
# (about 3 M instructions each at import, and a report imports this module).
class LoadedAnswers:
    """An answers file with the questionnaire it was validated against."""

    __slots__ = ("answers", "key_accounts", "questionnaire", "source")

    def __init__(
        self,
        source: str,
        answers: AnswersFile,
        questionnaire: Questionnaire,
        key_accounts: KeyAccountFacts | None = None,
    ) -> None:
        self.source = source
        self.answers = answers
        self.questionnaire = questionnaire
        # The key accounts with the customers file read and checked (None: no key_accounts).
        self.key_accounts = key_accounts


LEGACY_VERSION = "1.0.0"
"""The version an answers file without ``questionnaire_version`` is read against."""
VERSIONS_DIR = "versions"


# Not a dataclass: their methods are compiled from generated source in every process
# (about 3 M instructions each at import, and a report imports this module).
class _Finding:
    """A problem whose line is known and whose message is built only if it is shown."""

    __slots__ = ("build", "line")

    def __init__(self, line: int | None, build: Callable[[], Problem]) -> None:
        self.line = line
        self.build = build


class _Unreadable(InputError):
    """A questionnaire that could not be read: its problems say nothing of its content."""


def bundled_questionnaires() -> dict[str, Path]:
    """Bundled questionnaire ids and their current (newest) files."""
    return dict(_bundled())


@cache
def _bundled() -> tuple[tuple[str, Path], ...]:
    # Listed once per run: every answers file of a batch names its questionnaire.
    # A language overlay (customer-intimacy.fr.yaml) is never a questionnaire; an id has
    # no dot.
    return tuple((p.stem, p) for p in _yaml_files(questionnaires_dir()) if "." not in p.stem)


def _yaml_files(folder: Path, prefix: str = "") -> list[Path]:
    """The files ``<prefix>*.yaml`` of ``folder``, by name; none if there is no folder."""
    try:
        return [folder / name for name in names_in(folder, ".yaml", prefix)]
    except OSError:  # no folder (or not one, or unreadable): none, as glob had it
        return []


def bundled_versions(qid: str) -> dict[str, Path]:
    """Every bundled version of ``qid``, oldest first: ``versions/<id>-<version>.yaml``
    for the earlier ones, then the current file."""
    current = bundled_questionnaires().get(qid)
    if current is None:
        return {}
    older = {
        p.stem.removeprefix(f"{qid}-"): p
        for p in _yaml_files(questionnaires_dir() / VERSIONS_DIR, f"{qid}-")
        if not is_overlay_name(p)
    }
    found = dict(sorted(older.items(), key=lambda item: _version_key(item[0])))
    found[_load_questionnaire_file(str(current)).version] = current
    return found


def is_overlay_name(path: Path) -> bool:
    """True for a language overlay's file name: ``<stem>.<language tag>.yaml``."""
    stem = path.stem
    return "." in stem and normalise(stem.rsplit(".", 1)[1]) is not None


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def load_questionnaire(ref: str, base: Path | None = None) -> Questionnaire:
    """Load a questionnaire by bundled id (``id`` or ``id@version``) or by path."""
    return _load_questionnaire_file(str(resolve_questionnaire(ref, base)))


def resolve_questionnaire(ref: str, base: Path | None = None, version: str | None = None) -> Path:
    """Turn a bundled id (``id@version`` picks a version) or a path into a file path.

    ``version`` is an exact version ("2.0.0") or a major ("2": its newest release);
    None gives the current file.
    """
    bundled = bundled_questionnaires()
    name, _, pinned = ref.partition("@")
    if name in bundled and (version or pinned):
        return _bundled_version(name, version or pinned)
    if ref in bundled:
        return bundled[ref]
    if "/" in ref or "\\" in ref or ref.endswith((".yaml", ".yml")):
        path = Path(ref)
        return path if path.is_absolute() or base is None else base / path
    raise InputError.single(
        ref[: yamlio.QUOTE_MAX],
        f"unknown questionnaire {quote(ref)}",
        hint=_did_you_mean(ref, bundled) or f"bundled ones: {', '.join(bundled)}",
    )


@cache
def _load_questionnaire_file(path: str) -> Questionnaire:
    # Cached: a batch of answers files shares one questionnaire, parsed once per run;
    # and on disk across runs (questionnaire_cache), keyed by the file's exact text.
    try:
        text = yamlio.read_text(path)
    except InputError as exc:
        raise _Unreadable(exc.problems) from None
    cached = questionnaire_cache.get(text)
    if cached is not None:
        _remember(cached, path, text)
        return cached
    questionnaire = validate_model(Questionnaire, yamlio.parse(path, text), path, text)
    questionnaire_cache.put(text, questionnaire)
    _remember(questionnaire, path, text)
    return questionnaire


# The file each loaded questionnaire came from, and its text, by object (a weak reference
# tells a reused id from the same object). A language overlay lies beside that file, and
# a localised questionnaire is cached by both texts (files.overlays).
_FILES: dict[int, tuple[weakref.ref[Questionnaire], Path, str]] = {}


def _remember(questionnaire: Questionnaire, path: str, text: str) -> None:
    _FILES[id(questionnaire)] = (weakref.ref(questionnaire), Path(path), text)


def _loaded(questionnaire: Questionnaire) -> tuple[weakref.ref[Questionnaire], Path, str] | None:
    found = _FILES.get(id(questionnaire))
    return found if found is not None and found[0]() is questionnaire else None


def questionnaire_file(questionnaire: Questionnaire) -> Path | None:
    """The file ``questionnaire`` was loaded from in this run, if it was loaded from one."""
    found = _loaded(questionnaire)
    return None if found is None else found[1]


def questionnaire_text(questionnaire: Questionnaire) -> str | None:
    """The exact text ``questionnaire`` was validated from in this run, if from a file."""
    found = _loaded(questionnaire)
    return None if found is None else found[2]


def _bundled_version(qid: str, version: str) -> Path:
    versions = bundled_versions(qid)
    if version in versions:
        return versions[version]
    majors = [v for v in versions if v.split(".")[0] == version]
    if "." not in version and majors:
        return versions[majors[-1]]
    raise InputError.single(
        f"{qid}@{version}",
        f"questionnaire {qid!r} has no version {version!r}",
        hint=f"bundled versions: {', '.join(versions)}",
    )


class ReadAnswers(NamedTuple):
    """An answers file read and parsed, not yet validated."""

    source: str
    """The name messages give it: the path, or ``<stdin>`` for standard input."""
    text: str
    data: dict[str, Any]
    base: Path
    """The folder its questionnaire reference is resolved against."""


def read_answers(
    path: str, text: str | None = None, parsed: dict[str, Any] | None = None
) -> ReadAnswers:
    """Read (unless ``text`` is given) and parse an answers file (``-`` for standard input).

    The one place that names the source, finds the base folder and refuses anchors and
    aliases, so that ``report``, ``validate`` and the interview accept the same files.
    ``parsed`` is ``text`` already parsed with aliases allowed (``validate`` parses
    before it knows what kind of file it has): only its aliases are refused then.
    """
    source = yamlio.source_name(path)
    if text is None:
        text = yamlio.read_text(path)
    if parsed is None:
        data = yamlio.parse(source, text, aliases=False)
    else:
        yamlio.refuse_aliases(source, text)
        data = parsed
    base = Path.cwd() if source == "<stdin>" else Path(path).parent
    return ReadAnswers(source, text, data, base)


def load_answers(
    path: str, questionnaire_override: str | None = None, text: str | None = None
) -> LoadedAnswers:
    """Read, parse and validate an answers file (``-`` for standard input).

    ``text`` is the file's content when the caller has read it already.
    """
    read = read_answers(path, text)
    return answers_from_data(read.data, read.source, read.text, read.base, questionnaire_override)


def answers_from_data(
    data: dict[str, Any],
    source: str,
    text: str,
    base: Path,
    questionnaire_override: str | None = None,
) -> LoadedAnswers:
    """Validate parsed answers and check them against their questionnaire.

    The questionnaire is the one the file names (or ``questionnaire_override``),
    resolved against ``base``, the answers file's folder. Its ids and levels are
    checked on what could be read even when other keys or values are wrong.
    """
    lines = SourceMap(text)
    findings: list[_Finding] = []
    answers: AnswersFile | None = None
    facts: KeyAccountFacts | None = None
    try:
        answers = AnswersFile.model_validate(data)
    except ValidationError as exc:
        findings.extend(_model_findings(AnswersFile, exc, source, lines))
    questionnaire, problems = _questionnaire_of(data, source, lines, base, questionnaire_override)
    findings.extend(problems)
    findings.extend(map(_found, control_problems(data, source, text)))
    if questionnaire is not None:
        findings.extend(
            _id_findings(_raw_levels(data), _raw_targets(data), questionnaire, source, lines)
        )
        if answers is not None:
            findings.extend(map(_found, _meta_problems(answers, questionnaire, source, text)))
            if _has_outcome_data(answers):
                # Imported only then: a plain report never makes the outcome and
                # key-account models, nor reads a customers file.
                from ci_assess.files import outcome_checks

                facts, found = outcome_checks.check(answers, questionnaire, source, text, base)
                findings.extend(map(_found, found))
    if findings or answers is None or questionnaire is None:
        raise _input_error(source, findings)
    return LoadedAnswers(source, resolve_target(answers, questionnaire), questionnaire, facts)


def _has_outcome_data(answers: AnswersFile) -> bool:
    """Whether the file has outcomes, key accounts or customers (else nothing to check)."""
    return (
        bool(answers.outcomes) or answers.key_accounts is not None or answers.customers is not None
    )


def _wanted_version(ref: str, version: str | None) -> str | None:
    """The version a bundled id is read in: the file's, else 1.0.0 where it is bundled."""
    if version or ref not in bundled_questionnaires():
        return version
    return LEGACY_VERSION if LEGACY_VERSION in bundled_versions(ref) else None


def resolve_target(answers: AnswersFile, questionnaire: Questionnaire) -> AnswersFile:
    """The answers with ``target_discipline`` as a discipline id (an alias resolved)."""
    given = answers.target_discipline
    resolved = None if given is None else questionnaire.resolve_intent(given)
    if resolved is None or resolved == given:
        return answers
    return answers.model_copy(update={"target_discipline": str(resolved)})


def _questionnaire_of(
    data: dict[str, Any], source: str, lines: SourceMap, base: Path, override: str | None
) -> tuple[Questionnaire | None, list[_Finding]]:
    """The questionnaire to check against, or the problems that prevent loading it."""
    ref = override or data.get("questionnaire")
    if not isinstance(ref, str) or not ref:
        return None, []  # the model reports a missing or empty questionnaire
    # The key's line is looked up only for a problem: on the happy path it would
    # compose the whole document a second time for nothing.
    raw = data.get("questionnaire_version")
    version = raw if isinstance(raw, str) and raw else None  # else the model reports it
    try:
        path = resolve_questionnaire(ref, base, _wanted_version(ref, version))
    except InputError as exc:
        key = "questionnaire_version" if version else "questionnaire"
        at = lines.line((key,))
        return None, [_at(source, at, f"{key}: {p.message}", p.hint) for p in exc.problems]
    if override:  # named on the command line: its own problems, as they are
        return _load_questionnaire_file(str(path)), []
    try:
        return _load_questionnaire_file(str(path)), []
    except _Unreadable as exc:
        line = lines.line(("questionnaire",))
        return None, [
            _at(source, line, f"questionnaire {path}: {p.message}", p.hint) for p in exc.problems
        ]
    except InputError as exc:
        line = lines.line(("questionnaire",))
        # Named inside the file: its content is never quoted, only where the problems are.
        where = sorted({p.line for p in exc.problems if p.line})
        first = f", the first on line {where[0]}" if where else ""
        count = len(exc.problems)
        message = (
            f"questionnaire {path} is not a valid questionnaire "
            f"({count} problem{'s' if count != 1 else ''}{first})"
        )
        import shlex  # a hint only: not imported by every run

        hint = f"see them with: ci-assess validate {shlex.quote(str(path))}"
        return None, [_at(source, line, message, hint)]


def _found(problem: Problem) -> _Finding:
    """A problem already built, as a finding."""
    return _Finding(problem.line, lambda: problem)


def _at(source: str, line: int | None, message: str, hint: str | None = None) -> _Finding:
    return _Finding(line, partial(Problem, source, message, line, hint))


def _id_findings(
    levels: Iterable[tuple[str, int | None]],
    targets: Iterable[str],
    questionnaire: Questionnaire,
    source: str,
    lines: SourceMap,
) -> Iterator[_Finding]:
    lo, hi = questionnaire.min_level, questionnaire.max_level
    for qid, level in levels:
        if qid not in questionnaire.question_map:
            line = lines.line(("answers", qid))
            what = "answers: unknown question id"
            yield _Finding(
                line, partial(_unknown, source, line, what, qid, questionnaire.question_map)
            )
        elif level is not None and not lo <= level <= hi:
            yield _at(
                source,
                lines.line(("answers", qid)),
                f"answers: {qid}: level {level} is outside the scale",
                f"levels are {lo}..{hi}, or {{na: reason}} when it does not apply",
            )
    for group_id in targets:
        if group_id not in questionnaire.group_map:
            line = lines.line(("targets", group_id))
            what = "targets: unknown group"
            known = questionnaire.group_map
            yield _Finding(line, partial(_unknown, source, line, what, group_id, known))


def _unknown(source: str, line: int | None, what: str, word: str, known: Any) -> Problem:
    return Problem(source, f"{what} {quote(word)}", line, _did_you_mean(word, known) or None)


def _raw_levels(data: dict[str, Any]) -> Iterator[tuple[str, int | None]]:
    """Each answered question id and its level, as far as the file's data says."""
    answers = data.get("answers")
    if not isinstance(answers, dict):
        return
    for qid, value in answers.items():
        if isinstance(qid, str) and value is not None:  # null: unanswered
            level = value.get("level") if isinstance(value, dict) else value
            yield qid, level if isinstance(level, int) and not isinstance(level, bool) else None


def _raw_targets(data: dict[str, Any]) -> list[str]:
    targets = data.get("targets")
    return [g for g in targets if isinstance(g, str)] if isinstance(targets, dict) else []


def _meta_problems(
    answers: AnswersFile, questionnaire: Questionnaire, source: str, text: str
) -> list[Problem]:
    """The version, the target and the engagement inventory, against the questionnaire."""
    problems: list[Problem] = []
    wanted = answers.questionnaire_version
    if wanted and wanted not in {questionnaire.version, questionnaire.version.split(".")[0]}:
        problems.append(
            Problem(
                source,
                f"questionnaire_version: {wanted!r}, but the questionnaire is version "
                f"{questionnaire.version}",
                yamlio.line_of(text, ("questionnaire_version",)),
                "name the version the answers were given against, or remove the key",
            )
        )
    target = answers.target_discipline
    if target is not None and questionnaire.resolve_intent(target) is None:
        names = [n for d in questionnaire.disciplines for n in (d.id.value, *d.aliases)]
        if questionnaire.format == 2:
            names.append("undecided")
        problems.append(
            Problem(
                source,
                f"target_discipline: unknown discipline {target!r}",
                yamlio.line_of(text, ("target_discipline",)),
                _did_you_mean(target, names) or f"use one of: {', '.join(names)}",
            )
        )
    if answers.language is not None:
        problems.extend(_language_problems(answers.language, source, text))
    catalogue = {e.id for e in questionnaire.engagement_initiatives}
    for iid in answers.engagement:
        if iid not in catalogue:
            hint = _did_you_mean(iid, catalogue) or (
                f"known initiatives: {', '.join(sorted(catalogue))}"
                if catalogue
                else "this questionnaire has no engagement inventory (format 2 only): remove it"
            )
            problems.append(
                Problem(
                    source,
                    f"engagement: unknown initiative {iid!r}",
                    yamlio.line_of(text, ("engagement", iid)),
                    hint,
                )
            )
    return problems


def _language_problems(tag: str, source: str, text: str) -> list[Problem]:
    """The file's ``language`` must be one the tool speaks (or fall back to one)."""
    from ci_assess.files.catalogues import UnknownLanguage, resolve

    try:
        resolve(tag)
    except UnknownLanguage as exc:
        return [Problem(source, f"language: {exc}", yamlio.line_of(text, ("language",)), exc.hint)]
    return []


def validate_model(model: type[M], data: dict[str, Any], source: str, text: str) -> M:
    """Validate ``data`` against ``model``; errors name the file, the line and the key.

    A valid file is then checked for control characters and bidi overrides in its
    text (``text_check``): questionnaires, branding configs and migrations alike.
    """
    try:
        validated = model.model_validate(data)
    except ValidationError as exc:
        raise _input_error(source, _model_findings(model, exc, source, SourceMap(text))) from None
    controls = control_problems(data, source, text)
    if controls:
        raise InputError(controls)
    return validated


def _input_error(source: str, findings: list[_Finding]) -> InputError:
    """The first MAX_SHOWN findings in line order, and how many more there are."""
    ordered = sorted(findings, key=lambda f: f.line or 0)
    problems = [finding.build() for finding in ordered[:MAX_SHOWN]]
    rest = len(ordered) - MAX_SHOWN
    if rest > 0:
        problems.append(
            Problem(
                source,
                f"… and {rest} more problem{'s' if rest != 1 else ''}",
                hint="fix these and run again to see the rest",
            )
        )
    return InputError(problems)


def _model_findings(
    model: type[BaseModel], exc: ValidationError, source: str, lines: SourceMap
) -> list[_Finding]:
    """Each validation error as a finding; a questionnaire's cross-field rules give several."""
    findings: list[_Finding] = []
    for err in exc.errors(include_url=False):
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, InconsistentQuestionnaire):
            findings.extend(_at(source, lines.line(loc), msg) for loc, msg in cause.problems)
            continue
        place = _locate(dict(model.__pydantic_core_schema__), tuple(err["loc"]))
        if err["type"] == "missing":
            line: int | None = lines.mapping_line(place.path[:-1])
        else:
            line = lines.line(place.path)
        findings.append(_Finding(line, partial(_problem, source, err, place, lines, line)))
    return findings


# --- following a loc through the core schema ---------------------------------------


class _Place:
    """Where an error is in the file's data, and what the model accepts there."""

    __slots__ = ("fields", "key", "path")

    def __init__(self, path: Loc, key: bool = False, fields: tuple[str, ...] = ()) -> None:
        # Keys and indices of the file's data, without pydantic's own parts.
        self.path = path
        # The error is about the last key itself (a dict key that fails its type).
        self.key = key
        # The keys the model accepts in the mapping that holds ``path[-1]``.
        self.fields = fields


# Schemas that wrap another without adding a part to the loc, and where it is.
_WRAPPERS = {
    "default": "schema",
    "nullable": "schema",
    "function-before": "schema",
    "function-after": "schema",
    "function-wrap": "schema",
    "model": "schema",
    "definitions": "schema",
    "lax-or-strict": "lax_schema",
    "json-or-python": "python_schema",
}
_SEQUENCES = {"list", "set", "frozenset", "generator", "tuple"}


def _locate(schema: dict[str, Any], loc: Loc) -> _Place:
    """The data path of an error's ``loc``, its pydantic-made parts left out."""
    return _walk(schema, loc, {}, strict=False) or _Place(loc)


def _walk(
    schema: dict[str, Any], loc: Loc, refs: dict[str, dict[str, Any]], *, strict: bool
) -> _Place | None:
    """Consume ``loc`` along ``schema``; None (when ``strict``) if they do not fit."""
    path: list[str | int] = []
    fields: tuple[str, ...] = ()
    rest = loc
    while True:
        kind = schema.get("type")
        if kind == "definitions":
            refs.update({d["ref"]: d for d in schema["definitions"] if "ref" in d})
        if kind == "definition-ref" and schema.get("schema_ref") in refs:
            schema = refs[schema["schema_ref"]]
            continue
        if kind in _WRAPPERS and _WRAPPERS[kind] in schema:
            schema = schema[_WRAPPERS[kind]]
            continue
        if not rest:
            return _Place(tuple(path), False, fields)
        part, rest = rest[0], rest[1:]
        if kind in {"model-fields", "typed-dict"}:
            by_key = {_field_key(name, f): f for name, f in schema["fields"].items()}
            path.append(part)
            fields = tuple(by_key)
            if part not in by_key:  # an unknown key: nothing of the model is below it
                return _Place((*path, *rest), False, fields)
            schema = by_key[str(part)]["schema"]
        elif kind == "dict":
            path.append(part)
            if rest[:1] == ("[key]",):
                return _Place(tuple(path), True, fields)
            schema = schema.get("values_schema", {"type": "any"})
        elif kind in _SEQUENCES:
            path.append(part)
            schema = _item_schema(schema, part)
        elif kind == "tagged-union":  # the part is the discriminator's value, not a key
            schema = schema["choices"].get(part, {"type": "any"})
        elif kind in {"union", "chain"}:
            return _branch(schema, kind, part, rest, path, refs) or (
                None if strict else _Place((*path, *rest), False, fields)
            )
        elif strict:
            return None
        else:  # a schema this walk does not know: the rest is taken as the file's keys
            return _Place((*path, part, *rest), False, fields)


def _branch(
    schema: dict[str, Any],
    kind: str,
    part: str | int,
    rest: Loc,
    path: list[str | int],
    refs: dict[str, dict[str, Any]],
) -> _Place | None:
    """A union's member tag (the part) is not data: the first member that fits the rest."""
    choices = schema["choices"] if kind == "union" else schema["steps"]
    remaining = rest if kind == "union" else (part, *rest)
    for choice in choices:
        member = choice[0] if isinstance(choice, tuple) else choice
        place = _walk(member, remaining, refs, strict=True)
        if place is not None:
            return _Place((*path, *place.path), place.key, place.fields)
    return None


def _field_key(name: str, field: dict[str, Any]) -> str:
    alias = field.get("validation_alias")
    return alias if isinstance(alias, str) else name


def _item_schema(schema: dict[str, Any], part: str | int) -> dict[str, Any]:
    items = schema.get("items_schema", {"type": "any"})
    if isinstance(items, list):  # a tuple: one schema per position, the last repeated
        if not items or not isinstance(part, int):
            return {"type": "any"}
        return dict(items[min(part, len(items) - 1)])
    return dict(items)


# --- messages ------------------------------------------------------------------------


def _problem(source: str, err: Any, place: _Place, lines: SourceMap, line: int | None) -> Problem:
    path = place.path
    key = str(path[-1]) if path else ""
    where = _describe(path)
    kind, msg = err["type"], err["msg"].removeprefix("Value error, ")
    value, raw = err.get("input"), lines.scalar(path)
    cause = err.get("ctx", {}).get("error")
    hint = None
    if place.key:
        msg = f"key {quote(path[-1])}: {msg}"
        where = _describe(path[:-1])
    elif kind == "extra_forbidden":
        where = _describe(path[:-1])
        msg, hint = f"unknown key {quote(path[-1])}", _unknown_key_hint(key, place.fields, where)
    elif kind == "missing":
        where = _describe(path[:-1])
        msg = f"required key {quote(path[-1])} is missing"
        hint = f"add it{' to ' + where if where else ''}: {key}: …"
    elif isinstance(cause, NotALevel):
        msg, hint = _not_a_level(cause.value, raw)
    elif kind == "string_too_short" and value == "":
        return Problem(source, f"{where} is empty", line, _fill_in(key))
    elif kind == "string_type" and isinstance(value, bool | int | float | dt.date) and raw:
        msg = f"{_cut(raw)} is read by YAML as {_yaml_type(value)}, not as text"
        hint = f'quote it: {key}: "{_escaped(_cut(raw))}"'
    elif kind.startswith(("int_", "int")) and "level" in path[-1:]:
        msg, hint = _level_value(value, raw, msg)
    elif kind.startswith("date") and isinstance(value, str | int):
        hint = _date_hint(str(value))
    elif isinstance(value, bool):
        hint = f"YAML reads {_cut(raw or str(value))} as true/false: put the text in quotes"
    message = f"{where}: {msg}" if where else msg
    return Problem(source, message, line, hint)


def _unknown_key_hint(key: str, fields: tuple[str, ...], where: str) -> str:
    suggestion = _did_you_mean(key, fields)
    if suggestion:
        return suggestion
    if fields and len(fields) <= 10:
        return f"{where or 'the top level'} takes {', '.join(fields)}; remove the others"
    return "remove it"


def _not_a_level(value: bool | float | str, raw: str | None) -> tuple[str, str]:
    """Message and hint for a bare answer that is no level, shown as the file wrote it."""
    if isinstance(value, bool):
        written = _cut(raw or str(value).lower())
        return (
            f"{written} is not a level: YAML reads {written} as a boolean ({str(value).lower()})",
            f"give {_FORMS}",
        )
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return f"{quote(value)} is text, not a level", f"remove the quotes: {value.strip()}"
    shown = quote(value) if isinstance(value, str) else _cut(raw or str(value))
    return f"{shown} is not a level", f"give {_FORMS}"


def _level_value(value: Any, raw: str | None, msg: str) -> tuple[str, str]:
    """Message and hint for ``level:`` holding something else than a whole number."""
    if isinstance(value, bool):
        written = _cut(raw or str(value).lower())
        return (
            f"{written} is not a whole number: YAML reads it as a boolean ({str(value).lower()})",
            "a level is a whole number on the scale, e.g. 2",
        )
    if isinstance(value, str) and value.strip().isdecimal() and value.strip().isascii():
        return f"{quote(value)} is text, not a number", f"remove the quotes: level: {value.strip()}"
    return msg, "a level is a whole number on the scale, e.g. 2"


_DOTTED_DATE = r"\s*(\d{1,2})[./](\d{1,2})[./](\d{4})\s*"  # compiled by re, in a hint only


def _date_hint(value: str) -> str:
    """How to write a date; ``01.12.2026`` (day first, as in most of Europe) shown converted."""
    found = re.fullmatch(_DOTTED_DATE, value)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if day <= 31 and month <= 12:
            return f"write the date as YYYY-MM-DD: {year:04d}-{month:02d}-{day:02d}"
    return "write the date as YYYY-MM-DD, e.g. 2026-11-20"


def _fill_in(key: str) -> str:
    if key == "na":
        return "give the reason it does not apply, or remove 'na' and give a level"
    return f"fill in the {key.replace('_', ' ')}"


def _yaml_type(value: object) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, dt.date):
        return "a date"
    return "a number"


def _cut(raw: str) -> str:
    return raw if len(raw) <= yamlio.QUOTE_MAX else raw[: yamlio.QUOTE_MAX] + "…"


def _escaped(raw: str) -> str:
    return raw.replace("\\", "\\\\").replace('"', '\\"')


def _describe(loc: Loc) -> str:
    text = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")
    return text if len(text) <= 2 * yamlio.QUOTE_MAX else text[: 2 * yamlio.QUOTE_MAX] + "…"


def _did_you_mean(word: str, choices: Any) -> str:
    if len(word) > SUGGEST_MAX:
        return ""
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""

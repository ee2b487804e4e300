"""YAML files -> validated models. The one place where input errors get their file:line.

Every problem found in a file is reported at once (a consultant fixes them in one
pass), each with the key path, the line and, where one helps, a hint.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import InconsistentQuestionnaire, Questionnaire
from ci_assess.errors import InputError, Problem
from ci_assess.files import yamlio
from ci_assess.files.resources import questionnaires_dir

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class LoadedAnswers:
    """An answers file with the questionnaire it was validated against."""

    source: str
    answers: AnswersFile
    questionnaire: Questionnaire


LEGACY_VERSION = "1.0.0"
"""The version an answers file without ``questionnaire_version`` is read against."""
VERSIONS_DIR = "versions"


def bundled_questionnaires() -> dict[str, Path]:
    """Bundled questionnaire ids and their current (newest) files."""
    return dict(_bundled())


@cache
def _bundled() -> tuple[tuple[str, Path], ...]:
    # Listed once per run: every answers file of a batch names its questionnaire.
    return tuple((p.stem, p) for p in sorted(questionnaires_dir().glob("*.yaml")))


def bundled_versions(qid: str) -> dict[str, Path]:
    """Every bundled version of ``qid``, oldest first: ``versions/<id>-<version>.yaml``
    for the earlier ones, then the current file."""
    current = bundled_questionnaires().get(qid)
    if current is None:
        return {}
    older = {
        p.stem.removeprefix(f"{qid}-"): p
        for p in questionnaires_dir().joinpath(VERSIONS_DIR).glob(f"{qid}-*.yaml")
    }
    found = dict(sorted(older.items(), key=lambda item: _version_key(item[0])))
    found[_load_questionnaire_file(str(current)).version] = current
    return found


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
        ref,
        f"unknown questionnaire {ref!r}",
        hint=_did_you_mean(ref, bundled) or f"bundled ones: {', '.join(bundled)}",
    )


@cache
def _load_questionnaire_file(path: str) -> Questionnaire:
    # Cached: a batch of answers files shares one questionnaire, parsed once per run.
    text = yamlio.read_text(path)
    return validate_model(Questionnaire, yamlio.parse(path, text), path, text)


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


def load_answers(
    path: str, questionnaire_override: str | None = None, text: str | None = None
) -> LoadedAnswers:
    """Read, parse and validate an answers file (``-`` for standard input).

    ``text`` is the file's content when the caller has read it already.
    """
    source = "<stdin>" if path in {yamlio.STDIN, "<stdin>"} else path
    if text is None:
        text = yamlio.read_text(path)
    base = Path.cwd() if source == "<stdin>" else Path(path).parent
    return answers_from_data(yamlio.parse(source, text), source, text, base, questionnaire_override)


def answers_from_data(
    data: dict[str, Any],
    source: str,
    text: str,
    base: Path,
    questionnaire_override: str | None = None,
) -> LoadedAnswers:
    """Validate parsed answers and check them against their questionnaire.

    The questionnaire is the one the file names (or ``questionnaire_override``),
    resolved against ``base``, the answers file's folder.
    """
    answers = validate_model(AnswersFile, data, source, text)
    ref = questionnaire_override or answers.questionnaire
    key = "questionnaire_version" if answers.questionnaire_version else "questionnaire"
    try:
        qpath = resolve_questionnaire(ref, base, _wanted_version(ref, answers))
    except InputError as exc:
        line = yamlio.line_of(text, (key,))
        raise InputError(
            [Problem(source, f"{key}: {p.message}", line, p.hint) for p in exc.problems]
        ) from None
    questionnaire = _load_questionnaire_file(str(qpath))
    problems = check_answers(answers, questionnaire, source, text)
    if problems:
        raise InputError(problems)
    return LoadedAnswers(source, resolve_target(answers, questionnaire), questionnaire)


def _wanted_version(ref: str, answers: AnswersFile) -> str | None:
    """The version a bundled id is read in: the file's, else 1.0.0 where it is bundled."""
    if answers.questionnaire_version or ref not in bundled_questionnaires():
        return answers.questionnaire_version
    return LEGACY_VERSION if LEGACY_VERSION in bundled_versions(ref) else None


def resolve_target(answers: AnswersFile, questionnaire: Questionnaire) -> AnswersFile:
    """The answers with ``target_discipline`` as a discipline id (an alias resolved)."""
    given = answers.target_discipline
    resolved = None if given is None else questionnaire.resolve_intent(given)
    if resolved is None or resolved == given:
        return answers
    return answers.model_copy(update={"target_discipline": str(resolved)})


def check_answers(
    answers: AnswersFile, questionnaire: Questionnaire, source: str, text: str
) -> list[Problem]:
    """What the models alone cannot know: ids, levels and groups of this questionnaire."""
    problems: list[Problem] = []
    lo, hi = questionnaire.min_level, questionnaire.max_level
    # Lines are looked up only for problems: line_of parses the whole text again.
    for qid, answer in answers.answers.items():
        if qid not in questionnaire.question_map:
            hint = _did_you_mean(qid, questionnaire.question_map)
            line = yamlio.line_of(text, ("answers", qid))
            problems.append(
                Problem(source, f"answers: unknown question id {qid!r}", line, hint or None)
            )
        elif answer.level is not None and not lo <= answer.level <= hi:
            problems.append(
                Problem(
                    source,
                    f"answers: {qid}: level {answer.level} is outside the scale",
                    yamlio.line_of(text, ("answers", qid)),
                    f"levels are {lo}..{hi}, or {{na: reason}} when it does not apply",
                )
            )
    problems.extend(_meta_problems(answers, questionnaire, source, text))
    for group_id in answers.targets:
        if group_id not in questionnaire.group_map:
            problems.append(
                Problem(
                    source,
                    f"targets: unknown group {group_id!r}",
                    yamlio.line_of(text, ("targets", group_id)),
                    _did_you_mean(group_id, questionnaire.group_map) or None,
                )
            )
    return problems


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


def validate_model(model: type[M], data: dict[str, Any], source: str, text: str) -> M:
    """Validate ``data`` against ``model``; errors name the file, the line and the key."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InputError(
            [
                problem
                for err in exc.errors(include_url=False)
                for problem in _problems(source, text, err, model)
            ]
        ) from None


def _problems(source: str, text: str, err: Any, model: type[BaseModel]) -> list[Problem]:
    """One validation error as problems; a questionnaire's cross-field rules give several."""
    cause = err.get("ctx", {}).get("error")
    if isinstance(cause, InconsistentQuestionnaire):
        return [Problem(source, msg, yamlio.line_of(text, loc)) for loc, msg in cause.problems]
    return [_problem(source, text, err, model)]


def _problem(source: str, text: str, err: Any, model: type[BaseModel]) -> Problem:
    loc = tuple(part for part in err["loc"] if not _is_internal(part))
    where = _describe(loc)
    kind, msg = err["type"], err["msg"].removeprefix("Value error, ")
    hint = None
    if kind == "extra_forbidden":
        msg = f"unknown key {loc[-1]!r}"
        where = _describe(loc[:-1])
        hint = _did_you_mean(str(loc[-1]), _field_names(model)) or "remove it"
    elif kind == "missing":
        msg = f"required key {loc[-1]!r} is missing"
        where = _describe(loc[:-1])
    elif kind.startswith("int") and len(loc) >= 2 and loc[0] == "answers":
        hint = "a level is a whole number on the scale, e.g. 2"
    elif kind == "string_type" and isinstance(err.get("input"), bool):
        hint = "YAML reads yes/no/on/off as true/false: put the text in quotes"
    message = f"{where}: {msg}" if where else msg
    return Problem(source, message, yamlio.line_of(text, loc), hint)


def _is_internal(part: str | int) -> bool:
    # pydantic adds validator names such as 'function-after[...]' to locations.
    return isinstance(part, str) and ("[" in part or part in {"str", "int"})


def _describe(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in loc).replace(".[", "[")


def _field_names(model: type[BaseModel]) -> set[str]:
    """Every key name the model or its nested models accept, for suggestions."""
    names: set[str] = set()
    seen: set[type[BaseModel]] = set()
    pending: list[type[BaseModel]] = [model]
    while pending:
        current = pending.pop()
        seen.add(current)
        for name, field in current.model_fields.items():
            names.add(name)
            pending.extend(m for m in _model_args(field.annotation) if m not in seen)
    return names


def _model_args(annotation: Any) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for arg in getattr(annotation, "__args__", ()):
        found.extend(_model_args(arg))
    return found


def _did_you_mean(word: str, choices: Any) -> str:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else ""

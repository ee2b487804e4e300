"""Combine several respondents' answers files into one assessment of the company.

``combine_loaded`` is the use case a Python caller needs (a list of loaded answers
files -> the combined input and report), without the command line; ``assess_combined``
loads the files first; ``run_combined`` renders one combined report per group of
inputs for ``ci-assess report --combine``. The rules are in ``core.combine`` and
docs/combining.md; here files are loaded, their questionnaires compared, and the core's
mismatches turned into messages with file and line.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ci_assess.app.batch import Job, Outcome, Prepared, deliver, make_folders, outcome
from ci_assess.core.combine import Combined, Mismatch, Voice, mismatches
from ci_assess.core.combined_language import choose_language, language_note, language_warning
from ci_assess.core.combined_report import Options, combined_report
from ci_assess.core.intent_names import match_intent, refusal
from ci_assess.core.models.questionnaire import Intent, Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.errors import IncompleteError, InputError, Problem, UsageError
from ci_assess.files import yamlio
from ci_assess.files.loading import LoadedAnswers, answers_from_data, read_answers
from ci_assess.render import Format


@dataclass(frozen=True)
class CombineOptions:
    """The command line's combining options, as given."""

    target: str | None = None
    """``--target``: a discipline (id, number, alias, title or unambiguous prefix, any
    case) or undecided; replaces the files' own."""
    anonymous: bool = False
    senior_role: str | None = None


@dataclass(frozen=True)
class CombinedAssessment:
    """Several respondents as one assessment: the engine's input and the report."""

    combined: Combined
    """The combined levels, facts and votes; ``combined.input`` is the ScoringInput."""
    report: Report


def combine_loaded(
    loaded: Sequence[LoadedAnswers],
    options: CombineOptions = CombineOptions(),
    texts: Mapping[str, str] | None = None,
    *,
    language: str | None = None,
    warn: Callable[[str], object] | None = None,
) -> CombinedAssessment:
    """Combine loaded answers files of one company into one report.

    The report's language is ``language`` (``--lang``, already checked), else the files'
    common ``language`` (those that give one), else English: when the files ask for
    different languages the report is English with a note (``language_note``) and one
    warning line. ``warn`` receives that line and those about translations out of date.
    ``texts`` (source -> the file's text) lets messages give lines. Raises InputError
    naming the files that cannot be combined (another company, questionnaire, fact or
    target, interviews more than 60 days apart, a missing role), UsageError for a bad
    ``--target``.
    """
    if not loaded:
        raise UsageError("nothing to combine: give at least one answers file")
    questionnaire = _one_questionnaire(loaded)
    target = _target(questionnaire, options.target)
    voices = [Voice.of(item.source, item.answers, item.key_accounts) for item in loaded]
    found = mismatches(voices, target)
    if found:
        raise InputError([p for m in found for p in _problems(m, texts or {})])
    chosen, note = _language(voices, language, warn)
    translator = None
    if chosen is not None and chosen != "en":
        from ci_assess.app.localise import localise_questionnaire
        from ci_assess.files.catalogues import translator as translator_for

        localised = localise_questionnaire(questionnaire, chosen)
        for line in localised.warnings:
            if warn is not None:
                warn(line)
        # The senior roles in both languages: a file may give its role as "CEO" or as
        # "directeur général", and the report's language must not decide who is senior.
        roles = [*questionnaire.senior_roles]
        roles += [r for r in localised.questionnaire.senior_roles if r not in roles]
        questionnaire = localised.questionnaire.model_copy(update={"senior_roles": roles})
        translator = translator_for(chosen)
    made = combined_report(
        questionnaire,
        voices,
        Options(target=target, anonymous=options.anonymous, senior_role=options.senior_role),
    )
    report = made.report
    if translator is not None:
        from ci_assess.app.localise import translate_report

        report = translate_report(report, translator)
    if note is not None:
        report = report.model_copy(update={"language_note": note})
    return CombinedAssessment(made.combined, report)


def _language(
    voices: Sequence[Voice], given: str | None, warn: Callable[[str], object] | None
) -> tuple[str | None, str | None]:
    """The report's language (None: English) and, when the files disagree on it and
    ``--lang`` chose none, the report's note saying so (the warning goes to ``warn``)."""
    if given is not None:
        return given, None
    choice = choose_language(voices)
    if not choice.disagree:
        if choice.language is None:
            return None, None
        from ci_assess.files.catalogues import resolve

        return resolve(choice.language), None  # known to resolve: loading checked it
    if warn is not None:
        warn(language_warning(choice))
    return None, language_note(choice)


def assess_combined(
    paths: Sequence[str],
    options: CombineOptions = CombineOptions(),
    *,
    strict: bool = False,
    questionnaire: str | None = None,
    language: str | None = None,
    warn: Callable[[str], object] | None = None,
) -> CombinedAssessment:
    """Load ``paths`` (every file's problems reported together) and combine them.

    ``strict`` fails only on questions nobody answered (with a level or N/A);
    ``language`` and ``warn`` as for ``combine_loaded``.
    """
    loaded, texts, problems = [], {}, []
    for path in paths:
        try:
            read = read_answers(path)
            item = answers_from_data(read.data, read.source, read.text, read.base, questionnaire)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        loaded.append(item)
        texts[item.source] = read.text
    if problems:
        raise InputError(problems)
    result = combine_loaded(loaded, options, texts, language=language, warn=warn)
    missing = result.report.unanswered
    if strict and missing:
        raise IncompleteError(
            f"{_name(paths)}: {len(missing)} question(s) nobody answered (--strict): "
            f"{', '.join(missing)}\n  hint: ask them at the next interview, or mark them "
            "{na: reason} in one of the files"
        )
    return result


def _one_questionnaire(loaded: Sequence[LoadedAnswers]) -> Questionnaire:
    """The questionnaire every file was loaded against (same id, version and content)."""
    kinds: dict[tuple[str, str, str], list[str]] = {}
    digests: dict[int, str] = {}
    for item in loaded:
        q = item.questionnaire
        if id(q) not in digests:  # one object per file loaded: hashed once
            digests[id(q)] = hashlib.sha256(q.model_dump_json().encode()).hexdigest()[:12]
        kinds.setdefault((q.id, q.version, digests[id(q)]), []).append(item.source)
    if len(kinds) == 1:
        return loaded[0].questionnaire
    listed = "; ".join(
        f"{qid} {version} (content {digest}): {', '.join(files)}"
        for (qid, version, digest), files in kinds.items()
    )
    raise InputError(
        [
            Problem(
                files[0],
                f"files answer different questionnaires, which cannot be combined: {listed}",
                None,
                "give every file the same questionnaire and questionnaire_version (or pass "
                "--questionnaire), or migrate the older ones: ci-assess migrate FILE -o NEW",
            )
            for files in list(kinds.values())[1:]
        ]
    )


def _target(questionnaire: Questionnaire, given: str | None) -> Intent | None:
    """``--target`` read by the one rule for every option naming a discipline
    (``core.intent_names``: id, number, alias, title or unambiguous prefix, any case)."""
    if given is None:
        return None
    found = match_intent(questionnaire, given)
    if found.intent is None:
        raise UsageError(f"--target: {refusal(questionnaire, found)}")
    return found.intent


def _problems(mismatch: Mismatch, texts: Mapping[str, str]) -> list[Problem]:
    """The mismatch as one problem on the first file it names, with its line; the other
    files it names follow with their lines ("see ceo.yaml:40")."""

    def line(source: str, loc: tuple[str | int, ...]) -> int | None:
        text = texts.get(source)
        return yamlio.line_of(text, loc) if text is not None and loc else None

    (source, loc), *others = mismatch.places
    seen = [f"{s}:{n}" for s, at in others if (n := line(s, at)) is not None]
    message = mismatch.message + (f" (see {', '.join(seen)})" if seen else "")
    return [Problem(source, message, line(source, loc), mismatch.hint)]


def _name(paths: Sequence[str]) -> str:
    return paths[0] if len(paths) == 1 else f"{len(paths)} files"


# --- several combined reports in one run -----------------------------------------------


@dataclass(frozen=True)
class Group:
    """The inputs of one combined report, and what the run names it."""

    name: str
    """A folder, or the one file, or "N files"."""
    paths: tuple[str, ...]


def groups(inputs: Sequence[tuple[str, str]], *, by_folder: bool) -> list[Group]:
    """(path, folder) pairs as combined reports: one per folder (``--out-dir``), or one."""
    if not by_folder:
        paths = tuple(p for p, _ in inputs)
        folders = {f for _, f in inputs}
        name = next(iter(folders)) if len(folders) == 1 and len(paths) > 1 else _name(paths)
        return [Group(name, paths)]
    found: dict[str, list[str]] = {}
    for path, folder in inputs:
        found.setdefault(folder, []).append(path)
    return [Group(folder, tuple(paths)) for folder, paths in found.items()]


def group_paths(
    found: Sequence[Group], out_dir: Path, fmt: Format, *, extension: str | None = None
) -> list[str]:
    """Each folder's report, named after the folder and its parent below their common
    parent: ``clients/acme/2026-06`` and ``clients/zeta/2026-05`` become
    ``DIR/acme/2026-06.EXT`` and ``DIR/zeta/2026-05.EXT`` (the documented layout
    ``clients/<company>/<YYYY-MM>/``). Strings, as the batch takes its targets (a
    Path per folder here: there are few)."""
    # abspath, not realpath: a linked folder keeps the name it is given by.
    folders = [os.path.abspath(g.name) if g.name != "-" else "" for g in found]  # noqa: PTH100
    above = {os.path.dirname(os.path.dirname(f)) for f in folders if f}  # noqa: PTH120
    common = os.path.commonpath(above) if above else str(Path.cwd())
    suffix = extension or fmt.extension
    return [
        str(out_dir / ((os.path.relpath(f, common) if f else "stdin") + suffix)) for f in folders
    ]


def run_combined(
    job: Job,
    found: Sequence[Group],
    targets: Sequence[str | None],
    emit: Callable[[str], object],
    options: CombineOptions,
) -> Iterator[Outcome]:
    """One combined report per group, in order; a group's error is its outcome."""
    prepared = job.prepare()
    make_folders(targets)
    by_name = {g.name: g for g in found}

    def produce(
        prepared: Prepared, name: str, target: str | None, warn: Callable[[str], object]
    ) -> tuple[Report, str]:
        result = assess_combined(
            by_name[name].paths,
            options,
            strict=job.strict,
            questionnaire=job.questionnaire,
            language=job.language,
            warn=warn,
        )
        report = result.report
        if job.extras is not None:  # --baseline, --benchmark
            from ci_assess.app.compare import with_combined_extras

            report = with_combined_extras(
                report, result.combined.input, by_name[name].paths, job.extras, job.questionnaire
            )
        return deliver(prepared, report, target)

    for group, target in zip(found, targets, strict=True):
        yield outcome(prepared, group.name, target, emit, produce)

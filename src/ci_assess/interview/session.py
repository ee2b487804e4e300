"""The interview: one answers file, opened or created, kept on disk after every change.

``run_interview`` opens the file (``Session``: the file, its questionnaire and the
``Draft`` being built), asks the missing metadata (``metadata.py``), then walks the
questions, the engagement inventory and the review (``navigation.py``, whose views
come from ``views.py``). All of it talks to the consultant only through a ``Prompt``
(prompts.py): nothing here knows typer or rich, and tests drive it with scripted
replies. The file's YAML is written by ``files.answers_yaml``.

Durability: every confirmed change rewrites the whole answers file atomically (temp
file + rename), so Ctrl-C, the end of input, a closed terminal or kill -9 lose at
most the reply being typed, and the file on disk is always one that
``ci-assess report`` accepts. Nothing is written before the company is known,
because an answers file without a company is invalid.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ci_assess.core.intent_names import match_intent, refusal
from ci_assess.core.models.answers import Answer, AnswersFile, EngagementEntry, Respondent
from ci_assess.core.models.questionnaire import (
    EngagementInitiative,
    Intent,
    Question,
    Questionnaire,
)
from ci_assess.errors import InputError, Problem, UsageError
from ci_assess.files.answers_yaml import (
    answer_data,
    answers_yaml,
    engagement_data,
    plain_number,
    recordable_version,
)
from ci_assess.files.loading import (
    ReadAnswers,
    answers_from_data,
    bundled_questionnaires,
    load_questionnaire,
    read_answers,
    resolve_questionnaire,
)
from ci_assess.files.text_check import control_problems_in
from ci_assess.files.writing import Kind, Target, check_target, write_atomic
from ci_assess.interview import lock
from ci_assess.interview.facts import facts_data, plain, run_section
from ci_assess.interview.marker import Marker, marker_path
from ci_assess.interview.metadata import MetadataQuestions
from ci_assess.interview.navigation import Navigator, Outcome
from ci_assess.interview.prompts import (
    INVALID_REPLY_LIMIT,
    CleanReplies,
    Notice,
    Prompt,
    TooManyInvalidReplies,
)

__all__ = ["Draft", "InterviewOptions", "Outcome", "Result", "Session", "run_interview"]

DEFAULT_QUESTIONNAIRE = "customer-intimacy"
_ANSWERS_KEYS = frozenset({"questionnaire", "company", "answers"})
# pydantic requires a company; a blank template gets this stand-in while validating only.
_NO_COMPANY = "<not yet given>"


@dataclass(frozen=True)
class InterviewOptions:
    """What the command line gave: the file, the questionnaire and known metadata."""

    output: Path
    questionnaire: str | None = None
    company: str | None = None
    respondent: str | None = None
    role: str | None = None
    target: str | None = None
    assessor: str | None = None
    no_input: bool = False
    today: dt.date | None = None  # injectable so that tests do not depend on the calendar
    compact: bool = False  # level names on one line, descriptions on '?'
    yes: bool = False  # finish at the review without confirming what is unanswered
    language: str | None = None  # --lang, checked; None: the file's own, else English
    section: str | None = None  # "outcomes" or "key-accounts": that section alone
    industry: str | None = None
    size: str | None = None  # micro, small, mid or large (checked when applied)


@dataclass(frozen=True)
class Result:
    """Where the answers are and how far the interview got."""

    outcome: Outcome
    output: Path
    saved: bool
    total: int
    answered: int
    not_applicable: int

    @property
    def unanswered(self) -> int:
        """Questions without an answer (n/a counts as answered)."""
        return self.total - self.answered

    def message(self) -> str:
        """The closing line(s) for the user."""
        path = shlex.quote(str(self.output))
        counts = f"{self.answered} of {self.total} answered ({self.not_applicable} n/a)"
        if self.outcome is Outcome.FINISHED:
            left = f", {self.unanswered} unanswered" if self.unanswered else ""
            return f"done: {self.output} holds {counts}{left}\nnext: ci-assess report {path}"
        lead = {
            Outcome.PAUSED: "saved and stopped",
            Outcome.ENDED: "input ended before the interview was finished",
            Outcome.INTERRUPTED: "interrupted",
            Outcome.GAVE_UP: f"error: stopped after {INVALID_REPLY_LIMIT} invalid replies "
            "in a row (check the piped replies)",
        }[self.outcome]
        if not self.saved:
            return f"{lead}: nothing saved (the company was not given yet)"
        return f"{lead}: {self.output} holds {counts}\nresume with: ci-assess interview -o {path}"


def run_interview(options: InterviewOptions, prompt: Prompt) -> Result:
    """Open or create the answers file, run the interview, and report where it stands.

    Raises InputError for files that must not be touched (or cannot be saved, or are
    in use by another interview), and UsageError for options that contradict the
    file and, with ``no_input``, for anything that would have to be asked.
    """
    target = _checked_output(options.output)  # before anything is asked
    with lock.hold(target.real, options.output):  # for the whole session
        try:
            return _run(options, CleanReplies(prompt), Marker(marker_path(target.real)))
        finally:
            from ci_assess.interview import text

            text.reset()  # the next interview in this process starts in English


def _speak(session: Session, options: InterviewOptions, prompt: Prompt) -> None:
    """Speak ``--lang``, else the file's ``language`` (English: nothing to do).

    A new file records the language asked for, so that its report is in it too; the
    questionnaire shown is its overlay's translation (the same ids, levels, weights).
    """
    chosen = options.language
    if chosen is None and session.draft.language is not None:
        from ci_assess.files.catalogues import resolve

        chosen = resolve(session.draft.language)  # known to resolve: loading checked it
    if chosen is None or chosen == "en":
        return
    if session.new and session.draft.language is None:  # an existing file is not rewritten
        session.draft.language = chosen
    from ci_assess.files.catalogues import translator
    from ci_assess.files.overlays import localise_questionnaire
    from ci_assess.interview import text

    text.use(translator(chosen))
    localised = localise_questionnaire(session.questionnaire, chosen)
    session.questionnaire = localised.questionnaire
    for line in localised.warnings:
        prompt.say(Notice(line, "warning"))


def _checked_output(path: Path) -> Target:
    """The answers file's target: a writable regular file (through a link) or none yet."""
    target = check_target(path, force_option=None)
    if target.kind is Kind.STREAM:
        raise InputError.single(
            str(path),
            "is a device or a pipe, not a file: an interview saves to a file it can resume",
            hint="choose a file name for -o",
        )
    return target


def _run(options: InterviewOptions, prompt: Prompt, marker: Marker) -> Result:
    session = Session.open(options)
    session.marker = marker
    today = options.today or dt.date.today()
    _speak(session, options, prompt)
    if options.no_input:
        _require_nothing_missing(session)
        session.save()
        return session.result(Outcome.FINISHED)
    session.save()  # options may have filled in metadata
    navigator = Navigator(session, prompt, compact=options.compact, yes=options.yes)
    try:
        MetadataQuestions(session, prompt, today).ask()
        session.default_date(today)
        outcome = (
            run_section(options.section, session, prompt) if options.section else navigator.run()
        )
    except KeyboardInterrupt:
        outcome = Outcome.INTERRUPTED
    except EOFError:
        outcome = Outcome.ENDED
    except TooManyInvalidReplies:
        outcome = Outcome.GAVE_UP
    session.default_date(today)
    session.save()  # normally a no-op: each change was saved as it was made
    if outcome is Outcome.FINISHED:
        marker.remove()
    return session.result(outcome)


def _require_nothing_missing(session: Session) -> None:
    """--no-input never asks: name everything that would have been asked."""
    parts = [f"{what} ({flag})" for what, flag in session.draft.missing()]
    unanswered = session.unanswered_ids()
    if unanswered:
        more = len(unanswered) - 5
        shown = ", ".join(unanswered[:5]) + (f", … and {more} more" if more > 0 else "")
        parts.append(f"{len(unanswered)} unanswered question(s): {shown}")
    initiatives = [i.id for i in session.open_initiatives()]
    if initiatives:
        more = len(initiatives) - 5
        shown = ", ".join(initiatives[:5]) + (f", … and {more} more" if more > 0 else "")
        parts.append(f"{len(initiatives)} engagement initiative(s) not taken: {shown}")
    if parts:
        raise UsageError(
            f"--no-input: {session.path} needs " + "; ".join(parts) + "\n  hint: give the "
            "metadata as options, and run without --no-input to answer the questions"
        )


# --- the answers file being built ----------------------------------------------------


@dataclass
class Draft:
    """The answers file under construction: mutable while the interview runs."""

    questionnaire: str
    company: str | None = None
    assessed_on: dt.date | None = None
    assessor: str | None = None
    respondent_name: str | None = None
    respondent_role: str | None = None
    target: Intent | None = None
    targets: dict[str, float] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    engagement: dict[str, EngagementEntry] = field(default_factory=dict)
    language: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)
    """Outcomes, key accounts and their files, as plain data (``interview.facts``)."""
    industry: str | None = None
    size: str | None = None

    @classmethod
    def from_model(cls, model: AnswersFile, *, company_known: bool) -> Draft:
        """A draft holding everything an existing file holds."""
        respondent = model.respondent or Respondent()
        return cls(
            questionnaire=model.questionnaire,
            company=model.company if company_known else None,
            assessed_on=model.assessed_on,
            assessor=model.assessor,
            respondent_name=respondent.name,
            respondent_role=respondent.role,
            target=model.intent(),
            targets=dict(model.targets),
            answers=dict(model.answers),
            engagement=dict(model.engagement),
            language=model.language,
            extras=facts_data(model),
            industry=model.industry,
            size=model.size,
        )

    def missing(self) -> list[tuple[str, str]]:
        """Required metadata not known yet, as (what, option) pairs."""
        wanted = [
            (self.company, "company", "--company"),
            (self.respondent_role, "respondent role", "--role"),
            (self.target, "target discipline", "--target"),
        ]
        return [(what, flag) for value, what, flag in wanted if value is None]

    def data(self, questionnaire: Questionnaire) -> dict[str, Any]:
        """Plain data in the answers-file layout, answers in questionnaire order."""
        person = {"name": self.respondent_name, "role": self.respondent_role}
        optional: dict[str, Any] = {
            "assessed_on": self.assessed_on,
            "assessor": self.assessor,
            "respondent": {k: v for k, v in person.items() if v is not None} or None,
            "target_discipline": str(self.target) if self.target else None,
            "engagement": engagement_data(self.engagement, questionnaire) or None,
            "targets": {k: plain_number(v) for k, v in self.targets.items()} or None,
            "language": self.language,
            **self.extras,
            "industry": self.industry,
            "size": self.size,
        }
        ordered = [q.id for q in questionnaire.questions if q.id in self.answers]
        # Ids the questionnaire does not know cannot get past loading, but never drop one.
        ordered += [qid for qid in self.answers if qid not in questionnaire.question_map]
        # Always the version the answers were given against (a file without it would be
        # read against 1.0.0), unless the questionnaire's version is not one a file can name.
        version = recordable_version(questionnaire.version)
        return {
            "questionnaire": self.questionnaire,
            **({"questionnaire_version": version} if version else {}),
            "company": self.company,
            **{k: v for k, v in optional.items() if v is not None},
            "answers": {qid: answer_data(self.answers[qid]) for qid in ordered},
        }


class Session:
    """One answers file on disk, its questionnaire and the draft, saved on every change."""

    def __init__(
        self, path: Path, questionnaire: Questionnaire, draft: Draft, *, new: bool
    ) -> None:
        self.path = path
        self.questionnaire = questionnaire
        self.draft = draft
        self.new = new
        self._dirty = new
        self._on_disk = not new
        self.marker = Marker(None)  # the open-prompt record; run_interview sets the real one

    @classmethod
    def open(cls, options: InterviewOptions) -> Session:
        """Resume ``options.output`` if it exists, else start a new file; apply the options."""
        path = options.output
        if path.exists():
            session = cls._resume(path, options.questionnaire)
        else:
            session = cls._create(path, options.questionnaire or DEFAULT_QUESTIONNAIRE)
        session._apply(options)
        return session

    @classmethod
    def _create(cls, path: Path, ref: str) -> Session:
        folder = path.parent
        if not folder.is_dir():
            raise InputError.single(str(path), f"folder {str(folder)!r} does not exist")
        if not os.access(folder, os.W_OK):
            # Said now, not after the first answer has been typed.
            raise InputError.single(str(path), f"cannot write in folder {str(folder)!r}")
        questionnaire = load_questionnaire(ref, Path.cwd())
        return cls(path, questionnaire, Draft(_ref_from(path, ref)), new=True)

    @classmethod
    def _resume(cls, path: Path, wanted: str | None) -> Session:
        read = _read_answers_data(path)
        data = read.data
        company_known = data.get("company") not in (None, "")  # a blank template has ""
        if not company_known:
            data = {**data, "company": _NO_COMPANY}
        try:
            loaded = answers_from_data(data, read.source, read.text, read.base)
        except InputError as exc:
            raise _not_overwritten(exc.problems) from None
        model, questionnaire = loaded.answers, loaded.questionnaire
        if wanted is not None:
            _check_same_questionnaire(path, model, questionnaire, wanted)
        draft = Draft.from_model(model, company_known=company_known)
        return cls(path, questionnaire, draft, new=False)

    def _apply(self, options: InterviewOptions) -> None:
        """Fill metadata from options; an option contradicting the file is an error."""
        given: list[tuple[str, str, Any]] = [
            ("company", "--company", _option_text(options.company, "--company")),
            ("respondent_name", "--respondent", _option_text(options.respondent, "--respondent")),
            ("respondent_role", "--role", _option_text(options.role, "--role")),
            ("target", "--target", _intent(options.target, self.questionnaire)),
            ("assessor", "--assessor", _option_text(options.assessor, "--assessor")),
            ("industry", "--industry", _option_text(options.industry, "--industry")),
            ("size", "--size", _size(options.size)),
        ]
        for attr, flag, value in given:
            current = getattr(self.draft, attr)
            if value is None or value == current:
                continue
            if current is not None:
                raise UsageError(
                    f"{self.path} records {flag.lstrip('-')} {str(current)!r}, not {str(value)!r}"
                    "\n  hint: is this the right file? Leave the option out to resume it"
                )
            self._change(attr, value)  # saved by the caller: --no-input checks first

    def update(self, **changes: Any) -> None:
        """Change metadata and save."""
        for name, value in changes.items():
            self._change(name, value)
        self.save()

    def _change(self, name: str, value: Any) -> None:
        if getattr(self.draft, name) != value:
            setattr(self.draft, name, value)
            self._dirty = True

    def set_answer(self, question_id: str, answer: Answer) -> None:
        """Record an answer and save."""
        if self.draft.answers.get(question_id) != answer:
            self.draft.answers[question_id] = answer
            self._dirty = True
        self.save()

    def restore_answer(self, question_id: str, answer: Answer | None) -> None:
        """Put back an earlier answer (None: unanswered again) and save: undo."""
        if answer is None:
            self._dirty |= self.draft.answers.pop(question_id, None) is not None
            self.save()
        else:
            self.set_answer(question_id, answer)

    def restore_engagement(self, initiative_id: str, entry: EngagementEntry | None) -> None:
        """Put back an earlier inventory answer (None: not taken again) and save: undo."""
        if entry is None:
            self._dirty |= self.draft.engagement.pop(initiative_id, None) is not None
            self.save()
        else:
            self.set_engagement(initiative_id, entry)

    def default_date(self, today: dt.date) -> None:
        """A new interview happens today unless the consultant said otherwise."""
        if self.new and self.draft.assessed_on is None:
            self.update(assessed_on=today)

    def save(self) -> None:
        """Write the file if anything changed since the last write and the company is known."""
        if not self._dirty or self.draft.company is None:
            return
        data = self.draft.data(self.questionnaire)
        AnswersFile.model_validate(data)  # never write a file that `report` would refuse
        controls = control_problems_in(data)
        if controls:  # CleanReplies removes them from every reply: a bug if one is here
            raise AssertionError(f"a control character would be saved: {controls[0].message}")
        try:
            write_atomic(self.path, answers_yaml(data))
        except InputError as exc:
            if not self._on_disk:
                raise
            problem = exc.problems[0]  # write_atomic names the file and the reason
            raise InputError.single(
                problem.source,
                f"{problem.message}; it still holds the answers saved before",
                hint=problem.hint,
            ) from None
        self._dirty = False
        self._on_disk = True

    def set_engagement(self, initiative_id: str, entry: EngagementEntry) -> None:
        """Record one initiative of the engagement inventory and save."""
        if self.draft.engagement.get(initiative_id) != entry:
            self.draft.engagement[initiative_id] = entry
            self._dirty = True
        self.save()

    def set_extra(self, key: str, value: Any) -> None:
        """Record an outcome or key-account key (None removes it) and save."""
        value = plain(value)
        current = self.draft.extras.get(key)
        if value is None:
            if key in self.draft.extras:
                del self.draft.extras[key]
                self._dirty = True
        elif current != value:
            self.draft.extras[key] = value
            self._dirty = True
        self.save()

    def applies(self, question: Question) -> bool:
        """Whether ``question`` is asked for the target (all are, while it is not known).

        Applicability follows the target alone (``applies_when``), never the answers.
        """
        rule = self.questionnaire.applies_when(question)
        return rule is None or self.draft.target is None or rule.holds(self.draft.target)

    def questions(self) -> list[Question]:
        """The questions the interview asks, in questionnaire order."""
        return [q for q in self.questionnaire.questions if self.applies(q)]

    def unanswered_ids(self) -> list[str]:
        """Ids of the questions asked but without an answer, in questionnaire order."""
        return [q.id for q in self.questions() if q.id not in self.draft.answers]

    def open_initiatives(self) -> list[EngagementInitiative]:
        """The engagement inventory's initiatives not answered yet, in catalogue order."""
        catalogue = self.questionnaire.engagement_initiatives
        return [i for i in catalogue if i.id not in self.draft.engagement]

    def progress(self) -> tuple[int, int]:
        """How many questions asked are answered, and how many of those are n/a.

        An answer to a question the target makes inapplicable stays in the file but
        is not counted: it is neither asked nor missing.
        """
        asked = {q.id for q in self.questions()}
        known = [a for qid, a in self.draft.answers.items() if qid in asked]
        return len(known), sum(a.is_na for a in known)

    def result(self, outcome: Outcome) -> Result:
        """How far this session got."""
        answered, not_applicable = self.progress()
        return Result(
            outcome=outcome,
            output=self.path,
            saved=self._on_disk,
            total=len(self.questions()),
            answered=answered,
            not_applicable=not_applicable,
        )


def _read_answers_data(path: Path) -> ReadAnswers:
    """An existing file read and parsed, refused unless it looks like answers."""
    source = str(path)
    try:
        read = read_answers(source)  # as `report` reads it: no aliases
    except InputError as exc:
        raise _not_overwritten(exc.problems) from None
    data = read.data
    if "questions" in data:
        raise _not_overwritten([Problem(source, "is a questionnaire, not an answers file", 1)])
    if not _ANSWERS_KEYS & data.keys():
        raise _not_overwritten(
            [Problem(source, "is not an answers file (no questionnaire, company or answers)", 1)]
        )
    return read


def _not_overwritten(problems: list[Problem]) -> InputError:
    closing = Problem(
        problems[0].source,
        "not overwritten",
        hint="choose another --output file, or fix this one and run again",
    )
    return InputError([*problems, closing])


def _check_same_questionnaire(
    path: Path, model: AnswersFile, questionnaire: Questionnaire, wanted_ref: str
) -> None:
    wanted = load_questionnaire(wanted_ref, Path.cwd())
    if wanted.id != questionnaire.id:
        raise UsageError(
            f"{path} was made for questionnaire {questionnaire.id!r} ({model.questionnaire}), "
            f"not {wanted.id!r}\n  hint: choose another --output file for a {wanted.id!r} "
            "interview, or leave out --questionnaire to resume this one"
        )


def _ref_from(output: Path, ref: str) -> str:
    """The questionnaire reference to write, resolvable from the answers file's folder."""
    if ref in bundled_questionnaires():
        return ref
    target = resolve_questionnaire(ref, Path.cwd()).resolve()
    try:
        relative = target.relative_to(output.parent.resolve()).as_posix()
    except ValueError:
        return str(target)  # elsewhere: an absolute path survives moving the answers file
    # A bare name without '/' or '.yaml' would be taken for a bundled id.
    return relative if "/" in relative or relative.endswith((".yaml", ".yml")) else f"./{relative}"


def _option_text(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    if not value.strip():
        raise UsageError(f"{flag} must not be empty")
    return value.strip()


def _intent(value: str | None, questionnaire: Questionnaire) -> Intent | None:
    if value is None:
        return None
    found = match_intent(questionnaire, value)
    if found.intent is None:
        raise UsageError(f"--target: {refusal(questionnaire, found)}")
    return found.intent


def _size(value: str | None) -> str | None:
    """``--size`` as the answers file records it: one of the four sizes (UsageError)."""
    from ci_assess.core.benchmark import SIZES

    if value is None or value in SIZES:
        return value
    raise UsageError(
        f"--size {value!r} is not a size\n  hint: use micro (under 10 employees), small "
        "(10-49), mid (50-249) or large (250 and more)"
    )

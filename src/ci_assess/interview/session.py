"""The interview: ask the metadata and every question, move around, save after each change.

A small state machine over positions (one question, or the closing review) that
talks to the consultant only through a ``Prompt`` (prompts.py): it knows nothing
about typer or rich, and tests drive it with scripted replies.

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
from enum import Enum
from pathlib import Path
from typing import Any, Literal

import yaml

from ci_assess.core.models.answers import Answer, AnswersFile, EngagementEntry, Respondent
from ci_assess.core.models.questionnaire import (
    UNDECIDED,
    EngagementInitiative,
    Intent,
    OperatingModelTag,
    Question,
    Questionnaire,
)
from ci_assess.errors import InputError, Problem, UsageError
from ci_assess.files import yamlio
from ci_assess.files.answers_yaml import recordable_version
from ci_assess.files.loading import (
    answers_from_data,
    bundled_questionnaires,
    load_questionnaire,
    resolve_questionnaire,
)
from ci_assess.files.writing import Kind, Target, check_target, write_atomic
from ci_assess.interview import lock
from ci_assess.interview.prompts import (
    INVALID_REPLY_LIMIT,
    GroupRow,
    GroupsView,
    InitiativeView,
    LevelRow,
    Notice,
    Prompt,
    QuestionView,
    ReviewRow,
    ReviewView,
    TooManyInvalidReplies,
)

DEFAULT_QUESTIONNAIRE = "customer-intimacy"
HEADER = "# Answers file written by 'ci-assess interview'; run it again on this file to resume.\n"
_ANSWERS_KEYS = frozenset({"questionnaire", "company", "answers"})
# pydantic requires a company; a blank template gets this stand-in while validating only.
_NO_COMPANY = "<not yet given>"
_HELP_KEYS = frozenset({"?", "h", "help"})
_NA_KEYS = frozenset({"n", "na", "n/a"})
_REVIEW_KEYS = "number or id = change that answer · b = back · g = jump to group · " + (
    "f or Enter = finish · q = save and quit"
)
_INVENTORY_KEY = " · e = engagement inventory"  # at the review, when the questionnaire has one
_INITIATIVE_KEYS = "y = it runs · n = it does not · b = back · s = skip · r = review · " + (
    "? = help · q = save and quit"
)
_TAGS: dict[str, OperatingModelTag] = {
    "s": "structure",
    "structure": "structure",
    "m": "metrics",
    "metrics": "metrics",
    "r": "rewards",
    "rewards": "rewards",
    "h": "hiring",
    "hiring": "hiring",
}
_TAG_ORDER: tuple[OperatingModelTag, ...] = ("structure", "metrics", "rewards", "hiring")
_CHANGED_KEYS = "s = structure, m = metrics, r = rewards, h = hiring (several: s m)"


class Outcome(Enum):
    """How an interview run ended."""

    FINISHED = "finished"  # finished at the review, or --no-input found nothing to ask
    PAUSED = "paused"  # 'q': saved and stopped on purpose
    ENDED = "ended"  # standard input ended before the interview was finished
    INTERRUPTED = "interrupted"  # Ctrl-C
    GAVE_UP = "gave up"  # piped input: too many invalid replies in a row (see ReplyLimit)


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
        return _run(options, prompt)


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


def _run(options: InterviewOptions, prompt: Prompt) -> Result:
    session = Session.open(options)
    today = options.today or dt.date.today()
    if options.no_input:
        _require_nothing_missing(session)
        session.save()
        return session.result(Outcome.FINISHED)
    session.save()  # options may have filled in metadata
    interview = Interview(session, prompt, today)
    try:
        interview.ask_metadata()
        session.default_date(today)
        outcome = interview.run()
    except KeyboardInterrupt:
        outcome = Outcome.INTERRUPTED
    except EOFError:
        outcome = Outcome.ENDED
    except TooManyInvalidReplies:
        outcome = Outcome.GAVE_UP
    session.default_date(today)
    session.save()  # normally a no-op: each change was saved as it was made
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
            "engagement": _engagement_data(self.engagement, questionnaire) or None,
            "targets": {k: _plain_number(v) for k, v in self.targets.items()} or None,
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


def answer_data(answer: Answer) -> int | dict[str, Any]:
    """One answer as written: a bare level when there is nothing else to say."""
    if answer.level is not None and answer.note is None and answer.evidence is None:
        return answer.level
    full = {"level": answer.level, "na": answer.na}
    full |= {"note": answer.note, "evidence": answer.evidence}
    return {k: v for k, v in full.items() if v is not None}


def answers_yaml(data: dict[str, Any]) -> str:
    """The answers file's text (safe_dump quotes whatever YAML would misread, e.g. 'yes')."""
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1_000_000)
    return HEADER + body


def _engagement_data(
    entries: dict[str, EngagementEntry], questionnaire: Questionnaire
) -> dict[str, dict[str, Any]]:
    """The inventory in catalogue order: ``{runs: false}`` or ``{runs: true, changed: [...]}``."""
    order = [i.id for i in questionnaire.engagement_initiatives if i.id in entries]
    order += [iid for iid in entries if iid not in order]  # never drop one
    return {iid: _entry_data(entries[iid]) for iid in order}


def _entry_data(entry: EngagementEntry) -> dict[str, Any]:
    return {"runs": entry.runs, **({"changed": list(entry.changed)} if entry.changed else {})}


def _plain_number(value: float) -> int | float:
    # pydantic reads target 80 as 80.0; write it back the way a person wrote it.
    return int(value) if value.is_integer() else value


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
        source = str(path)
        text, data = _read_answers_data(path)
        company_known = data.get("company") not in (None, "")  # a blank template has ""
        if not company_known:
            data = {**data, "company": _NO_COMPANY}
        try:
            loaded = answers_from_data(data, source, text, path.parent)
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


def _read_answers_data(path: Path) -> tuple[str, dict[str, Any]]:
    """The text and data of an existing file, refused unless it looks like answers."""
    source = str(path)
    try:
        text = yamlio.read_text(source)
        data = yamlio.parse(source, text)
    except InputError as exc:
        raise _not_overwritten(exc.problems) from None
    if "questions" in data:
        raise _not_overwritten([Problem(source, "is a questionnaire, not an answers file", 1)])
    if not _ANSWERS_KEYS & data.keys():
        raise _not_overwritten(
            [Problem(source, "is not an answers file (no questionnaire, company or answers)", 1)]
        )
    return text, data


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


def intents(questionnaire: Questionnaire) -> list[Intent]:
    """The targets a respondent can name: the disciplines, and undecided in format 2."""
    found: list[Intent] = [d.id for d in questionnaire.disciplines]
    return [*found, UNDECIDED] if questionnaire.format == 2 else found


def _intent(value: str | None, questionnaire: Questionnaire) -> Intent | None:
    if value is None:
        return None
    intent = questionnaire.resolve_intent(value.strip().lower())
    if intent is None:
        allowed = ", ".join(str(i) for i in intents(questionnaire))
        raise UsageError(f"--target: unknown discipline {value!r}; use {allowed}")
    return intent


# --- the interview loop --------------------------------------------------------------


@dataclass(frozen=True)
class _At:
    """Asking question ``index``; ``from_review`` returns to the review once answered."""

    index: int
    from_review: bool = False


@dataclass(frozen=True)
class _Review:
    """Showing the review of every answer."""


@dataclass(frozen=True)
class _Initiative:
    """Asking initiative ``index`` of the engagement inventory (format 2).

    The inventory is its own section after the questions, before the review;
    ``from_review`` walks it once more from the review and returns there.
    """

    index: int
    from_review: bool = False


_REVIEW = _Review()
_Step = _At | _Initiative | _Review | Outcome
_Choice = int | Literal["na"]


class Interview:
    """Ask the metadata, then walk the questions and the review until done."""

    def __init__(self, session: Session, prompt: Prompt, today: dt.date) -> None:
        self.session = session
        self.prompt = prompt
        self.today = today
        self.questionnaire = session.questionnaire
        self.initiatives = session.questionnaire.engagement_initiatives
        self._select_questions()
        self.history: list[int] = []  # questions left, most recent last: 'b' goes back
        self.skipped: set[int] = set()  # skipped in this run: not asked again until review
        self.skipped_initiatives: set[int] = set()  # likewise, in the engagement inventory

    def _select_questions(self) -> None:
        """The questions asked: those that apply to the target (asked first, so known)."""
        self.questions = self.session.questions()
        # Groups as shown and numbered, in progress lines and for 'g': those with questions.
        self.groups = [g for g in self.questionnaire.groups if self._members(g.id)]

    # metadata

    def ask_metadata(self) -> None:
        """Ask for the missing metadata; nothing is asked when all required is known."""
        q, draft = self.questionnaire, self.session.draft
        self.prompt.say(Notice(f"{q.title} ({q.id} v{q.version}), {len(self.questions)} questions"))
        if not draft.missing():
            return
        self.prompt.say(Notice("First the assessment; Enter skips what is optional.", "help"))
        if draft.target is None and self.questionnaire.format == 2:
            # Asked first: the target decides which questions apply.
            self.session.update(target=self._target())
        if draft.company is None:
            self.session.update(company=self._required("company"))
        if draft.respondent_name is None:
            self.session.update(respondent_name=self._optional("respondent name (Enter = none)"))
        if draft.respondent_role is None:
            self.session.update(respondent_role=self._required("respondent role, e.g. CEO"))
        if draft.target is None:
            self.session.update(target=self._target())
        if draft.assessor is None:
            self.session.update(assessor=self._optional("assessor (Enter = none)"))
        if draft.assessed_on is None:
            self.session.update(assessed_on=self._date())

    def _required(self, label: str) -> str:
        while True:
            reply = self.prompt.ask(label).strip()
            if reply:
                return reply
            self.prompt.say(Notice(f"{label.split(',', 1)[0]} is required", "warning"))

    def _optional(self, label: str) -> str | None:
        return self.prompt.ask(label).strip() or None

    def _target(self) -> Intent:
        choices = intents(self.questionnaire)
        listing = " · ".join(f"{n} = {d}" for n, d in enumerate(choices, 1))
        self.prompt.say(Notice(f"Target value discipline: {listing}", "help"))
        while True:
            reply = self.prompt.ask(f"target discipline (1-{len(choices)} or name)").strip().lower()
            if reply.isdecimal() and 1 <= int(reply) <= len(choices):
                return choices[int(reply) - 1]
            intent = self.questionnaire.resolve_intent(reply) if reply else None
            if intent is not None:
                return intent
            self.prompt.say(Notice(f"not a discipline: {reply!r}; type {listing}", "warning"))

    def _date(self) -> dt.date:
        while True:
            reply = self.prompt.ask(f"date of the interview (Enter = {self.today})").strip()
            if not reply:
                return self.today
            try:
                return dt.date.fromisoformat(reply)
            except ValueError:
                self.prompt.say(Notice(f"not a date: {reply!r}; use YYYY-MM-DD", "warning"))

    # questions and review

    def run(self) -> Outcome:
        """Walk from the first unanswered question to the review; return how it ended."""
        self._select_questions()  # the target is known now
        step = self._start()
        while not isinstance(step, Outcome):
            if isinstance(step, _Review):
                step = self._review()
            elif isinstance(step, _Initiative):
                step = self._initiative(step)
            else:
                step = self._question(step)
        return step

    def _start(self) -> _Step:
        first = self._next_open(-1)
        if first is None:
            inventory = self._next_initiative(-1)
            if inventory is not None:
                self.prompt.say(
                    Notice("Every question has an answer: now the engagement inventory.")
                )
                return inventory
            self.prompt.say(Notice("Every question has an answer: here is the review.", "success"))
            return _REVIEW
        answered, _ = self.session.progress()
        if answered:
            self.prompt.say(Notice(f"Resuming at question {first + 1} ({answered} answered)."))
        return _At(first)

    def _question(self, at: _At) -> _Step:
        self.prompt.say(self._question_view(at.index))
        while True:
            reply = self.prompt.ask("answer").strip()
            if reply.lower() in _HELP_KEYS:
                self.prompt.say(self._help())
                continue
            step = self._navigate(at, reply.lower())
            if step is None:
                step = self._answer(at, reply)
            if step is not None:
                return step

    def _navigate(self, at: _At, key: str) -> _Step | None:
        """Act on a navigation key; None when ``key`` is not one."""
        if key == "q":
            return Outcome.PAUSED
        if key == "b":
            return self._back(at)
        if key == "g":
            return self._jump(at)
        if key == "r":
            self.history.append(at.index)
            return _REVIEW
        if key == "s":
            self.skipped.add(at.index)
        elif not (key == "" and self._answer_of(at.index) is not None):
            return None
        self.history.append(at.index)  # skipped, or Enter kept the current answer
        return self._after(at)

    def _answer(self, at: _At, reply: str) -> _Step | None:
        """Take a level or n/a with its note and evidence; None (re-ask) when invalid."""
        choice = self._choice(reply)
        if choice is None:
            self.prompt.say(Notice(f"not an answer: {reply!r}; type {self._keys()}", "warning"))
            return None
        qid = self.questions[at.index].id
        current = self.session.draft.answers.get(qid)
        note, evidence = (current.note, current.evidence) if current else (None, None)
        if choice == "na":
            answer = Answer(na=self._reason(current), note=note, evidence=evidence)
        else:
            answer = Answer(level=choice, note=note, evidence=evidence)
        # Saved at each step, so that Ctrl-C at a later prompt loses nothing confirmed.
        self.session.set_answer(qid, answer)
        answer = answer.model_copy(update={"note": self._text("note", note)})
        self.session.set_answer(qid, answer)
        answer = answer.model_copy(update={"evidence": self._text("evidence", evidence)})
        self.session.set_answer(qid, answer)
        self.history.append(at.index)
        return self._after(at)

    def _choice(self, reply: str) -> _Choice | None:
        key = reply.lower()
        if key in _NA_KEYS:
            return "na"
        try:
            level = int(key)
        except ValueError:
            return None
        lo, hi = self.questionnaire.min_level, self.questionnaire.max_level
        return level if lo <= level <= hi else None

    def _reason(self, current: Answer | None) -> str:
        keep = current.na if current else None
        label = "why does it not apply?" + (" (Enter = keep)" if keep else "")
        while True:
            reply = self.prompt.ask(label).strip()
            if reply or keep:
                return reply or str(keep)
            self.prompt.say(Notice("n/a needs a reason: the report shows it", "warning"))

    def _text(self, label: str, current: str | None) -> str | None:
        """An optional free text; Enter keeps what is there and '-' clears it."""
        hint = f"Enter = keep {_short(current)!r}, - = clear" if current else "Enter = none"
        reply = self.prompt.ask(f"{label} ({hint})").strip()
        if reply == "-":
            return None
        return reply or current

    def _review(self) -> _Step:
        self.prompt.say(self._review_view())
        if self.initiatives:
            self.prompt.say(Notice(self._inventory_summary()))
        while True:
            reply = self.prompt.ask("review").strip()
            key = reply.lower()
            if key in {"", "f"}:
                return Outcome.FINISHED
            if key == "q":
                return Outcome.PAUSED
            if key == "b":
                return self._back(_REVIEW)
            if key == "g":
                return self._jump(_REVIEW)
            if key == "e" and self.initiatives:
                return _Initiative(0, from_review=True)
            if key in _HELP_KEYS:
                self.prompt.say(self._help())
                continue
            index = self._find_question(reply)
            if index is not None:
                return _At(index, from_review=True)
            self.prompt.say(Notice(f"not a question: {reply!r}; {_REVIEW_KEYS}", "warning"))

    def _back(self, here: _At | _Review) -> _Step:
        if self.history:
            return _At(self.history.pop())
        index = here.index if isinstance(here, _At) else len(self.questions)
        if index > 0:
            return _At(index - 1)
        self.prompt.say(Notice("this is the first question", "warning"))
        return here

    def _jump(self, here: _At | _Review) -> _Step:
        groups = self.groups
        rows = tuple(self._group_row(n, g.id) for n, g in enumerate(groups, 1))
        self.prompt.say(GroupsView(rows))
        while True:
            reply = self.prompt.ask(f"group (1-{len(groups)} or id, Enter = stay)").strip().lower()
            if not reply:
                return here
            chosen = next((g for n, g in enumerate(groups, 1) if reply in {str(n), g.id}), None)
            if chosen is not None:
                break
            self.prompt.say(Notice(f"not a group: {reply!r}", "warning"))
        if isinstance(here, _At):
            self.history.append(here.index)
        members = self._members(chosen.id)
        self.skipped.difference_update(members)  # jumping to a group means answering it now
        return _At(next((i for i in members if self._answer_of(i) is None), members[0]))

    def _after(self, at: _At) -> _Step:
        if at.from_review:
            return _REVIEW
        following = self._next_open(at.index)
        if following is not None:
            return _At(following)
        return self._next_initiative(-1) or _REVIEW

    # the engagement inventory (format 2): its own section after the questions

    def _initiative(self, at: _Initiative) -> _Step:
        self.prompt.say(self._initiative_view(at.index))
        while True:
            reply = self.prompt.ask("runs? (y/n)").strip().lower()
            if reply in _HELP_KEYS:
                self.prompt.say(self._help())
                continue
            step = self._initiative_key(at, reply)
            if step is not None:
                return step
            self.prompt.say(Notice(f"not an answer: {reply!r}; type {_INITIATIVE_KEYS}", "warning"))

    def _initiative_key(self, at: _Initiative, key: str) -> _Step | None:
        """Act on one reply at an initiative; None (re-ask) when it is not a valid one."""
        iid = self.initiatives[at.index].id
        current = self.session.draft.engagement.get(iid)
        if key == "q":
            return Outcome.PAUSED
        if key == "r":
            return _REVIEW
        if key == "b":
            return self._initiative_back(at)
        if key == "s":
            self.skipped_initiatives.add(at.index)
        elif key in {"y", "yes"}:
            # Saved at once, so that Ctrl-C at the next prompt loses nothing confirmed.
            changed = current.changed if current and current.runs else []
            self.session.set_engagement(iid, EngagementEntry(runs=True, changed=changed))
            changed = self._changed(changed)
            self.session.set_engagement(iid, EngagementEntry(runs=True, changed=changed))
        elif key in {"n", "no"}:
            self.session.set_engagement(iid, EngagementEntry(runs=False))
        elif not (key == "" and current is not None):
            return None
        return self._after_initiative(at)

    def _changed(self, current: list[OperatingModelTag]) -> list[OperatingModelTag]:
        """Which parts of the operating model the initiative changed: letters or words."""
        keep = f"Enter = keep {' '.join(current)}, - = none" if current else "Enter = none"
        while True:
            reply = self.prompt.ask(f"changed: {_CHANGED_KEYS} ({keep})").strip().lower()
            if reply == "-" or (not reply and not current):
                return []
            if not reply:
                return current
            tags = [_TAGS.get(word) for word in reply.replace(",", " ").split()]
            if all(tags):
                chosen = {t for t in tags if t}
                return [t for t in _TAG_ORDER if t in chosen]  # fixed order, no repeats
            self.prompt.say(Notice(f"not a change: {reply!r}; type {_CHANGED_KEYS}", "warning"))

    def _after_initiative(self, at: _Initiative) -> _Step:
        if at.from_review:
            following = at.index + 1
            return _Initiative(following, True) if following < len(self.initiatives) else _REVIEW
        return self._next_initiative(at.index) or _REVIEW

    def _initiative_back(self, at: _Initiative) -> _Step:
        if at.index > 0:
            return _Initiative(at.index - 1, at.from_review)
        if self.questions:
            return _At(len(self.questions) - 1)
        return at

    def _next_initiative(self, after: int) -> _Initiative | None:
        """The next initiative after ``after`` neither answered nor skipped in this run."""
        answered = self.session.draft.engagement
        return next(
            (
                _Initiative(i)
                for i in range(after + 1, len(self.initiatives))
                if i not in self.skipped_initiatives and self.initiatives[i].id not in answered
            ),
            None,
        )

    def _next_open(self, after: int) -> int | None:
        """The next question after ``after`` neither answered nor skipped in this run."""
        return next(
            (
                i
                for i in range(after + 1, len(self.questions))
                if i not in self.skipped and self._answer_of(i) is None
            ),
            None,
        )

    def _find_question(self, reply: str) -> int | None:
        if reply.isdecimal() and 1 <= int(reply) <= len(self.questions):
            return int(reply) - 1
        return next((i for i, q in enumerate(self.questions) if q.id == reply), None)

    def _answer_of(self, index: int) -> Answer | None:
        return self.session.draft.answers.get(self.questions[index].id)

    def _members(self, group_id: str) -> list[int]:
        return [i for i, q in enumerate(self.questions) if q.group == group_id]

    # views

    def _keys(self) -> str:
        lo, hi = self.questionnaire.min_level, self.questionnaire.max_level
        return (
            f"{lo}-{hi} level · n = n/a · b = back · s = skip · g = jump to group · "
            "r = review · ? = help · q = save and quit"
        )

    def _help(self) -> Notice:
        scale = ", ".join(f"{s.level} {s.name}" for s in self.questionnaire.scale)
        inventory = (
            f"{_INVENTORY_KEY}.\nIn the engagement inventory: {_INITIATIVE_KEYS}"
            if self.initiatives
            else ""
        )
        return Notice(
            f"Scale: {scale}.\nAt a question: {self._keys()}; Enter keeps a current answer.\n"
            "After a level or n/a (with its reason) come an optional note and evidence: "
            "Enter keeps them, '-' clears them.\n"
            f"At the review: {_REVIEW_KEYS}{inventory}.\n"
            f"Every answer is saved to {self.session.path} at once; run the same command "
            "again to resume.",
            "help",
        )

    def _question_view(self, index: int) -> QuestionView:
        question = self.questions[index]
        groups = self.groups
        group_number = next(n for n, g in enumerate(groups, 1) if g.id == question.group)
        members = self._members(question.group)
        return QuestionView(
            question_id=question.id,
            text=question.text,
            help=question.help,
            levels=tuple(
                LevelRow(lvl, self.questionnaire.level_name(lvl), question.levels[lvl])
                for lvl in sorted(question.levels)
            ),
            number=index + 1,
            total=len(self.questions),
            answered=self.session.progress()[0],
            group_title=groups[group_number - 1].title,
            group_number=group_number,
            group_count=len(groups),
            in_group=members.index(index) + 1,
            group_size=len(members),
            group_answered=sum(self._answer_of(i) is not None for i in members),
            current=self._describe(self._answer_of(index)),
            keys=self._keys(),
        )

    def _describe(self, answer: Answer | None) -> str | None:
        if answer is None:
            return None
        return " · ".join([self._choice_text(answer), *_details(answer)])

    def _choice_text(self, answer: Answer) -> str:
        if answer.level is None:
            return f"n/a: {answer.na}"
        return f"{answer.level} {self.questionnaire.level_name(answer.level)}"

    def _initiative_view(self, index: int) -> InitiativeView:
        item = self.initiatives[index]
        entry = self.session.draft.engagement.get(item.id)
        return InitiativeView(
            initiative_id=item.id,
            title=item.title,
            help=item.help,
            number=index + 1,
            total=len(self.initiatives),
            answered=len([i for i in self.initiatives if i.id in self.session.draft.engagement]),
            current=_describe_entry(entry) if entry else None,
            keys=_INITIATIVE_KEYS,
        )

    def _review_view(self) -> ReviewView:
        rows = []
        for n, question in enumerate(self.questions, 1):
            answer = self._answer_of(n - 1)
            rows.append(
                ReviewRow(
                    number=n,
                    question_id=question.id,
                    group_title=self.questionnaire.group_map[question.group].title,
                    answer=self._choice_text(answer) if answer else None,
                    details=" · ".join(_details(answer)) if answer else "",
                )
            )
        answered, not_applicable = self.session.progress()
        return ReviewView(
            rows=tuple(rows),
            answered=answered,
            not_applicable=not_applicable,
            unanswered=len(self.questions) - answered,
            keys=_REVIEW_KEYS + (_INVENTORY_KEY if self.initiatives else ""),
        )

    def _inventory_summary(self) -> str:
        entries = self.session.draft.engagement
        known = [entries[i.id] for i in self.initiatives if i.id in entries]
        runs = sum(e.runs for e in known)
        return (
            f"Engagement inventory: {len(known)} of {len(self.initiatives)} answered, "
            f"{runs} run · e = go through it again"
        )

    def _group_row(self, number: int, group_id: str) -> GroupRow:
        members = self._members(group_id)
        return GroupRow(
            number=number,
            group_id=group_id,
            title=self.questionnaire.group_map[group_id].title,
            answered=sum(self._answer_of(i) is not None for i in members),
            size=len(members),
        )


def _describe_entry(entry: EngagementEntry) -> str:
    if not entry.runs:
        return "does not run"
    return "runs" + (
        f", changed {', '.join(entry.changed)}" if entry.changed else ", changed nothing"
    )


def _details(answer: Answer) -> list[str]:
    parts = [("note", answer.note), ("evidence", answer.evidence)]
    return [f"{label}: {text}" for label, text in parts if text]


def _short(text: str | None, width: int = 30) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"

"""The interview's walk: a state machine over questions, the inventory and the review.

A position is one question (``_At``), one initiative of the engagement inventory
(``_Initiative``, format 2), or the closing review; each step shows its view, reads
replies until one is valid, saves what was confirmed through the session, and says
where to go next, until an ``Outcome`` ends the walk. Views come from ``views.py``;
the consultant is reached only through the ``Prompt``.

Every change made in this run (an answer, a note, evidence, an initiative) is kept on
an undo stack (``u``, back to the start of the run, not across a resume); the pace of
the answers gives the time left in the progress line; the note or evidence prompt
that is open is recorded in the session marker, so that a resume after a crash can
say which note was lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Literal

from ci_assess.core.models.answers import Answer, EngagementEntry
from ci_assess.core.models.questionnaire import OperatingModelTag, Question
from ci_assess.interview.prompts import Notice, Prompt
from ci_assess.interview.text import N_, _
from ci_assess.interview.tracking import Change, Changes, Pace
from ci_assess.interview.views import (
    CHANGED_KEYS,
    INITIATIVE_KEYS,
    Views,
    describe_entry,
    short,
)

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

_HELP_KEYS = frozenset({"?", "h", "help"})
_NA_KEYS = frozenset({"n", "na", "n/a"})
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


class Outcome(Enum):
    """How an interview run ended."""

    FINISHED = "finished"  # finished at the review, or --no-input found nothing to ask
    PAUSED = "paused"  # 'q': saved and stopped on purpose
    ENDED = "ended"  # standard input ended before the interview was finished
    INTERRUPTED = "interrupted"  # Ctrl-C
    GAVE_UP = "gave up"  # piped input: too many invalid replies in a row (see ReplyLimit)


@dataclass(frozen=True)
class _At:
    """Asking question ``index``; ``from_review`` returns to the review once answered."""

    index: int
    from_review: bool = False


@dataclass(frozen=True)
class _Initiative:
    """Asking initiative ``index`` of the engagement inventory (format 2).

    The inventory is its own section after the questions, before the review;
    ``from_review`` walks it once more from the review and returns there.
    """

    index: int
    from_review: bool = False


@dataclass(frozen=True)
class _Review:
    """Showing the review: the summary by group, or the questions of ``group``."""

    group: str | None = None


_REVIEW = _Review()
_Step = _At | _Initiative | _Review | Outcome
_Choice = int | Literal["na"]


class Navigator:
    """Walk the questions, the inventory and the review until done."""

    def __init__(
        self, session: Session, prompt: Prompt, *, compact: bool = False, yes: bool = False
    ) -> None:
        self.session = session
        self.prompt = prompt
        self.questionnaire = session.questionnaire
        self.initiatives = session.questionnaire.engagement_initiatives
        self.history: list[int] = []  # questions left, most recent last: 'b' goes back
        self.skipped: set[int] = set()  # skipped in this run: not asked again until review
        self.skipped_initiatives: set[int] = set()  # likewise, in the engagement inventory
        self.views = Views(session, session.questions())
        self.compact = compact  # level names only; descriptions on '?' ('c' toggles)
        self.yes = yes  # finishing with questions unanswered needs no confirmation
        self.changes = Changes()  # for 'u'
        self.pace = Pace(prompt.now)  # the progress line's timer

    @property
    def questions(self) -> list[Question]:
        """The questions asked, as the views number them."""
        return self.views.questions

    def run(self) -> Outcome:
        """Walk from the first unanswered question to the review; return how it ended."""
        self.views = Views(self.session, self.session.questions())  # the target is known now
        step = self._start()
        while not isinstance(step, Outcome):
            if isinstance(step, _Review):
                step = self._review(step)
            elif isinstance(step, _Initiative):
                step = self._initiative(step)
            else:
                step = self._question(step)
        return step

    def _start(self) -> _Step:
        resumed = self._resume_notice()
        if resumed:
            self.prompt.say(Notice(resumed))
        first = self._next_open(-1)
        if first is None:
            inventory = self._next_initiative(-1)
            if inventory is not None:
                self.prompt.say(
                    Notice(_("Every question has an answer: now the engagement inventory."))
                )
                return inventory
            self.prompt.say(
                Notice(_("Every question has an answer: here is the review."), "success")
            )
            return _REVIEW
        if resumed:
            self.prompt.say(Notice(_("Resuming at question %(n)s.", n=first + 1)))
        return _At(first)

    def _resume_notice(self) -> str | None:
        """Whose interview this is and where it stands, when a file is resumed."""
        answered = self.session.progress()[0]
        lost = self.session.marker.lost()
        if self.session.new or not (answered or lost):
            return None
        draft = self.session.draft
        person = " ".join(
            part
            for part in (
                draft.respondent_name,
                f"({draft.respondent_role})" if draft.respondent_role else None,
            )
            if part
        )
        who = f"{draft.company} — {person}" if person else str(draft.company)
        text = _(
            "%(who)s: %(answered)s of %(total)s answered",
            who=who,
            answered=answered,
            total=len(self.questions),
        )
        if lost is not None:
            field, qid = lost
            number = next((n for n, q in enumerate(self.questions, 1) if q.id == qid), None)
            if number is not None and field == "reason":
                text += _(
                    "; question %(n)s is unanswered: its n/a reason was being typed", n=number
                )
            elif number is not None:
                text += _(
                    "; question %(n)s was saved without the %(field)s you had started",
                    n=number,
                    field=_(field),
                )
        return text

    # questions

    def _question(self, at: _At) -> _Step:
        self._show(at.index)
        while True:
            reply = self.prompt.ask(_("answer")).strip()
            key = reply.lower()
            if key in _HELP_KEYS:
                if self.compact:
                    self.prompt.say(self.views.question(at.index, compact=False))
                self.prompt.say(self.views.help())
                continue
            if key == "c":
                self.compact = not self.compact
                state = (
                    _("compact mode on: level names only, ? shows the descriptions")
                    if self.compact
                    else _("compact mode off")
                )
                self.prompt.say(Notice(state))
                self._show(at.index)
                continue
            if key == "e":
                step = self._edit(at)
                if step is None:
                    continue
                return step
            step = self._navigate(at, key)
            if step is None:
                step = self._answer(at, reply)
            if step is not None:
                return step

    def _show(self, index: int) -> None:
        elapsed = self.pace.shown()
        remaining = self.pace.remaining(len(self.session.unanswered_ids()))
        view = self.views.question(
            index, compact=self.compact, elapsed=elapsed, remaining=remaining
        )
        self.prompt.say(view)

    def _navigate(self, at: _At, key: str) -> _Step | None:
        """Act on a navigation key; None when ``key`` is not one."""
        if key == "q":
            return Outcome.PAUSED
        if key == "b":
            return self._back(at)
        if key == "g":
            return self._jump(at)
        if key == "u":
            return self._undo(at)
        if key == "r":
            self.history.append(at.index)
            return _REVIEW
        if key == "s":
            self.skipped.add(at.index)
        elif not (key == "" and self.views.answer_of(at.index) is not None):
            return None
        self.history.append(at.index)  # skipped, or Enter kept the current answer
        return self._after(at)

    def _answer(self, at: _At, reply: str) -> _Step | None:
        """Take a level or n/a with its note and evidence; None (re-ask) when invalid."""
        choice = self._choice(reply)
        if choice is None:
            self.prompt.say(
                Notice(
                    _(
                        "not an answer: %(reply)r; type %(keys)s",
                        reply=reply,
                        keys=self.views.keys(),
                    ),
                    "warning",
                )
            )
            return None
        qid = self.questions[at.index].id
        current = self.session.draft.answers.get(qid)
        note, evidence = (current.note, current.evidence) if current else (None, None)
        if choice == "na":
            answer = Answer(na=self._reason(qid, current), note=note, evidence=evidence)
        else:
            answer = Answer(level=choice, note=note, evidence=evidence)
        self.changes.record(Change(at.index, qid, current))
        # Saved at each step, so that Ctrl-C at a later prompt loses nothing confirmed.
        self.session.set_answer(qid, answer)
        self._notes(qid, answer)
        self.pace.answered()
        self.history.append(at.index)
        return self._after(at)

    def _notes(self, qid: str, answer: Answer) -> None:
        """Ask the note and the evidence of ``answer`` (pre-filled), saving each."""
        answer = answer.model_copy(update={"note": self._text(N_("note"), qid, answer.note)})
        self.session.set_answer(qid, answer)
        answer = answer.model_copy(
            update={"evidence": self._text(N_("evidence"), qid, answer.evidence)}
        )
        self.session.set_answer(qid, answer)

    def _edit(self, at: _At) -> _Step | None:
        """'e': only the note and evidence of an answered question, pre-filled.

        None (ask again) at a question without an answer; from the review, such a
        question is asked instead.
        """
        qid = self.questions[at.index].id
        current = self.session.draft.answers.get(qid)
        if current is None:
            self.prompt.say(Notice(_("no answer to edit yet: give a level or n first"), "warning"))
            return at if at.from_review else None
        self.changes.record(Change(at.index, qid, current))
        self._notes(qid, current)
        if at.from_review:
            return _REVIEW
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

    def _reason(self, qid: str, current: Answer | None) -> str:
        keep = current.na if current else None
        label = _("why does it not apply?") + (_(" (Enter = keep)") if keep else "")
        while True:
            with self.session.marker.open("reason", qid):
                reply = self.prompt.ask(label, prefill=keep or "", free_text=True).strip()
            if reply:
                return reply
            self.prompt.say(Notice(_("n/a needs a reason: the report shows it"), "warning"))

    def _text(self, label: str, qid: str, current: str | None) -> str | None:
        """An optional free text, pre-filled; '-' clears it (Enter on a pipe keeps it)."""
        hint = (
            _("Enter = keep %(current)r, - = clear", current=short(current))
            if current
            else _("Enter = none")
        )
        with self.session.marker.open(label, qid):
            reply = self.prompt.ask(f"{_(label)} ({hint})", prefill=current or "", free_text=True)
        reply = reply.strip()
        if reply == "-":
            return None
        return reply or None

    # undo

    def _now_held(self, change: Change) -> Answer | EngagementEntry | None:
        draft = self.session.draft
        return (draft.engagement if change.initiative else draft.answers).get(change.key)

    def _undo(self, here: _At | _Initiative | _Review) -> _Step:
        """'u': put back what the last change of this run replaced, saved at once.

        A change that changed nothing (Enter kept everything) is passed over.
        """
        change = self.changes.last_effective(self._now_held)
        if change is None:
            self.prompt.say(Notice(_("nothing to undo in this session"), "warning"))
            return here
        if change.initiative:
            assert not isinstance(change.before, Answer)
            self.session.restore_engagement(change.key, change.before)
            was = describe_entry(change.before) if change.before else _("not taken")
        else:
            assert not isinstance(change.before, EngagementEntry)
            self.session.restore_answer(change.key, change.before)
            was = self.views.describe(change.before) or _("unanswered")
        self.prompt.say(
            Notice(_("undone: %(key)s is back to %(was)s", key=change.key, was=was), "success")
        )
        if self.history and self.history[-1] == change.index:
            self.history.pop()  # 'b' from there goes before it, not to it again
        back = isinstance(here, _Review) or getattr(here, "from_review", False)
        if change.initiative:
            return _Initiative(change.index, from_review=back)
        return _At(change.index, from_review=back)

    # the review

    def _review(self, here: _Review) -> _Step:
        self.prompt.say(self.views.review(here.group))
        if self.initiatives and here.group is None:
            self.prompt.say(self.views.inventory_summary())
        while True:
            reply = self.prompt.ask(_("review")).strip()
            key = reply.lower()
            if key in {"", "f"}:
                if self._may_finish():
                    return Outcome.FINISHED
                continue
            if key == "q":
                return Outcome.PAUSED
            if key == "b":
                return self._back(here)
            if key == "g":
                return self._jump(here)
            if key == "u":
                return self._undo(here)
            if key == "e" and self.initiatives:
                return _Initiative(0, from_review=True)
            if key in _HELP_KEYS:
                self.prompt.say(self.views.help())
                continue
            step = self._review_command(reply)
            if step is not None:
                return step
            self.prompt.say(
                Notice(
                    _(
                        "not a question: %(reply)r; %(keys)s",
                        reply=reply,
                        keys=self.views.review_keys(),
                    ),
                    "warning",
                )
            )

    def _review_command(self, reply: str) -> _Step | None:
        """'e N', 'v N' or a question's number or id at the review; None when not one."""
        word, _sep, rest = reply.partition(" ")
        rest = rest.strip()
        if word.lower() == "e" and rest:
            index = self._find_question(rest)
            return None if index is None else self._edit(_At(index, from_review=True))
        if word.lower() == "v":
            if not rest:
                return _REVIEW
            group = self.views.find_group(rest)
            return None if group is None else _Review(group.id)
        index = self._find_question(reply)
        return None if index is None else _At(index, from_review=True)

    def _may_finish(self) -> bool:
        """Finishing with questions or initiatives open needs a 'y' (default no)."""
        unanswered = len(self.session.unanswered_ids())
        open_items = len(self.session.open_initiatives())
        if self.yes or not (unanswered or open_items):
            return True
        parts = [_("%(n)s question(s) unanswered", n=unanswered)] if unanswered else []
        parts += [_("%(n)s initiative(s) not taken", n=open_items)] if open_items else []
        label = _("%(open)s: finish anyway? (y/N)", open=_(" and ").join(parts))
        reply = self.prompt.ask(label).strip().lower()
        if reply in {"y", "yes"}:
            return True
        self.prompt.say(
            Notice(_("not finished: type a question's number to answer it, or q to stop"))
        )
        return False

    # moving around

    def _back(self, here: _At | _Review) -> _Step:
        if self.history:
            return _At(self.history.pop())
        index = here.index if isinstance(here, _At) else len(self.questions)
        if index > 0:
            return _At(index - 1)
        self.prompt.say(Notice(_("this is the first question"), "warning"))
        return here

    def _jump(self, here: _At | _Review) -> _Step:
        groups = self.views.groups
        self.prompt.say(self.views.groups_view())
        while True:
            label = _("group (1-%(n)s or id, Enter = stay)", n=len(groups))
            reply = self.prompt.ask(label).strip()
            if not reply:
                return here
            chosen = self.views.find_group(reply)
            if chosen is not None:
                break
            self.prompt.say(Notice(_("not a group: %(reply)r", reply=reply.lower()), "warning"))
        if isinstance(here, _At):
            self.history.append(here.index)
        members = self.views.members(chosen.id)
        self.skipped.difference_update(members)  # jumping to a group means answering it now
        return _At(next((i for i in members if self.views.answer_of(i) is None), members[0]))

    def _after(self, at: _At) -> _Step:
        if at.from_review:
            return _REVIEW
        following = self._next_open(at.index)
        if following is not None:
            return _At(following)
        return self._next_initiative(-1) or _REVIEW

    def _next_open(self, after: int) -> int | None:
        """The next question after ``after`` neither answered nor skipped in this run."""
        return next(
            (
                i
                for i in range(after + 1, len(self.questions))
                if i not in self.skipped and self.views.answer_of(i) is None
            ),
            None,
        )

    def _find_question(self, reply: str) -> int | None:
        if reply.isdecimal() and 1 <= int(reply) <= len(self.questions):
            return int(reply) - 1
        return next((i for i, q in enumerate(self.questions) if q.id == reply), None)

    # the engagement inventory (format 2): its own section after the questions

    def _initiative(self, at: _Initiative) -> _Step:
        self.prompt.say(self.views.initiative(at.index))
        while True:
            reply = self.prompt.ask(_("runs? (y/n)")).strip().lower()
            if reply in _HELP_KEYS:
                self.prompt.say(self.views.help())
                continue
            step = self._initiative_key(at, reply)
            if step is not None:
                return step
            self.prompt.say(
                Notice(
                    _(
                        "not an answer: %(reply)r; type %(keys)s",
                        reply=reply,
                        keys=_(INITIATIVE_KEYS),
                    ),
                    "warning",
                )
            )

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
        if key == "u":
            return self._undo(at)
        if key in {"y", "yes", "n", "no"}:
            self.changes.record(Change(at.index, iid, current, initiative=True))
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
        keep = (
            _("Enter = keep %(current)s, - = none", current=" ".join(current))
            if current
            else _("Enter = none")
        )
        while True:
            label = _("changed: %(keys)s (%(keep)s)", keys=_(CHANGED_KEYS), keep=keep)
            reply = self.prompt.ask(label).strip().lower()
            if reply == "-" or (not reply and not current):
                return []
            if not reply:
                return current
            tags = [_TAGS.get(word) for word in reply.replace(",", " ").split()]
            if all(tags):
                chosen = {t for t in tags if t}
                return [t for t in _TAG_ORDER if t in chosen]  # fixed order, no repeats
            self.prompt.say(
                Notice(
                    _("not a change: %(reply)r; type %(keys)s", reply=reply, keys=_(CHANGED_KEYS)),
                    "warning",
                )
            )

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

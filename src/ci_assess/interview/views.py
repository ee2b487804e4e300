"""What the interview shows: the plain views of ``prompts.py``, built from the session.

``Views`` numbers what the consultant sees (the questions asked, the groups that hold
some of them) and builds each view and help text from the current answers; the
navigation (``navigation.py``) uses the same numbering for its keys. Nothing here
asks or changes anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ci_assess.core.models.answers import Answer, EngagementEntry
from ci_assess.core.models.questionnaire import Group, Question
from ci_assess.interview.prompts import (
    GroupRow,
    GroupsView,
    InitiativeView,
    LevelRow,
    Notice,
    QuestionView,
    ReviewGroup,
    ReviewRow,
    ReviewView,
)
from ci_assess.interview.text import N_, _

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

# The key lines, translated where they are shown (the keys themselves never are).
REVIEW_KEYS = N_(
    "number or id = change that answer · e N = edit its note · v N = list group N · "
    "u = undo · b = back · g = jump to group · f or Enter = finish · q = save and quit"
)
INVENTORY_KEY = N_(" · e = engagement inventory")  # at the review, with an inventory
INITIATIVE_KEYS = N_(
    "y = it runs · n = it does not · b = back · s = skip · u = undo · r = review · "
    "? = help · q = save and quit"
)
CHANGED_KEYS = N_("s = structure, m = metrics, r = rewards, h = hiring (several: s m)")


class Views:
    """The questions asked, their groups as numbered on screen, and the views of them."""

    def __init__(self, session: Session, questions: list[Question]) -> None:
        self.session = session
        self.questionnaire = session.questionnaire
        self.questions = questions
        self.initiatives = session.questionnaire.engagement_initiatives
        # Groups as shown and numbered, in progress lines and for 'g': those with questions.
        self.groups: list[Group] = [g for g in self.questionnaire.groups if self.members(g.id)]

    def members(self, group_id: str) -> list[int]:
        """Indices of the questions asked in group ``group_id``."""
        return [i for i, q in enumerate(self.questions) if q.group == group_id]

    def answer_of(self, index: int) -> Answer | None:
        """The current answer to question ``index``, if any."""
        return self.session.draft.answers.get(self.questions[index].id)

    def keys(self) -> str:
        """The keys at a question."""
        lo, hi = self.questionnaire.min_level, self.questionnaire.max_level
        return _(
            "%(lo)s-%(hi)s level · n = n/a · b = back · s = skip · g = jump to group · "
            "r = review · e = edit note · u = undo · c = compact · ? = help · q = save and quit",
            lo=lo,
            hi=hi,
        )

    def review_keys(self) -> str:
        """The keys at the review."""
        return _(REVIEW_KEYS) + (_(INVENTORY_KEY) if self.initiatives else "")

    def help(self) -> Notice:
        """Every key, and where the answers are saved."""
        scale = ", ".join(f"{s.level} {s.name}" for s in self.questionnaire.scale)
        inventory = (
            _(INVENTORY_KEY)
            + _(".\nIn the engagement inventory: %(keys)s", keys=_(INITIATIVE_KEYS))
            if self.initiatives
            else ""
        )
        return Notice(
            _(
                "Scale: %(scale)s.\nAt a question: %(keys)s; Enter keeps a current answer.\n"
                "After a level or n/a (with its reason) come an optional note and evidence, "
                "pre-filled with what is there: Enter keeps them, '-' clears them; 'e' edits "
                "only them. 'u' undoes the last change of this session, again and again.\n"
                "At the review: %(review)s%(inventory)s.\n"
                "Every answer is saved to %(path)s at once; run the same command "
                "again to resume.",
                scale=scale,
                keys=self.keys(),
                review=_(REVIEW_KEYS),
                inventory=inventory,
                path=self.session.path,
            ),
            "help",
        )

    def find_group(self, reply: str) -> Group | None:
        """The group a reply names: its number on screen or its id (any case)."""
        key = reply.strip().lower()
        return next((g for n, g in enumerate(self.groups, 1) if key in {str(n), g.id}), None)

    def question(
        self,
        index: int,
        *,
        compact: bool = False,
        elapsed: float | None = None,
        remaining: float | None = None,
    ) -> QuestionView:
        """Question ``index`` with its levels, its place and the current answer."""
        question = self.questions[index]
        groups = self.groups
        group_number = next(n for n, g in enumerate(groups, 1) if g.id == question.group)
        members = self.members(question.group)
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
            group_answered=sum(self.answer_of(i) is not None for i in members),
            current=self.describe(self.answer_of(index)),
            keys=self.keys(),
            compact=compact,
            elapsed=elapsed,
            remaining=remaining,
        )

    def initiative(self, index: int) -> InitiativeView:
        """Initiative ``index`` of the engagement inventory and its current answer."""
        item = self.initiatives[index]
        entries = self.session.draft.engagement
        entry = entries.get(item.id)
        return InitiativeView(
            initiative_id=item.id,
            title=item.title,
            help=item.help,
            number=index + 1,
            total=len(self.initiatives),
            answered=len([i for i in self.initiatives if i.id in entries]),
            current=describe_entry(entry) if entry else None,
            keys=_(INITIATIVE_KEYS),
        )

    def review(self, group_id: str | None = None) -> ReviewView:
        """The counts, one line per group, and the questions of ``group_id`` if given.

        Grouped so that the review fits one 24-line screen whatever the questionnaire's
        length: 'v N' lists one group's questions, each on one line.
        """
        rows = []
        for n, question in enumerate(self.questions, 1):
            if question.group != group_id:
                continue
            answer = self.answer_of(n - 1)
            rows.append(
                ReviewRow(
                    number=n,
                    question_id=question.id,
                    group_title=self.questionnaire.group_map[question.group].title,
                    answer=self._choice_text(answer) if answer else None,
                    details=" · ".join(_details(answer)) if answer else "",
                    text=question.text,
                )
            )
        answered, not_applicable = self.session.progress()
        return ReviewView(
            rows=tuple(rows),
            answered=answered,
            not_applicable=not_applicable,
            unanswered=len(self.questions) - answered,
            keys=self.review_keys(),
            groups=tuple(self._review_group(n, g) for n, g in enumerate(self.groups, 1)),
            shown_group=group_id,
        )

    def _review_group(self, number: int, group: Group) -> ReviewGroup:
        members = self.members(group.id)
        answers = [self.answer_of(i) for i in members]
        return ReviewGroup(
            number=number,
            group_id=group.id,
            title=group.title,
            size=len(members),
            answered=sum(a is not None for a in answers),
            not_applicable=sum(a is not None and a.is_na for a in answers),
            unanswered=tuple(i + 1 for i, a in zip(members, answers, strict=True) if a is None),
        )

    def inventory_summary(self) -> Notice:
        """How much of the engagement inventory is answered, shown below the review."""
        entries = self.session.draft.engagement
        known = [entries[i.id] for i in self.initiatives if i.id in entries]
        runs = sum(e.runs for e in known)
        return Notice(
            _(
                "Engagement inventory: %(known)s of %(total)s answered, "
                "%(runs)s run · e = go through it again",
                known=len(known),
                total=len(self.initiatives),
                runs=runs,
            )
        )

    def groups_view(self) -> GroupsView:
        """The groups to jump to, numbered, with their progress."""
        return GroupsView(tuple(self._group_row(n, g.id) for n, g in enumerate(self.groups, 1)))

    def _group_row(self, number: int, group_id: str) -> GroupRow:
        members = self.members(group_id)
        return GroupRow(
            number=number,
            group_id=group_id,
            title=self.questionnaire.group_map[group_id].title,
            answered=sum(self.answer_of(i) is not None for i in members),
            size=len(members),
        )

    def describe(self, answer: Answer | None) -> str | None:
        """'3 Embedded · note: …', or None for no answer."""
        if answer is None:
            return None
        return " · ".join([self._choice_text(answer), *_details(answer)])

    def _choice_text(self, answer: Answer) -> str:
        if answer.level is None:
            return _("n/a: %(reason)s", reason=answer.na)
        return f"{answer.level} {self.questionnaire.level_name(answer.level)}"


def describe_entry(entry: EngagementEntry) -> str:
    """'runs, changed metrics', 'does not run': an initiative's answer in words."""
    if not entry.runs:
        return _("does not run")
    if entry.changed:
        return _("runs, changed %(tags)s", tags=", ".join(_(TAG_NAMES[t]) for t in entry.changed))
    return _("runs, changed nothing")


def _details(answer: Answer) -> list[str]:
    parts = [(_("note: %(text)s"), answer.note), (_("evidence: %(text)s"), answer.evidence)]
    return [label % {"text": text} for label, text in parts if text]


TAG_NAMES = {
    "structure": N_("structure"),
    "metrics": N_("metrics"),
    "rewards": N_("rewards"),
    "hiring": N_("hiring"),
}


def short(text: str | None, width: int = 30) -> str:
    """``text`` cut to ``width`` characters, for a prompt's 'Enter = keep …'."""
    text = text or ""
    return text if len(text) <= width else text[: width - 1] + "…"

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
    ReviewRow,
    ReviewView,
)
from ci_assess.interview.text import N_, _

if TYPE_CHECKING:
    from ci_assess.interview.session import Session

# The key lines, translated where they are shown (the keys themselves never are).
REVIEW_KEYS = N_(
    "number or id = change that answer · b = back · g = jump to group · "
    "f or Enter = finish · q = save and quit"
)
INVENTORY_KEY = N_(" · e = engagement inventory")  # at the review, with an inventory
INITIATIVE_KEYS = N_(
    "y = it runs · n = it does not · b = back · s = skip · r = review · "
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
            "r = review · ? = help · q = save and quit",
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
                "After a level or n/a (with its reason) come an optional note and evidence: "
                "Enter keeps them, '-' clears them.\n"
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

    def question(self, index: int) -> QuestionView:
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
            current=self._describe(self.answer_of(index)),
            keys=self.keys(),
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
            current=_describe_entry(entry) if entry else None,
            keys=_(INITIATIVE_KEYS),
        )

    def review(self) -> ReviewView:
        """Every question asked with its answer, and the counts."""
        rows = []
        for n, question in enumerate(self.questions, 1):
            answer = self.answer_of(n - 1)
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
            keys=self.review_keys(),
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

    def _describe(self, answer: Answer | None) -> str | None:
        if answer is None:
            return None
        return " · ".join([self._choice_text(answer), *_details(answer)])

    def _choice_text(self, answer: Answer) -> str:
        if answer.level is None:
            return _("n/a: %(reason)s", reason=answer.na)
        return f"{answer.level} {self.questionnaire.level_name(answer.level)}"


def _describe_entry(entry: EngagementEntry) -> str:
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

"""The interview's first part: the metadata an answers file needs, asked once.

Company, respondent, target discipline, assessor and date, each asked only when the
file and the options do not give it, and saved at once (the session writes nothing
before the company is known). On a format-2 questionnaire the target comes first: it
decides which questions apply.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ci_assess.core.intent_names import (
    IntentMatch,
    intent_choices,
    listing,
    match_intent,
    refusal,
)
from ci_assess.core.models.questionnaire import UNDECIDED, Intent, Questionnaire
from ci_assess.interview.prompts import Notice, Prompt
from ci_assess.interview.text import _, language

if TYPE_CHECKING:
    from ci_assess.interview.session import Session


def intents(questionnaire: Questionnaire) -> list[Intent]:
    """The targets a respondent can name: the disciplines, and undecided in format 2."""
    return intent_choices(questionnaire)


class MetadataQuestions:
    """Asks, validates and saves the missing metadata."""

    def __init__(self, session: Session, prompt: Prompt, today: dt.date) -> None:
        self.session = session
        self.prompt = prompt
        self.today = today
        self.questionnaire = session.questionnaire

    def ask(self) -> None:
        """Ask for the missing metadata; nothing is asked when all required is known."""
        q, draft = self.questionnaire, self.session.draft
        count = len(self.session.questions())
        self.prompt.say(
            Notice(
                _(
                    "%(title)s (%(id)s v%(version)s), %(count)s questions",
                    title=q.title,
                    id=q.id,
                    version=q.version,
                    count=count,
                )
            )
        )
        if not draft.missing():
            return
        self.prompt.say(Notice(_("First the assessment; Enter skips what is optional."), "help"))
        if draft.target is None and self.questionnaire.format == 2:
            # Asked first: the target decides which questions apply.
            self.session.update(target=self._target())
        if draft.company is None:
            self.session.update(company=self._required(_("company")))
        if draft.respondent_name is None:
            self.session.update(respondent_name=self._optional(_("respondent name (Enter = none)")))
        if draft.respondent_role is None:
            self.session.update(respondent_role=self._required(_("respondent role, e.g. CEO")))
        if draft.target is None:
            self.session.update(target=self._target())
        if draft.assessor is None:
            self.session.update(assessor=self._optional(_("assessor (Enter = none)")))
        if draft.assessed_on is None:
            self.session.update(assessed_on=self._date())

    def _required(self, label: str) -> str:
        while True:
            reply = self.prompt.ask(label).strip()
            if reply:
                return reply
            what = label.split(",", 1)[0]
            self.prompt.say(Notice(_("%(what)s is required", what=what), "warning"))

    def _optional(self, label: str) -> str | None:
        return self.prompt.ask(label).strip() or None

    def _target(self) -> Intent:
        count = len(intents(self.questionnaire))
        shown = self._listing()
        self.prompt.say(Notice(_("Target value discipline: %(listing)s", listing=shown), "help"))
        while True:
            label = _("target discipline (1-%(n)s or name)", n=count)
            reply = self.prompt.ask(label).strip()
            found = match_intent(self.questionnaire, reply)
            if found.intent is not None:
                return found.intent
            self.prompt.say(Notice(self._refusal(found, shown), "warning"))

    def _listing(self) -> str:
        """What may be typed; in another language than English, with each discipline's
        title in it (the prompt accepts the title too)."""
        if language() == "en":
            return listing(self.questionnaire)
        parts = []
        for number, intent in enumerate(intent_choices(self.questionnaire), 1):
            if intent == UNDECIDED:
                parts.append(f"{number} = {intent}")
                continue
            d = next(d for d in self.questionnaire.disciplines if d.id == intent)
            parts.append(f"{number} = {intent} ({', '.join([*d.aliases, d.title])})")
        return " · ".join(parts)

    def _refusal(self, found: IntentMatch, shown: str) -> str:
        if language() == "en":
            return refusal(self.questionnaire, found, at_prompt=True)
        if len(found.matches) > 1:
            return _(
                "%(reply)r could be %(matches)s; type more of the name",
                reply=found.reply,
                matches=_(" or ").join(found.matches),
            )
        return _("not a discipline: %(reply)r; type %(listing)s", reply=found.reply, listing=shown)

    def _date(self) -> dt.date:
        while True:
            label = _("date of the interview (Enter = %(today)s)", today=self.today)
            reply = self.prompt.ask(label).strip()
            if not reply:
                return self.today
            try:
                return dt.date.fromisoformat(reply)
            except ValueError:
                self.prompt.say(
                    Notice(_("not a date: %(reply)r; use YYYY-MM-DD", reply=reply), "warning")
                )

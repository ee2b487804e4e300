"""The interview's first part: the metadata an answers file needs, asked once.

Company, respondent, target discipline, assessor and date, each asked only when the
file and the options do not give it, and saved at once (the session writes nothing
before the company is known). On a format-2 questionnaire the target comes first: it
decides which questions apply.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ci_assess.core.models.questionnaire import UNDECIDED, Intent, Questionnaire
from ci_assess.interview.prompts import Notice, Prompt
from ci_assess.interview.text import _, language

if TYPE_CHECKING:
    from ci_assess.interview.session import Session


def intents(questionnaire: Questionnaire) -> list[Intent]:
    """The targets a respondent can name: the disciplines, and undecided in format 2."""
    found: list[Intent] = [d.id for d in questionnaire.disciplines]
    return [*found, UNDECIDED] if questionnaire.format == 2 else found


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
        choices = intents(self.questionnaire)
        listing = " · ".join(f"{n} = {self._shown(d)}" for n, d in enumerate(choices, 1))
        self.prompt.say(Notice(_("Target value discipline: %(listing)s", listing=listing), "help"))
        while True:
            label = _("target discipline (1-%(n)s or name)", n=len(choices))
            reply = self.prompt.ask(label).strip().lower()
            if reply.isdecimal() and 1 <= int(reply) <= len(choices):
                return choices[int(reply) - 1]
            intent = self._named(reply) if reply else None
            if intent is not None:
                return intent
            self.prompt.say(
                Notice(
                    _(
                        "not a discipline: %(reply)r; type %(listing)s",
                        reply=reply,
                        listing=listing,
                    ),
                    "warning",
                )
            )

    def _shown(self, intent: Intent) -> str:
        """An intent as listed: its id; in another language than English, with its title."""
        if language() == "en" or intent == UNDECIDED:
            return str(intent)
        title = next(d.title for d in self.questionnaire.disciplines if d.id == intent)
        return f"{intent} ({title})"

    def _named(self, reply: str) -> Intent | None:
        """An id, an alias, or a discipline's title in the interview's language."""
        intent = self.questionnaire.resolve_intent(reply)
        if intent is not None:
            return intent
        wanted = " ".join(reply.replace("-", " ").split()).casefold()
        for d in self.questionnaire.disciplines:
            if " ".join(d.title.replace("-", " ").split()).casefold() == wanted:
                return d.id
        return None

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

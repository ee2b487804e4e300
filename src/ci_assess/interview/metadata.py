"""The interview's first part: the metadata an answers file needs, asked once.

Company, respondent, target discipline, assessor and date, each asked only when the
file and the options do not give it, and saved at once (the session writes nothing
before the company is known). On a format-2 questionnaire the target comes first: it
decides which questions apply.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from ci_assess.core.intent_names import intent_choices, listing, match_intent, refusal
from ci_assess.core.models.questionnaire import Intent, Questionnaire
from ci_assess.interview.prompts import Notice, Prompt

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
        self.prompt.say(Notice(f"{q.title} ({q.id} v{q.version}), {count} questions"))
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
        count = len(intents(self.questionnaire))
        self.prompt.say(Notice(f"Target value discipline: {listing(self.questionnaire)}", "help"))
        while True:
            reply = self.prompt.ask(f"target discipline (1-{count} or name)").strip()
            found = match_intent(self.questionnaire, reply)
            if found.intent is not None:
                return found.intent
            self.prompt.say(Notice(refusal(self.questionnaire, found, at_prompt=True), "warning"))

    def _date(self) -> dt.date:
        while True:
            reply = self.prompt.ask(f"date of the interview (Enter = {self.today})").strip()
            if not reply:
                return self.today
            try:
                return dt.date.fromisoformat(reply)
            except ValueError:
                self.prompt.say(Notice(f"not a date: {reply!r}; use YYYY-MM-DD", "warning"))

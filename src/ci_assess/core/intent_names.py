"""What a person may type for a target discipline, and what it means.

One rule for every option and prompt that takes a discipline (``--target`` of
``interview`` and ``template``, the interview's target prompt): its id, its number in
questionnaire order (1 operational excellence, 2 customer intimacy, 3 product
leadership; then ``undecided`` in format 2), an alias from the questionnaire data
(``oe``, ``ci``, ``pl``), its title, or an unambiguous prefix of any of these, in any
case, with spaces, hyphens and underscores alike. An ambiguous reply gives every
match so that the caller can list them. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

from ci_assess.core.models.questionnaire import UNDECIDED, Intent, Questionnaire


def intent_choices(questionnaire: Questionnaire) -> list[Intent]:
    """The targets in the order they are numbered: the disciplines, then undecided (format 2)."""
    found: list[Intent] = [d.id for d in questionnaire.disciplines]
    return [*found, UNDECIDED] if questionnaire.format == 2 else found


@dataclass(frozen=True)
class IntentMatch:
    """The intents a reply names: exactly one when it is understood."""

    reply: str
    matches: tuple[Intent, ...]

    @property
    def intent(self) -> Intent | None:
        """The one intent named, or None (nothing or several matched)."""
        return self.matches[0] if len(self.matches) == 1 else None


def normalised(text: str) -> str:
    """Lower case, runs of spaces and hyphens as one underscore: 'Customer intimacy' =
    'customer-intimacy' = 'customer_intimacy'."""
    return "_".join(text.strip().lower().replace("-", " ").replace("_", " ").split())


def names_of(questionnaire: Questionnaire, intent: Intent) -> list[str]:
    """Every name ``intent`` goes by, normalised: id, title and aliases."""
    if intent == UNDECIDED:
        return [UNDECIDED]
    discipline = next(d for d in questionnaire.disciplines if d.id == intent)
    return [normalised(n) for n in (discipline.id.value, discipline.title, *discipline.aliases)]


def match_intent(questionnaire: Questionnaire, reply: str) -> IntentMatch:
    """The intents ``reply`` names: by number, by a full name, else by a prefix."""
    choices = intent_choices(questionnaire)
    key = normalised(reply)
    if not key:
        return IntentMatch(reply, ())
    if key.isdecimal():
        number = int(key)
        return IntentMatch(reply, (choices[number - 1],) if 1 <= number <= len(choices) else ())
    exact = tuple(i for i in choices if key in names_of(questionnaire, i))
    if exact:
        return IntentMatch(reply, exact)
    prefixed = tuple(
        i for i in choices if any(n.startswith(key) for n in names_of(questionnaire, i))
    )
    return IntentMatch(reply, prefixed)


def listing(questionnaire: Questionnaire) -> str:
    """'1 = operational_excellence (oe) · 2 = …': what may be typed, for prompts and errors."""
    parts = []
    for number, intent in enumerate(intent_choices(questionnaire), 1):
        aliases = [] if intent == UNDECIDED else names_of(questionnaire, intent)[2:]
        parts.append(f"{number} = {intent}" + (f" ({', '.join(aliases)})" if aliases else ""))
    return " · ".join(parts)


def refusal(questionnaire: Questionnaire, found: IntentMatch, *, at_prompt: bool = False) -> str:
    """Why ``found`` names no single intent: the matches when ambiguous, else what is allowed."""
    if len(found.matches) > 1:
        return f"{found.reply!r} could be {' or '.join(found.matches)}; type more of the name"
    if at_prompt:
        return f"not a discipline: {found.reply!r}; type {listing(questionnaire)}"
    return f"unknown discipline {found.reply!r}; use {listing(questionnaire)}"

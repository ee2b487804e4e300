"""Moving one answers file to a new questionnaire version: what carries, what needs a look.

Pure: given the old answers, both questionnaires and the mapping (``models.migration``),
``plan_migration`` says which answers are copied (kind ``same``), which new questions
get the old answer as a hint instead (``split``, ``merged``, ``changed``: the levels
no longer mean the same, so only the consultant can answer them), and which old
answers could not be carried. Nothing here reads or writes a file.
"""

from __future__ import annotations

from dataclasses import dataclass

from ci_assess.core.models.answers import Answer
from ci_assess.core.models.migration import Migration, QuestionMapping
from ci_assess.core.models.questionnaire import Questionnaire

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class NotCarried:
    """An old answer that was not copied, and what became of it."""

    question_id: str
    kind: str
    to: tuple[str, ...]
    answer: str  # the old answer in words: "level 2 Developing" or "n/a: …"

    def line(self) -> str:
        """One line for the consultant: the old question, where it went, what was done."""
        where = {
            "split": f"split into {', '.join(self.to)}",
            "merged": f"merged into {', '.join(self.to)}",
            "changed": f"changed meaning in {', '.join(self.to)}",
            "dropped": "dropped",
            "same": f"same as {', '.join(self.to)}",
        }[self.kind]
        done = "left as a comment" if self.to else "not carried"
        return f"{self.question_id}: {where}; {self.answer} {done}"


@dataclass(frozen=True)
class MigrationPlan:
    """The new file's answers, the comments to write above questions, what was left."""

    carried: dict[str, Answer]  # new question id -> the copied answer
    hints: dict[str, tuple[str, ...]]  # new question id -> comment lines above it
    not_carried: tuple[NotCarried, ...]  # in the old questionnaire's order
    new_questions: tuple[str, ...]  # new ids no old question maps to, in the new order


def plan_migration(
    answers: dict[str, Answer],
    old: Questionnaire,
    new: Questionnaire,
    migration: Migration,
) -> MigrationPlan:
    """Decide, question by question, what the new answers file holds."""
    carried: dict[str, Answer] = {}
    hints: dict[str, list[str]] = {}
    left: list[NotCarried] = []
    for question in old.questions:
        mapping = migration.questions[question.id]
        answer = answers.get(question.id)
        if answer is None:
            continue
        if mapping.kind == "same" and _fits(answer, new):
            carried[mapping.to[0]] = answer
            continue
        said = _in_words(answer, old)
        left.append(NotCarried(question.id, mapping.kind, tuple(mapping.to), said))
        for target in mapping.to:
            hints.setdefault(target, []).extend(_hint(question.id, mapping, answer, said, old))
    mapped = {target for m in migration.questions.values() for target in m.to}
    fresh = tuple(q.id for q in new.questions if q.id not in mapped)
    ordered = {q.id: carried[q.id] for q in new.questions if q.id in carried}
    return MigrationPlan(
        carried=ordered,
        hints={qid: tuple(lines) for qid, lines in hints.items()},
        not_carried=tuple(left),
        new_questions=fresh,
    )


def mapping_problems(
    migration: Migration, old: Questionnaire, new: Questionnaire
) -> list[tuple[Loc, str]]:
    """What makes a mapping unusable for these two questionnaires, with the key path."""
    problems: list[tuple[Loc, str]] = []
    for end, questionnaire in (("from", old), ("to", new)):
        ref = migration.source if end == "from" else migration.target
        if (ref.questionnaire, ref.version) != (questionnaire.id, questionnaire.version):
            problems.append(
                (
                    (end,),
                    f"{end}: names {ref.questionnaire} {ref.version}, but the questionnaire "
                    f"is {questionnaire.id} {questionnaire.version}",
                )
            )
    for qid, mapping in migration.questions.items():
        if qid not in old.question_map:
            problems.append((("questions", qid), f"{qid}: not a question of {old.version}"))
        for target in mapping.to:
            if target not in new.question_map:
                problems.append(
                    (
                        ("questions", qid, "to"),
                        f"{qid}: {target!r} is not a question of {new.version}",
                    )
                )
    missing = [q.id for q in old.questions if q.id not in migration.questions]
    if missing:
        problems.append((("questions",), f"no mapping for {', '.join(missing)}"))
    return problems


def _fits(answer: Answer, new: Questionnaire) -> bool:
    """A copied level must be on the new scale (an n/a always fits)."""
    return answer.level is None or new.min_level <= answer.level <= new.max_level


def _in_words(answer: Answer, questionnaire: Questionnaire) -> str:
    if answer.level is None:
        return f"n/a ({answer.na})"
    return f"level {answer.level} {questionnaire.level_name(answer.level)}"


def _hint(
    question_id: str, mapping: QuestionMapping, answer: Answer, said: str, old: Questionnaire
) -> list[str]:
    """Comment lines for one old answer above each question it went to."""
    lines = [f"{old.version} {question_id} ({mapping.kind}): {said}"]
    lines += [f"  {label}: {text}" for label, text in _details(answer)]
    if mapping.note:
        lines.append(f"  why: {mapping.note}")
    return lines


def _details(answer: Answer) -> list[tuple[str, str]]:
    return [
        (label, text)
        for label, text in (("note", answer.note), ("evidence", answer.evidence))
        if text
    ]

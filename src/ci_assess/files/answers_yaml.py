"""Writing answers files: the YAML text of an answers file, with comments where they help.

The interview, ``migrate`` and ``template`` write answers files that people then read
and edit, so the layout is fixed here once: metadata first, then ``answers:`` in
questionnaire order; a bare level when there is nothing else to say. The interview
builds its data (``interview.session.Draft.data``) from the pieces here and writes it
with ``answers_yaml``; ``migrate`` adds comments with ``commented_answers_yaml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from ci_assess.core.models.answers import Answer, AnswersFile, EngagementEntry
from ci_assess.core.models.questionnaire import Questionnaire

HEADER = "# Answers file written by 'ci-assess interview'; run it again on this file to resume.\n"
_WIDTH = 1_000_000  # never fold a note over several lines


def answer_data(answer: Answer) -> int | dict[str, Any]:
    """One answer as written: a bare level when there is nothing else to say."""
    if answer.level is not None and answer.note is None and answer.evidence is None:
        return answer.level
    full = {"level": answer.level, "na": answer.na}
    full |= {"note": answer.note, "evidence": answer.evidence}
    return {k: v for k, v in full.items() if v is not None}


def answers_yaml(data: Mapping[str, Any]) -> str:
    """The interview's answers file: its header line, then ``data`` in its key order."""
    return HEADER + dump(data)


def engagement_data(
    entries: Mapping[str, EngagementEntry], questionnaire: Questionnaire
) -> dict[str, dict[str, Any]]:
    """The inventory in catalogue order: ``{runs: false}`` or ``{runs: true, changed: [...]}``."""
    order = [i.id for i in questionnaire.engagement_initiatives if i.id in entries]
    order += [iid for iid in entries if iid not in order]  # never drop one
    return {iid: _entry_data(entries[iid]) for iid in order}


def _entry_data(entry: EngagementEntry) -> dict[str, Any]:
    return {"runs": entry.runs, **({"changed": list(entry.changed)} if entry.changed else {})}


def plain_number(value: float) -> int | float:
    """A target score as a person wrote it: pydantic reads 80 as 80.0."""
    return int(value) if value.is_integer() else value


def recordable_version(version: str) -> str | None:
    """``version`` when an answers file can record it as ``questionnaire_version``, else None.

    The answers file takes "2.0.0" or a major "2"; a consultant's questionnaire may
    carry another form ("0.1"), which the file cannot name. Checked by the model itself,
    so that what is written here is exactly what loading accepts.
    """
    try:
        AnswersFile.model_validate(
            {"questionnaire": "-", "company": "-", "questionnaire_version": version}
        )
    except ValidationError:
        return None
    return version


def dump(data: Mapping[str, Any]) -> str:
    """Block YAML in the given key order (safe_dump quotes whatever YAML would misread)."""
    return yaml.safe_dump(dict(data), sort_keys=False, allow_unicode=True, width=_WIDTH)


def commented_answers_yaml(
    header: Sequence[str],
    metadata: Mapping[str, Any],
    answers: Mapping[str, Answer],
    questionnaire: Questionnaire,
    comments: Mapping[str, Sequence[str]],
    trailer: Sequence[str] = (),
) -> str:
    """An answers file listing every question of ``questionnaire`` under its group.

    ``comments`` holds, per question id, lines written as comments just above the
    question's line, where the consultant filling in the answer sees them; a question
    without an answer is written as ``id:`` (read as unanswered). ``trailer`` lines
    (YAML, e.g. a commented engagement inventory) end the file.
    """
    lines = [line for text in header for line in comment_lines("# ", text)]
    lines += dump(metadata).splitlines()
    lines.append("answers:")
    for group in questionnaire.groups:
        members = [q for q in questionnaire.questions if q.group == group.id]
        if not members:
            continue
        lines.extend(comment_lines("  # ", f"--- {group.title.strip()} ---"))
        for question in members:
            for text in comments.get(question.id, ()):
                lines.extend(comment_lines("  # ", text))
            lines.extend(_answer_lines(question.id, answers.get(question.id)))
    # Ids the questionnaire does not know cannot get past loading, but never drop one.
    for qid in (qid for qid in answers if qid not in questionnaire.question_map):
        lines.extend(_answer_lines(qid, answers[qid]))
    lines.extend(trailer)
    return "\n".join(lines) + "\n"


def _answer_lines(question_id: str, answer: Answer | None) -> list[str]:
    if answer is None:
        return [f"  {question_id}:"]
    return ["  " + line for line in dump({question_id: answer_data(answer)}).splitlines()]


def comment_lines(prefix: str, text: str) -> list[str]:
    """``text`` as comment lines: ``prefix`` before the first, aligned ``#`` before the rest.

    Every line must be a comment: a text written ``text: |`` in the questionnaire spans
    lines, and a second line left bare would be read as YAML.
    """
    first, *rest = text.splitlines() or [""]
    indent = prefix[: prefix.index("#") + 1].ljust(len(prefix))
    return [f"{prefix}{first}", *(f"{indent}{line}".rstrip() for line in rest)]

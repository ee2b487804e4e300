"""A blank answers file for a questionnaire, with every question and level as comments."""

from __future__ import annotations

import json

from ci_assess.models.questionnaire import Questionnaire


def blank_answers(questionnaire: Questionnaire, ref: str, schema_url: str | None = None) -> str:
    """YAML text a consultant fills in; unfilled answers are simply unanswered."""
    lo, hi = questionnaire.min_level, questionnaire.max_level
    names = ", ".join(f"{s.level} {s.name}" for s in questionnaire.scale)
    lines = [f"# yaml-language-server: $schema={schema_url}"] if schema_url else []
    lines += [
        f"# Answers for {questionnaire.title} ({questionnaire.id} v{questionnaire.version})",
        f"# Each answer: a level {lo}..{hi} ({names}),",
        "#   or {level: N, note: '...', evidence: '...'}, or {na: 'why it does not apply'}.",
        "# Answers left empty count as unanswered.",
        f"questionnaire: {json.dumps(ref)}",
        'company: ""',
        "assessed_on:        # YYYY-MM-DD",
        "assessor:",
        "respondent: {role: , name: }",
        "target_discipline:  # " + " | ".join(d.id for d in questionnaire.disciplines),
        "answers:",
    ]
    for group in questionnaire.groups:
        lines.append(f"  # --- {group.title} ---")
        for q in (q for q in questionnaire.questions if q.group == group.id):
            lines.append(f"  # {q.text}")
            lines.extend(f"  #   {lvl}: {text}" for lvl, text in sorted(q.levels.items()))
            lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"

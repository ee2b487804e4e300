"""A blank answers file for a questionnaire, with every question and level as comments."""

from __future__ import annotations

import json

from ci_assess.core.models.questionnaire import Questionnaire


def blank_answers(questionnaire: Questionnaire, ref: str, schema_url: str | None = None) -> str:
    """YAML text a consultant fills in; unfilled answers are simply unanswered."""
    lo, hi = questionnaire.min_level, questionnaire.max_level
    names = ", ".join(f"{s.level} {s.name}" for s in questionnaire.scale)
    lines = [f"# yaml-language-server: $schema={schema_url}"] if schema_url else []
    about = f"{questionnaire.title.strip()} ({questionnaire.id} v{questionnaire.version})"
    lines += [
        *_comment("# ", f"Answers for {about}"),
        *_comment("# ", f"Each answer: a level {lo}..{hi} ({names}),"),
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
        lines.extend(_comment("  # ", f"--- {group.title.strip()} ---"))
        for q in (q for q in questionnaire.questions if q.group == group.id):
            lines.extend(_comment("  # ", q.text))
            for lvl, text in sorted(q.levels.items()):
                lines.extend(_comment(f"  #   {lvl}: ", text))
            lines.append(f"  {q.id}:")
    return "\n".join(lines) + "\n"


def _comment(prefix: str, text: str) -> list[str]:
    """``text`` as comment lines: ``prefix`` before the first, aligned ``#`` before the rest.

    Every line must be a comment: a text written ``text: |`` in the questionnaire spans
    lines, and a second line left bare would be read as YAML.
    """
    first, *rest = text.splitlines() or [""]
    indent = prefix[: prefix.index("#") + 1].ljust(len(prefix))
    return [f"{prefix}{first}", *(f"{indent}{line}".rstrip() for line in rest)]

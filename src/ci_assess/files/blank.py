"""A blank answers file for a questionnaire, with every question and level as comments.

Given a target (``--target``), the questions that do not apply to it (``applies_when``)
are left out, and a comment says so: the interview skips them too. A format-2
questionnaire's engagement inventory is written as a commented block to uncomment.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from ci_assess.core.models.questionnaire import (
    UNDECIDED,
    AppliesWhen,
    Intent,
    Question,
    Questionnaire,
)
from ci_assess.files.answers_yaml import comment_lines, recordable_version
from ci_assess.files.blank_facts import key_accounts_block, outcomes_block
from ci_assess.files.catalogues import translator


def blank_answers(
    questionnaire: Questionnaire,
    ref: str,
    schema_url: str | None = None,
    target: Intent | None = None,
    language: str | None = None,
) -> str:
    """YAML text a consultant fills in; unfilled answers are simply unanswered.

    With ``language`` (not English) the comments are in that language (give the
    questionnaire its overlay's translation too), and the file records ``language``.
    """
    _ = translator(language).gettext
    lo, hi = questionnaire.min_level, questionnaire.max_level
    span = f"{lo}..{hi}"
    names = ", ".join(f"{s.level} {s.name}" for s in questionnaire.scale)
    lines = [f"# yaml-language-server: $schema={schema_url}"] if schema_url else []
    about = f"{questionnaire.title.strip()} ({questionnaire.id} v{questionnaire.version})"
    lines += [
        *comment_lines("# ", _("Answers for %(about)s", about=about)),
        *comment_lines(
            "# ", _("Each answer: a level %(span)s (%(names)s),", span=span, names=names)
        ),
        "#   "
        + _("or {level: N, note: '...', evidence: '...'}, or {na: 'why it does not apply'}."),
        "# " + _("Answers left empty count as unanswered."),
        f"questionnaire: {json.dumps(ref)}",
        _version_line(questionnaire.version, _),
        'company: ""',
        "assessed_on:        # " + _("YYYY-MM-DD"),
        "assessor:",
        "respondent: {role: , name: }",
        "industry:           # " + _("free text, e.g. distribution (for benchmarks)"),
        "size:               # "
        + _("micro (<10 employees), small (10-49), mid (50-249), large (250+)"),
        _target_line(questionnaire, target),
        *([f"language: {language}"] if language and language != "en" else []),
        "answers:",
    ]
    for group in questionnaire.groups:
        lines.extend(_group_lines(questionnaire, group.id, target, _))
    lines.extend(engagement_block(questionnaire, language))
    lines.extend(outcomes_block(questionnaire, language))
    lines.extend(key_accounts_block(questionnaire, language))
    return "\n".join(lines) + "\n"


def intents(questionnaire: Questionnaire) -> list[str]:
    """What ``target_discipline`` may say: the discipline ids, and ``undecided`` (format 2)."""
    ids = [d.id.value for d in questionnaire.disciplines]
    return [*ids, UNDECIDED] if questionnaire.format == 2 else ids


def applies(questionnaire: Questionnaire, question: Question, target: Intent | None) -> bool:
    """Whether ``question`` is asked for ``target`` (every question when none is given)."""
    rule = questionnaire.applies_when(question)
    return target is None or rule is None or rule.holds(target)


def _version_line(version: str, _: Callable[..., str]) -> str:
    if recordable_version(version) is None:
        return "# questionnaire_version: " + _(
            "not written, %(version)s is not of the form 2.0.0 or 2", version=repr(version)
        )
    return f"questionnaire_version: {json.dumps(version)}"


def _target_line(questionnaire: Questionnaire, target: Intent | None) -> str:
    if target is not None:
        return f"target_discipline: {target}"
    return "target_discipline:  # " + " | ".join(intents(questionnaire))


def _group_lines(
    questionnaire: Questionnaire,
    group_id: str,
    target: Intent | None,
    _: Callable[..., str],
) -> list[str]:
    members = [q for q in questionnaire.questions if q.group == group_id]
    if not members:
        return []
    asked = [q for q in members if applies(questionnaire, q, target)]
    title = questionnaire.group_map[group_id].title.strip()
    if not asked:
        return comment_lines(
            "  # ",
            _(
                "--- %(title)s: not applicable for target %(target)s (%(n)s questions "
                "left out) ---",
                title=title,
                target=target,
                n=len(members),
            ),
        )
    lines = comment_lines("  # ", f"--- {title} ---")
    if len(asked) < len(members):
        left_out = ", ".join(q.id for q in members if q not in asked)
        lines += comment_lines(
            "  # ",
            _(
                "Not applicable for target %(target)s, left out: %(ids)s",
                target=target,
                ids=left_out,
            ),
        )
    elif target is None and (rule := questionnaire.group_map[group_id].applies_when):
        lines += comment_lines(
            "  # ", _("Applies only when the target is %(who)s.", who=_who(rule))
        )
    for question in asked:
        lines.extend(_question_lines(questionnaire, question))
    return lines


def _who(rule: AppliesWhen) -> str:
    return " or ".join([*(str(i) for i in rule.intended), *([UNDECIDED] if rule.undecided else [])])


def _question_lines(questionnaire: Questionnaire, question: Question) -> Iterator[str]:
    yield from comment_lines("  # ", question.text)
    for lvl, text in sorted(question.levels.items()):
        yield from comment_lines(f"  #   {lvl}: ", text)
    yield f"  {question.id}:"


def engagement_block(questionnaire: Questionnaire, language: str | None = None) -> list[str]:
    """The engagement inventory, all commented out: uncomment ``engagement:`` and fill in.

    Commented, the block leaves the inventory not taken (the verdict is then
    "insufficient data") and the file loads, and validates against the schema, as is.
    """
    if not questionnaire.engagement_initiatives:
        return []
    _ = translator(language).gettext
    lines = [  # one message per line: a translation keeps the lines short
        "# "
        + _("Engagement inventory: customer-facing initiatives that alone are engagement, not"),
        "# "
        + _("intimacy. Uncomment 'engagement:' and each initiative's line; say whether it runs,"),
        "# " + _("and if it does which of structure, metrics, rewards, hiring it changed, e.g."),
        "# {runs: true, changed: [metrics]}.",
        "# engagement:",
    ]
    for item in questionnaire.engagement_initiatives:
        lines.extend(comment_lines("  # ", item.title.strip()))
        if item.help.strip():
            lines.extend(comment_lines("  #   ", item.help.strip()))
        lines.append(f"  # {item.id}: {{runs: false}}")
    return lines

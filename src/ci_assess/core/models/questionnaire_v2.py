"""The cross-field rules of questionnaire format 2 (method v2), each with its key path.

Kept apart from the model so that each rule is one small function; the model calls
``format_2_problems`` when the file says ``format: 2``. Every problem carries the key
path of the offending key, which loading turns into a line of the file.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from ci_assess.core.models.questionnaire import (
    MATURITY_KINDS,
    POSITION_BLOCK_SIZE,
    REQUIRED_FORMAT_2_KEYS,
    UNDECIDED,
    DisciplineId,
    Loc,
    condition_problems,
)

if TYPE_CHECKING:
    from ci_assess.core.models.questionnaire import Questionnaire

Problems = list[tuple[Loc, str]]
PROGRAMME_QUESTION = "readiness.programme"


def format_2_problems(q: Questionnaire) -> Problems:
    """Every format-2 rule the fields alone cannot check."""
    return [
        *_kind_problems(q),
        *_position_block_problems(q),
        *_question_key_problems(q),
        *_prerequisite_problems(q),
        *_title_problems(q),
        *_alias_problems(q),
        *_library_problems(q),
        *_duplicate_id_problems(q),
    ]


def _kind_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    blocks: Counter[DisciplineId] = Counter()
    for n, g in enumerate(q.groups):
        if g.kind == "discipline":
            problems.append(
                (
                    ("groups", n, "kind"),
                    f"group {g.id!r}: format 2 has no 'discipline' groups; use kind "
                    "'position' with a 'discipline', or 'maturity'",
                )
            )
        if g.kind == "position":
            if g.discipline is None:
                problems.append(
                    (("groups", n), f"group {g.id!r}: a position block names its 'discipline'")
                )
            else:
                blocks[g.discipline] += 1
        elif g.discipline is not None:
            problems.append(
                (("groups", n, "discipline"), f"group {g.id!r}: only position blocks name one")
            )
    for d in DisciplineId:
        if blocks[d] != 1:
            problems.append(
                (
                    ("groups",),
                    f"exactly one position block per discipline: {d.value} has {blocks[d]}",
                )
            )
    return problems


def _position_block_problems(q: Questionnaire) -> Problems:
    """Equal blocks: six questions each, the same total weight (Method principle 1)."""
    problems: Problems = []
    weights: dict[str, int] = {}
    for n, g in enumerate(q.groups):
        if g.kind != "position":
            continue
        questions = [x for x in q.questions if x.group == g.id]
        weights[g.id] = sum(x.weight for x in questions)
        if len(questions) != POSITION_BLOCK_SIZE:
            problems.append(
                (
                    ("groups", n, "id"),
                    f"position block {g.id!r} has {len(questions)} questions; every block "
                    f"has exactly {POSITION_BLOCK_SIZE}",
                )
            )
    if len(set(weights.values())) > 1:
        shown = ", ".join(f"{gid} {w}" for gid, w in weights.items())
        first_odd = next(
            n
            for n, g in enumerate(q.groups)
            if g.id in weights and weights[g.id] != Counter(weights.values()).most_common(1)[0][0]
        )
        problems.append(
            (
                ("groups", first_odd, "id"),
                f"position blocks must have the same total weight: {shown}",
            )
        )
    return problems


def _question_key_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    for n, x in enumerate(q.questions):
        for key in REQUIRED_FORMAT_2_KEYS:
            if getattr(x, key) is None:
                problems.append(
                    (("questions", n), f"question {x.id!r}: {key!r} is required in format 2")
                )
        if x.disciplines:
            problems.append(
                (
                    ("questions", n, "disciplines"),
                    f"question {x.id!r}: format 2 takes the discipline from the position "
                    "block; remove 'disciplines'",
                )
            )
        group = q.group_map.get(x.group)
        if x.operating_model and group is not None and group.kind not in MATURITY_KINDS:
            problems.append(
                (
                    ("questions", n, "operating_model"),
                    f"question {x.id!r}: only maturity questions evidence the operating model",
                )
            )
    return problems


def _prerequisite_problems(q: Questionnaire) -> Problems:
    """Known ids, and no cycle: a priority could never come first otherwise."""
    problems: Problems = []
    index = {x.id: n for n, x in enumerate(q.questions)}
    for n, x in enumerate(q.questions):
        for p, pre in enumerate(x.prerequisites):
            if pre not in index:
                problems.append(
                    (
                        ("questions", n, "prerequisites", p),
                        f"question {x.id!r}: unknown prerequisite {pre!r}",
                    )
                )
            elif pre == x.id:
                problems.append(
                    (("questions", n, "prerequisites", p), f"question {x.id!r} requires itself")
                )
    cycle = _find_cycle(q)
    if cycle:
        n = index[cycle[0]]
        p = q.questions[n].prerequisites.index(cycle[1])
        problems.append(
            (
                ("questions", n, "prerequisites", p),
                f"prerequisites form a cycle: {' -> '.join(cycle)}",
            )
        )
    return problems


def _find_cycle(q: Questionnaire) -> list[str]:
    """One cycle of prerequisites (``[a, b, ..., a]``), or [] when they are acyclic."""
    graph = {
        x.id: [p for p in x.prerequisites if p in q.question_map and p != x.id] for x in q.questions
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], node, nxt] if nxt in path else [node, nxt]
            if nxt not in state:
                found = visit(nxt, [*path, node])
                if found:
                    return found
        state[node] = 2
        return []

    for start in graph:
        if start not in state:
            found = visit(start, [])
            if found:
                return found
    return []


def _title_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    seen: set[str] = set()
    titled = [("groups", n, g.title) for n, g in enumerate(q.groups)] + [
        ("disciplines", n, d.title) for n, d in enumerate(q.disciplines)
    ]
    for key, n, title in titled:
        folded = title.casefold()
        if folded in seen:
            problems.append(
                (
                    (key, n, "title"),
                    f"title {title!r} is used twice; titles are unique across groups and "
                    "disciplines",
                )
            )
        seen.add(folded)
    return problems


def _alias_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    taken = {d.id.value for d in q.disciplines} | {UNDECIDED}
    for n, d in enumerate(q.disciplines):
        for a, alias in enumerate(d.aliases):
            if alias in taken:
                problems.append(
                    (
                        ("disciplines", n, "aliases", a),
                        f"discipline {d.id.value!r}: alias {alias!r} is already a name",
                    )
                )
            taken.add(alias)
    return problems


def _library_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    for n, action in enumerate(q.actions):
        for m, qid in enumerate(action.questions):
            if qid not in q.question_map:
                problems.append(
                    (
                        ("actions", n, "questions", m),
                        f"action {action.id!r}: unknown question {qid!r}",
                    )
                )
    for n, crit in enumerate(q.criteria):
        for c, cond in enumerate(crit.when):
            problems.extend(
                condition_problems(q, cond, ("criteria", n, "when", c), f"criterion {crit.id!r}")
            )
    if PROGRAMME_QUESTION not in q.question_map:
        for n, flag in enumerate(q.red_flags):
            if flag.requires_programme:
                problems.append(
                    (
                        ("red_flags", n, "requires_programme"),
                        f"red flag {flag.id!r}: requires a question {PROGRAMME_QUESTION!r}",
                    )
                )
    return problems


def _duplicate_id_problems(q: Questionnaire) -> Problems:
    problems: Problems = []
    lists: dict[str, list[str]] = {
        "engagement_initiatives": [e.id for e in q.engagement_initiatives],
        "actions": [a.id for a in q.actions],
        "criteria": [c.id for c in q.criteria],
        "red_flags": [f.id for f in q.red_flags],
    }
    for key, ids in lists.items():
        seen: set[str] = set()
        for n, item in enumerate(ids):
            if item in seen:
                problems.append(((key, n, "id"), f"{key}: {item!r} is declared twice"))
            seen.add(item)
    return problems

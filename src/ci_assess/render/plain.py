"""What the client reads instead of ids and formulas: a priority's reason in words.

The JSON report keeps a priority's ``reason`` as scoring wrote it (a code, the
question ids it names, a short technical text). A client never sees a question id:
here the reason is said again with the priorities' ranks ("after priority 1, its
prerequisite") or the question as asked, and without "gap x weight".
"""

from __future__ import annotations

from ci_assess.core.models.report import Priority, Report

_PHASE_WORDS = {
    "understand": "Understand",
    "test": "Test",
    "learn": "Learn",
    "implement": "Implement",
}


def _ranks(ranks: list[int]) -> str:
    """``[1]`` is "priority 1", ``[1, 4, 6]`` "priorities 1, 4 and 6"."""
    shown = [str(r) for r in sorted(ranks)]
    if len(shown) == 1:
        return f"priority {shown[0]}"
    return f"priorities {', '.join(shown[:-1])} and {shown[-1]}"


def _questions(ids: tuple[str, ...], texts: dict[str, str]) -> str:
    """Questions as asked, each in quotation marks."""
    return "; ".join(f"\u201c{texts.get(q, q)}\u201d" for q in ids)


def why(priority: Priority, rank_of: dict[str, int], texts: dict[str, str]) -> str:
    """Why ``priority`` sits at its rank, in a client's words (no id, no formula)."""
    reason = priority.reason
    if reason.code == "prerequisite":
        ranked = [rank_of[q] for q in reason.questions if q in rank_of]
        if len(ranked) < len(reason.questions):  # a prerequisite that was not answered
            return f"answer its prerequisite first: {_questions(reason.questions, texts)}"
        if max(ranked) < priority.rank:
            noun = "prerequisite" if len(ranked) == 1 else "prerequisites"
            return f"comes after {_ranks(ranked)}, its {noun}"
        return f"comes first: {_ranks(ranked)} depend{'s' if len(ranked) == 1 else ''} on it"
    if reason.code == "phase":
        phase = _PHASE_WORDS.get(priority.phase, priority.phase)
        return f"an early step ({phase} phase): it comes before larger gaps of later phases"
    levels = "one level" if priority.gap == 1 else f"{priority.gap} levels"
    return f"{levels} below its target on a question of weight {priority.weight} of 5"


def reasons(report: Report) -> dict[str, str]:
    """Each priority's reason in words, by question id."""
    rank_of = {p.question: p.rank for p in report.priorities}
    texts = {a.question: a.text for a in report.answers}
    return {p.question: why(p, rank_of, texts) for p in report.priorities}


def target_words(report: Report) -> str:
    """Where the targets came from, without the profile's id: "the target profile for
    customer intimacy" (the JSON keeps ``method.target_source`` as scoring wrote it)."""
    source = report.method.target_source
    profile, _, rest = source.partition(" profile")
    titles = {d.id: d.title.lower() for d in report.disciplines}
    if profile in titles:
        words = f"the target profile for {titles[profile]}"
    elif profile == "undecided":
        words = "the target profile for a company that has not chosen its discipline"
    else:  # a questionnaire's own profile name: shown as written, without underscores
        words = f"the {profile.replace('_', ' ')} target profile"
    if "override" in rest:
        words += ", with the answers file's own targets for some groups"
    return words

"""What the client reads instead of ids and formulas: a priority's reason in words.

The JSON report keeps a priority's ``reason`` as scoring wrote it (a code, the
question ids it names, a short technical text). A client never sees a question id:
here the reason is said again with the priorities' ranks ("after priority 1, its
prerequisite") or the question as asked, and without "gap x weight".
"""

from __future__ import annotations

from ci_assess.core.models.report import Priority, Report
from ci_assess.files.catalogues import SourceTranslator, Translator, translator


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


_PHASE_WORDS = {
    "understand": N_("Understand"),
    "test": N_("Test"),
    "learn": N_("Learn"),
    "implement": N_("Implement"),
}
_ENGLISH = SourceTranslator()


def _ranks(ranks: list[int], t: Translator) -> str:
    """``[1]`` is "priority 1", ``[1, 4, 6]`` "priorities 1, 4 and 6"."""
    shown = [str(r) for r in sorted(ranks)]
    if len(shown) == 1:
        return t.gettext("priority %(rank)s", rank=shown[0])
    return t.gettext(
        "priorities %(ranks)s and %(last)s", ranks=", ".join(shown[:-1]), last=shown[-1]
    )


def _questions(ids: tuple[str, ...], texts: dict[str, str], t: Translator) -> str:
    """Questions as asked, each in quotation marks."""
    return "; ".join(t.gettext("\u201c%(question)s\u201d", question=texts.get(q, q)) for q in ids)


def why(
    priority: Priority,
    rank_of: dict[str, int],
    texts: dict[str, str],
    t: Translator = _ENGLISH,
) -> str:
    """Why ``priority`` sits at its rank, in a client's words (no id, no formula)."""
    reason = priority.reason
    if reason.code == "prerequisite":
        ranked = [rank_of[q] for q in reason.questions if q in rank_of]
        if len(ranked) < len(reason.questions):  # a prerequisite that was not answered
            return t.gettext(
                "answer its prerequisite first: %(questions)s",
                questions=_questions(reason.questions, texts, t),
            )
        if max(ranked) < priority.rank:
            return t.ngettext(
                "comes after %(ranks)s, its prerequisite",
                "comes after %(ranks)s, its prerequisites",
                len(ranked),
                ranks=_ranks(ranked, t),
            )
        return t.ngettext(
            "comes first: %(ranks)s depends on it",
            "comes first: %(ranks)s depend on it",
            len(ranked),
            ranks=_ranks(ranked, t),
        )
    if reason.code == "phase":
        phase = t.gettext(_PHASE_WORDS.get(priority.phase or "", priority.phase or ""))
        return t.gettext(
            "an early step (%(phase)s phase): it comes before larger gaps of later phases",
            phase=phase,
        )
    levels = (
        t.gettext("one level")
        if priority.gap == 1
        else t.gettext("%(gap)s levels", gap=priority.gap)
    )
    return t.gettext(
        "%(levels)s below its target on a question of weight %(weight)s of 5",
        levels=levels,
        weight=priority.weight,
    )


def reasons(report: Report) -> dict[str, str]:
    """Each priority's reason in words, by question id."""
    rank_of = {p.question: p.rank for p in report.priorities}
    texts = {a.question: a.text for a in report.answers}
    t = translator(report.language)
    return {p.question: why(p, rank_of, texts, t) for p in report.priorities}


def target_words(report: Report) -> str:
    """Where the targets came from, without the profile's id: "the target profile for
    customer intimacy" (the JSON keeps ``method.target_source`` as scoring wrote it)."""
    t = translator(report.language)
    source = report.method.target_source
    # A translated report has translated its target_source (app.localise): read the
    # profile from the intent instead, which is the same in every language.
    intent = report.placement.intended
    if report.language != "en":
        profile = "customer_intimacy" if intent is None else str(intent)
        rest = " override" if t.gettext(" with per-group overrides") in source else ""
    else:
        profile, _, rest = source.partition(" profile")
    titles = {d.id: d.title.lower() for d in report.disciplines}
    if profile in titles:
        words = t.gettext("the target profile for %(discipline)s", discipline=titles[profile])
    elif profile == "undecided":
        words = t.gettext("the target profile for a company that has not chosen its discipline")
    else:  # a questionnaire's own profile name: shown as written, without underscores
        words = t.gettext("the %(profile)s target profile", profile=profile.replace("_", " "))
    if "override" in rest:
        words += t.gettext(", with the answers file's own targets for some groups")
    return words

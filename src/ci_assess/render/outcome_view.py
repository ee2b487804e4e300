"""Values and chart geometry for the outcome and key-account sections of a report.

Like ``charts`` and ``rows``: pure functions of the Report, returning plain data
(texts already formatted, SVG coordinates already rounded) that the partials
``_outcomes.*.j2`` and ``_key_accounts.*.j2`` only place and escape. Directions are
shown as a word and a shape (up, down and round marks, a dash), never by colour
alone; the charts use the Okabe-Ito blue and orange, which stay apart for every
common colour-vision type.

Every word and figure is in the report's language: the functions take a
``files.catalogues.Translator`` (English, the default, writes exactly what these
sections always showed and imports no Babel; another language formats amounts, dates
and percentages by its CLDR data: ``4 200 000 €``, ``30 juin 2026``, ``86,0 %``).
"""

from __future__ import annotations

import datetime as dt
import math
from functools import cached_property

from ci_assess.core.language import SOURCE_LANGUAGE
from ci_assess.core.models.outcome_report import (
    KeyAccountsResult,
    OutcomeResult,
    OutcomeSide,
)
from ci_assess.core.models.report import Report
from ci_assess.files.catalogues import SourceTranslator, Translator, translator
from ci_assess.render.charts import WIDTH, _r, text_width, wrap


def N_(message: str) -> str:  # the gettext convention: extracted, translated where used
    """Mark a constant for extraction."""
    return message


DASH = "\u2013"
HEATMAP_INLINE = 10
"""Up to this many accounts the heatmap stands in the section; beyond, in the appendix."""
MARKS = {"improved": "▲", "worse": "▼", "unchanged": "●", "unknown": DASH}
DIRECTION_WORDS = {
    "improved": N_("improved"),
    "worse": N_("worse"),
    "unchanged": N_("unchanged"),
    "unknown": N_("no comparison"),
}
FLAG_WORDS = {
    "no_sponsor": N_("no sponsor"),
    "review_overdue": N_("review overdue"),
    "price_tier_high_share": N_("high share at price tier"),
    "weak_element": N_("weak element"),
}
_ENGLISH = SourceTranslator()


def direction_word(direction: str, t: Translator = _ENGLISH) -> str:
    """An outcome's direction in words: improved, worse, unchanged, no comparison."""
    return t.gettext(DIRECTION_WORDS[direction])


def number(value: float, places: int, t: Translator = _ENGLISH) -> str:
    """``value`` with ``places`` decimals and thousands groups: 4,200,000.00 (a minus
    sign, not a hyphen); 4 200 000,00 in French."""
    return t.grouped(value, places)


def short_date(value: dt.date, t: Translator = _ENGLISH) -> str:
    """30 Jun 2026 / 30 juin 2026."""
    return t.short_date(value)


def percent_value(value: float, places: int, t: Translator = _ENGLISH) -> str:
    """A value already in per cent (86.0): "86.0 %" as these sections always wrote it in
    English, the locale's percentage elsewhere ("86,0 %" with its no-break space)."""
    if t.language == SOURCE_LANGUAGE:
        return f"{t.grouped(value, places)} %"
    return t.percent(value / 100, places)


def percent_share(share: float | None, t: Translator = _ENGLISH) -> str:
    """A 0-1 share as a percentage with two decimals, or an en dash."""
    return DASH if share is None else percent_value(share * 100, 2, t)


def money(value: float, currency: str | None, t: Translator = _ENGLISH) -> str:
    """An amount in the report's currency: EUR 4,200,000 / 4 200 000 € (cents only when
    there are some)."""
    places = 0 if float(value).is_integer() else 2
    return t.money(value, currency, places)


def level_text(value: float, t: Translator = _ENGLISH) -> str:
    """A key-account level as the report has it: 3, or a combined report's mean 2.33
    (2,33 in French, with the decimals it has)."""
    if t.language == SOURCE_LANGUAGE or isinstance(value, int):
        return str(value)
    return t.number(value, len(repr(float(value)).partition(".")[2]))


def _count_form(value: float) -> int:
    """The plural form a decimal quantity takes: 1.5 day(s) reads like 1 (French "1,5 jour")."""
    return int(abs(value))


# The sections' values are plain classes with ``__slots__`` and an ``__init__`` written
# out, not dataclasses: a dataclass's methods are generated as source and compiled in
# every process, and every HTML report imports this module (about 46 M instructions for
# its ten frozen dataclasses). Nothing compares, hashes or changes them; the partials
# only read their fields.

# --- outcomes ------------------------------------------------------------------------


class OutcomeRow:
    """One indicator as the outcomes table shows it."""

    __slots__ = (
        "baseline",
        "delta",
        "direction",
        "direction_id",
        "groups",
        "id",
        "mark",
        "note",
        "on_track",
        "target",
        "title",
        "today",
    )

    def __init__(
        self,
        id: str,
        title: str,
        baseline: str,
        today: str,
        target: str,
        delta: str,
        mark: str,
        direction: str,
        direction_id: str,
        on_track: str,
        note: str,
        groups: tuple[str, ...],
    ) -> None:
        self.id = id
        self.title = title
        self.baseline = baseline
        self.today = today
        self.target = target
        self.delta = delta
        self.mark = mark
        self.direction = direction
        self.direction_id = direction_id
        self.on_track = on_track
        self.note = note
        self.groups = groups


def value_text(value: float, unit: str, currency: str | None, t: Translator = _ENGLISH) -> str:
    """A value in its unit: 86.0 %, EUR 3,200.00, 28.0 days, 0.0800 (86,0 %,
    3 200,00 €, 28,0 jours, 0,0800 in French)."""
    from ci_assess.core.outcomes import DECIMALS

    places = DECIMALS[unit]
    if unit == "percent":
        return percent_value(value, places, t)
    if unit == "currency":
        return t.money(value, currency, places)
    if unit == "days":
        return t.ngettext(
            "%(value)s days", "%(value)s days", _count_form(value), value=number(value, places, t)
        )
    return number(value, places, t)


def _side_text(side: OutcomeSide | None, unit: str, currency: str | None, t: Translator) -> str:
    if side is None:
        return DASH
    text = value_text(side.value, unit, currency, t)
    if side.margin_of_error is not None:  # French keeps it on one line: no-break spaces
        text = t.gettext(
            "%(value)s ± %(margin)s (n = %(n)s)",
            value=text,
            margin=number(side.margin_of_error, 1, t),
            n=side.n,
        )
    if side.on is not None:
        text += f", {short_date(side.on, t)}"
    return text


def signed(text: str, value: float) -> str:
    """``text`` (a formatted change) with a plus sign when ``value`` is above zero."""
    return f"+{text}" if value > 0 else text


def _delta_text(o: OutcomeResult, currency: str | None, t: Translator) -> str:
    if o.delta is None:
        return DASH
    if o.unit == "percent":  # a change of percentages is in points, not per cent
        points = t.ngettext(
            "%(value)s points",
            "%(value)s points",
            _count_form(o.delta),
            value=number(o.delta, 1, t),
        )
        return signed(points, o.delta)
    return signed(value_text(o.delta, o.unit, currency, t), o.delta)


def _on_track(on_track: bool | None, t: Translator) -> str:
    if on_track is None:
        return DASH
    return t.gettext("yes") if on_track else t.gettext("not yet")


def outcome_rows(report: Report, t: Translator = _ENGLISH) -> tuple[OutcomeRow, ...]:
    """Every indicator of the report, in its order."""
    titles = {g.id: g.title for g in (*report.process_groups, *report.other_groups)}
    rows = []
    for o in report.outcomes:
        note = ""
        if o.within_margin_of_error:
            note = t.gettext("the change is within the margin of error, so it may be noise.")
        target = DASH if o.target is None else value_text(o.target, o.unit, report.currency, t)
        rows.append(
            OutcomeRow(
                id=o.id,
                title=o.title,
                baseline=_side_text(o.baseline, o.unit, report.currency, t),
                today=_side_text(o.today, o.unit, report.currency, t),
                target=target,
                delta=_delta_text(o, report.currency, t),
                mark=MARKS[o.direction],
                direction=direction_word(o.direction, t),
                direction_id=o.direction,
                on_track=_on_track(o.on_track, t),
                note=note,
                groups=tuple(titles.get(g, g) for g in o.groups),
            )
        )
    return tuple(rows)


class GroupLink:
    """A group and the outcomes the method links to it, each with its direction."""

    __slots__ = ("outcomes", "score", "title")

    def __init__(self, title: str, score: str, outcomes: tuple[str, ...]) -> None:
        self.title = title
        self.score = score
        self.outcomes = outcomes


def group_links(report: Report, t: Translator = _ENGLISH) -> tuple[GroupLink, ...]:
    """Groups in report order with the recorded outcomes linked to them."""
    found = []
    for g in (*report.process_groups, *report.other_groups):
        linked = [
            f"{o.title} ({MARKS[o.direction]} {direction_word(o.direction, t)})"
            for o in report.outcomes
            if g.id in o.groups
        ]
        if linked:
            found.append(GroupLink(g.title, t.score(g.score), tuple(linked)))
    return tuple(found)


# --- key accounts --------------------------------------------------------------------


class AccountRow:
    """One key account as its table shows it."""

    __slots__ = ("flags", "name", "revenue", "reviewed_on", "score", "share", "sponsor", "tier")

    def __init__(
        self,
        name: str,
        revenue: str,
        share: str,
        tier: str,
        score: str,
        sponsor: str,
        reviewed_on: str,
        flags: tuple[str, ...],
    ) -> None:
        self.name = name
        self.revenue = revenue
        self.share = share
        self.tier = tier
        self.score = score
        self.sponsor = sponsor
        self.reviewed_on = reviewed_on
        self.flags = flags


def account_rows(
    section: KeyAccountsResult, currency: str | None, t: Translator = _ENGLISH
) -> tuple[AccountRow, ...]:
    """Each key account, in file order."""
    rows = []
    titles = _element_titles(section)
    for a in section.accounts:
        flags = [t.gettext(FLAG_WORDS[f]) for f in a.flags if f != "weak_element"]
        if a.weak_elements:
            weak = ", ".join(titles[e] for e in a.weak_elements)
            flags.append(t.gettext("weak: %(elements)s", elements=weak))
        reviewed = short_date(a.reviewed_on, t) if a.reviewed_on else t.gettext("never recorded")
        rows.append(
            AccountRow(
                name=a.name,
                revenue=money(a.revenue, currency, t),
                share=percent_share(a.share, t),
                tier=f"{a.tier} {a.tier_name}",
                score=t.score(a.score),
                sponsor=a.sponsor or t.gettext("none"),
                reviewed_on=reviewed,
                flags=tuple(flags),
            )
        )
    return tuple(rows)


def _element_titles(section: KeyAccountsResult) -> dict[str, str]:
    return {e.id: e.title for e in section.elements}


def _whole_words(text: str, width: float, font_size: float, max_lines: int) -> list[str]:
    """``wrap``, except that a word a little longer than ``width`` by the (generous)
    estimate is not cut in two ("Différenciation" in a lane sized for "Differentiator")."""
    longest = max((text_width(w, font_size) for w in text.split()), default=0.0)
    return wrap(text, max(width, min(longest, width * 1.2)), font_size, max_lines)


class Bubble:
    """An account on the value journey: a circle sized by revenue, with its label."""

    __slots__ = ("cx", "cy", "desc", "labels", "r")

    def __init__(
        self, cx: float, cy: float, r: float, labels: tuple[tuple[float, str], ...], desc: str
    ) -> None:
        self.cx = cx
        self.cy = cy
        self.r = r
        self.labels = labels
        self.desc = desc


class Lane:
    """One tier of the value journey: a column with its heading."""

    __slots__ = ("bubbles", "count", "heading", "name", "width", "x")

    def __init__(
        self,
        x: float,
        width: float,
        heading: str,
        name: tuple[tuple[float, str], ...],
        count: str,
        bubbles: tuple[Bubble, ...],
    ) -> None:
        self.x = x
        self.width = width
        self.heading = heading
        self.name = name
        self.count = count
        self.bubbles = bubbles


class JourneyChart:
    """The value journey, tier 4 (price) on the left to tier 1 (partnership) on the right."""

    __slots__ = ("desc", "height", "lanes", "width")

    def __init__(self, width: float, height: float, lanes: tuple[Lane, ...], desc: str) -> None:
        self.width = width
        self.height = height
        self.lanes = lanes
        self.desc = desc


_LANE_TOP = 66.0
_SLOT = 74.0
_MAX_R = 22.0
_MIN_R = 4.0


def journey_chart(
    section: KeyAccountsResult,
    tier_names: dict[int, str],
    currency: str | None,
    t: Translator = _ENGLISH,
) -> JourneyChart:
    """Each account in its tier's lane; circle area proportional to revenue."""
    biggest = max((a.revenue for a in section.accounts), default=0.0)
    lane_w = WIDTH / 4
    lanes = []
    most = max((section.tiers[str(t)] for t in (4, 3, 2, 1)), default=0)
    for i, tier in enumerate((4, 3, 2, 1)):
        x = lane_w * i
        members = [a for a in section.accounts if a.tier == tier]
        bubbles = []
        for k, a in enumerate(members):
            r = _MAX_R * math.sqrt(a.revenue / biggest) if biggest > 0 else _MIN_R
            cy = _LANE_TOP + _SLOT * k + _MAX_R + 2
            lines = wrap(a.name, lane_w - 6, 11, 2)
            labels = tuple((_r(cy + _MAX_R + 13 + 12 * n), line) for n, line in enumerate(lines))
            desc = t.gettext(
                "%(account)s: tier %(tier)s, %(revenue)s",
                account=a.name,
                tier=tier,
                revenue=money(a.revenue, currency, t),
            )
            bubbles.append(Bubble(_r(x + lane_w / 2), _r(cy), _r(max(r, _MIN_R)), labels, desc))
        count = section.tiers[str(tier)]
        name = _whole_words(tier_names.get(tier, ""), lane_w - 2, 12, 2)
        lanes.append(
            Lane(
                _r(x),
                _r(lane_w),
                t.gettext("Tier %(tier)s", tier=tier),
                tuple((_r(32 + 13 * n), line) for n, line in enumerate(name)),
                t.ngettext("%(n)s account", "%(n)s accounts", count),
                tuple(bubbles),
            )
        )
    parts = [
        t.gettext(
            "Tier %(tier)s %(name)s: %(accounts)s",
            tier=tier,
            name=tier_names.get(tier, ""),
            accounts=", ".join(a.name for a in section.accounts if a.tier == tier)
            or t.gettext("none"),
        )
        for tier in (4, 3, 2, 1)
    ]
    height = _LANE_TOP + _SLOT * max(most, 1) + 12
    return JourneyChart(WIDTH, _r(height), tuple(lanes), ". ".join(parts) + ".")


class Cell:
    """One element of one account in the heatmap."""

    __slots__ = ("level", "shade", "shown", "x")

    def __init__(self, x: float, level: int | float, shade: str, shown: str = "") -> None:
        self.x = x
        self.level = level  # as the report has it (a combined report's mean has two decimals)
        self.shade = shade
        self.shown = shown  # the level as written in the cell, in the report's language (2,33)


class HeatRow:
    """One account's row of the heatmap."""

    __slots__ = ("cells", "names", "y")

    def __init__(
        self, y: float, names: tuple[tuple[float, str], ...], cells: tuple[Cell, ...]
    ) -> None:
        self.y = y
        self.names = names
        self.cells = cells


class Heatmap:
    """The seven elements (columns) of every account (rows), the level written in each cell."""

    __slots__ = ("cell", "columns", "desc", "height", "label_width", "label_y", "rows", "width")

    def __init__(
        self,
        width: float,
        height: float,
        label_width: float,
        cell: float,
        columns: tuple[tuple[tuple[float, str], ...], ...],
        rows: tuple[HeatRow, ...],
        desc: str,
        label_y: int = 90,
    ) -> None:
        self.width = width
        self.height = height
        self.label_width = label_width
        self.cell = cell
        # Each element's label: its lines, each at its x (the text is turned upright).
        self.columns = columns
        self.rows = rows
        self.desc = desc
        self.label_y = label_y  # where the turned labels start, above the first row


# A sequential blue ramp (light to darker) readable in grey as well; the level is
# written in each cell, so the colour only repeats it. Every shade keeps the report's
# dark text above a 4.5:1 contrast (the template's CSS colours chart text).
_SHADES = ("#f4f7fb", "#d6e5f3", "#b3cfe9", "#8cb6dd", "#5f9acd")
_HEAT_TOP = 96.0
# A translated report names the columns by the elements' titles (their ids are English
# words), up to three turned lines in a taller band.
_TITLE_LABEL_Y = 124
_TITLE_LINES = 3
_LINE_STEP = 12.0


def _column_labels(
    section: KeyAccountsResult, label_w: float, cell: float, by_title: bool
) -> tuple[tuple[tuple[float, str], ...], ...]:
    columns: list[tuple[tuple[float, str], ...]] = []
    for n, e in enumerate(section.elements):
        x = label_w + cell * n + cell / 2 + 4
        if not by_title:
            columns.append(((_r(x), e.id.split("_")[0][:13]),))
            continue
        lines = wrap(e.title, _TITLE_LABEL_Y - 4, 11, _TITLE_LINES)
        first = x - _LINE_STEP * (len(lines) - 1) / 2
        columns.append(tuple((_r(first + _LINE_STEP * k), line) for k, line in enumerate(lines)))
    return tuple(columns)


def heatmap(section: KeyAccountsResult, low: int, high: int, t: Translator = _ENGLISH) -> Heatmap:
    """A grid of element levels per account, darker for higher levels."""
    label_w = 126.0
    cell = _r((WIDTH - label_w) / max(len(section.elements), 1))
    span = max(high - low, 1)
    by_title = t.language != SOURCE_LANGUAGE
    columns = _column_labels(section, label_w, cell, by_title)
    label_y = _TITLE_LABEL_Y if by_title else 90
    top = _HEAT_TOP + (label_y - 90)
    rows = []
    for k, a in enumerate(section.accounts):
        cells = []
        for n, e in enumerate(section.elements):
            level = a.elements.get(e.id, low)
            step = round((len(_SHADES) - 1) * (level - low) / span)
            cells.append(Cell(_r(label_w + cell * n), level, _SHADES[step], level_text(level, t)))
        y = top + cell * k
        lines = wrap(a.name, label_w - 6, 12, 2)
        first = y + cell / 2 + 4 - 7 * (len(lines) - 1)
        names = tuple((_r(first + 14 * n), line) for n, line in enumerate(lines))
        rows.append(HeatRow(_r(y), names, tuple(cells)))
    desc = " ".join(
        t.gettext(
            "%(account)s: %(levels)s.",
            account=a.name,
            levels=", ".join(f"{e.title} {a.elements.get(e.id)}" for e in section.elements),
        )
        for a in section.accounts
    )
    height = top + cell * len(section.accounts) + 4
    return Heatmap(WIDTH, _r(height), label_w, cell, columns, tuple(rows), desc, label_y)


class CurveChart:
    """Cumulative revenue share over customers ranked by revenue, the top 20 % marked."""

    __slots__ = (
        "anchor",
        "desc",
        "diagonal",
        "height",
        "label_x",
        "left",
        "mark_label",
        "mark_x",
        "mark_y",
        "plot_h",
        "plot_w",
        "points",
        "ticks",
        "top",
        "width",
        "x_label",
    )

    def __init__(
        self,
        width: float,
        height: float,
        left: float,
        top: float,
        plot_w: float,
        plot_h: float,
        points: str,
        diagonal: str,
        mark_x: float,
        mark_y: float,
        mark_label: str,
        label_x: float,
        anchor: str,
        ticks: tuple[tuple[float, str], ...],
        x_label: str,
        desc: str,
    ) -> None:
        self.width = width
        self.height = height
        self.left = left
        self.top = top
        self.plot_w = plot_w
        self.plot_h = plot_h
        self.points = points
        self.diagonal = diagonal
        self.mark_x = mark_x
        self.mark_y = mark_y
        self.mark_label = mark_label
        self.label_x = label_x
        self.anchor = anchor
        self.ticks = ticks
        self.x_label = x_label
        self.desc = desc


def curve_chart(section: KeyAccountsResult, t: Translator = _ENGLISH) -> CurveChart | None:
    """The concentration curve, or None without a customers file."""
    c = section.concentration
    if c is None:
        return None
    left, top, plot_w, plot_h = 40.0, 12.0, WIDTH - 52.0, 200.0
    n = c.customers

    def at(k: int, value: float) -> tuple[float, float]:
        return _r(left + plot_w * k / n), _r(top + plot_h * (1 - value))

    pts = [at(0, 0.0), *(at(k + 1, v) for k, v in enumerate(c.curve))]
    top20 = math.ceil(n / 5)
    mx, my = at(top20, c.top20_share)
    share = percent_value(c.top20_share * 100, 1, t)
    label = t.gettext(
        "top %(top)s (%(k)s of %(n)s): %(share)s of revenue",
        top=percent_value(20, 0, t),
        k=top20,
        n=n,
        share=share,
    )
    anchor = "start" if mx < left + plot_w / 2 else "end"
    ticks = tuple(
        (_r(top + plot_h * (1 - v / 100)), percent_value(v, 0, t)) for v in (0, 25, 50, 75, 100)
    )
    desc = t.gettext(
        "%(n)s customers ranked by revenue. The largest %(k)s (%(top)s of customers) bring "
        "%(share)s of revenue; the HHI is %(hhi)s.",
        n=n,
        k=top20,
        top=percent_value(20, 0, t),
        share=share,
        hhi=t.number(c.hhi, 1),
    )
    return CurveChart(
        WIDTH,
        _r(top + plot_h + 36),
        left,
        top,
        plot_w,
        plot_h,
        " ".join(f"{x},{y}" for x, y in pts),
        f"{left},{top + plot_h} {left + plot_w},{top}",
        mx,
        my,
        label,
        _r(mx + 8 if anchor == "start" else mx - 8),
        anchor,
        ticks,
        t.gettext("customers ranked by revenue (1 to %(n)s)", n=n),
        desc,
    )


class OutcomeView:
    """Everything the two partials need, computed on first use."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.t = translator(report.language)  # English imports no Babel

    @cached_property
    def outcomes(self) -> tuple[OutcomeRow, ...]:
        return outcome_rows(self.report, self.t)

    @cached_property
    def links(self) -> tuple[GroupLink, ...]:
        return group_links(self.report, self.t)

    @cached_property
    def accounts(self) -> tuple[AccountRow, ...]:
        section = self.report.key_accounts
        return () if section is None else account_rows(section, self.report.currency, self.t)

    @cached_property
    def journey(self) -> JourneyChart | None:
        section = self.report.key_accounts
        if section is None:
            return None
        names = {int(t): name for t, name in section.tier_names.items()}
        return journey_chart(section, names, self.report.currency, self.t)

    @cached_property
    def heatmap(self) -> Heatmap | None:
        section = self.report.key_accounts
        if section is None or not section.accounts:
            return None
        scale = self.report.method.scale
        return heatmap(section, scale[0].level, scale[-1].level, self.t)

    @cached_property
    def curve(self) -> CurveChart | None:
        section = self.report.key_accounts
        return None if section is None else curve_chart(section, self.t)

    @cached_property
    def progress(self) -> tuple[str, ...]:
        """The progress section's outcome indicators, before → after, in words."""
        from ci_assess.render.progress_outcomes import change_texts

        return change_texts(self.report)

    @cached_property
    def progress_counts(self) -> str:
        """The executive summary's count of them: "4 improved, 1 worse"."""
        from ci_assess.render.progress_outcomes import change_counts

        return change_counts(self.report)

    # Figures the partials write themselves, in the report's language; English exactly as
    # these sections always wrote them ("87.17 %", "2214.0", dates in ISO).
    def pct(self, value: float, places: int = 2) -> str:
        """A value in per cent (87.17): "87.17 %" / "87,17 %"."""
        return percent_value(value, places, self.t)

    def figure(self, value: float, places: int = 0) -> str:
        """A plain number: "2214.0" in English, "2 214,0" (grouped as CLDR says) elsewhere."""
        if self.t.language == SOURCE_LANGUAGE:
            return f"{value:.{places}f}"
        return self.t.grouped(value, places)

    def level(self, value: float) -> str:
        """A key-account level: 3, or a combined report's mean (2.33 / 2,33)."""
        return level_text(value, self.t)

    def day(self, value: dt.date) -> str:
        """A date in a sentence: ISO in English (as it always was), "1 mars 2026" elsewhere."""
        return value.isoformat() if self.t.language == SOURCE_LANGUAGE else self.t.long_date(value)

    @property
    def heatmap_inline(self) -> bool:
        section = self.report.key_accounts
        return section is not None and len(section.accounts) <= HEATMAP_INLINE

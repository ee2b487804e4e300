"""The trend of one company (``history show``): Markdown, HTML or JSON.

The chart's geometry is computed here (positions in a fixed view box); the markup is
in ``report_templates/trend.html.j2``. Each score is a line over the assessments in
date order, broken where the questionnaire's major version changes (the method
changed: the scores before and after are not on one scale).

The templates' words are catalogue messages: ``language`` (a resolved tag, as
``app.localise.option_language`` returns it) renders them translated, with the locale's
numbers; None, the default, is English exactly as before and imports no Babel.
"""

from __future__ import annotations

import json
from typing import Any

from ci_assess.files.catalogues import translator
from ci_assess.files.resources import templates_dir
from ci_assess.render.templates import _environment

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 260, 40, 190, 16, 40
# RIGHT leaves room for the last date and for each line's name at its end.


def render_trend(
    data: dict[str, Any],
    fmt: str,
    language: str | None = None,
    titles: dict[str, dict[str, str]] | None = None,
) -> str:
    """The trend ``data`` (``app.history.trend``) in ``fmt``: md, html or json; its words
    in ``language`` (None: English); each line named by its title in ``titles``
    (``{"groups": {id: title}, "disciplines": …}``; an id without one is shown as is)."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    tr = translator(language)
    # Compiled in the translator's language: the constant messages are translated already.
    env = _environment((str(templates_dir()),), fmt == "html", tr.language)
    template = env.get_template(f"trend.{fmt}.j2")
    named = titles or {}
    return template.render(
        trend=data,
        chart=chart(data, named),
        series_names=series_names(data),
        title_of=lambda kind, sid: named.get(kind, {}).get(sid, sid),
        tr=tr,
        lang=tr.language,
    )


def series_names(data: dict[str, Any]) -> list[tuple[str, str]]:
    """Every line's (kind, id): overall first, then the groups and disciplines in the latest
    questionnaire's order, then those only earlier assessments have."""
    names: list[tuple[str, str]] = [("overall", "")]
    for kind in ("groups", "disciplines"):
        names.extend((kind, sid) for sid in data["order"][kind])
    for point in data["assessments"]:  # then any an earlier questionnaire had
        for kind in ("groups", "disciplines"):
            names.extend((kind, sid) for sid in point[kind] if (kind, sid) not in names)
    return names


def _value(point: dict[str, Any], kind: str, sid: str) -> float | None:
    if kind == "overall":
        return point["overall"]  # type: ignore[no-any-return]
    return point[kind].get(sid)  # type: ignore[no-any-return]


def chart(data: dict[str, Any], titles: dict[str, dict[str, str]] | None = None) -> dict[str, Any]:
    """Polylines for each line and segment, x ticks labelled with date and milestone;
    each line's name its title in ``titles`` when there is one."""
    points = data["assessments"]
    count = len(points)
    span = WIDTH - LEFT - RIGHT

    def x(index: int) -> float:
        return LEFT + (span / 2 if count == 1 else span * index / (count - 1))

    def y(score: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (100 - score) / 100

    lines = []
    for kind, sid in series_names(data):
        pieces = []
        for segment in data["segments"]:
            coords = [
                (round(x(i), 1), round(y(v), 1))
                for i in segment
                if (v := _value(points[i], kind, sid)) is not None
            ]
            if coords:
                pieces.append(coords)
        end = pieces[-1][-1] if pieces else None
        name = (titles or {}).get(kind, {}).get(sid, sid) if sid else "overall"
        lines.append(
            {"kind": kind, "id": sid or "overall", "name": name, "pieces": pieces, "end": end}
        )
    _spread_labels(lines)
    ticks = [
        {"x": round(x(i), 1), "date": p["assessed_on"], "milestone": p["milestone"]}
        for i, p in enumerate(points)
    ]
    breaks = [round((x(s[0] - 1) + x(s[0])) / 2, 1) for s in data["segments"][1:]]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "bottom": HEIGHT - BOTTOM,
        "lines": lines,
        "ticks": ticks,
        "breaks": breaks,
        "grid": [{"y": round(y(v), 1), "label": v} for v in (0, 25, 50, 75, 100)],
    }


LABEL_GAP = 11.0  # px between two line names at the chart's right edge (the font is 10 px)


def _spread_labels(lines: list[dict[str, Any]]) -> None:
    """Give each line's name a ``label_y`` at least LABEL_GAP below the one above it.

    Lines that end at close scores would print their names over each other; the names
    keep their order from top to bottom and move apart as little as that needs, and the
    column moves up as a whole if it would run past the chart's bottom.
    """
    ends = sorted((line for line in lines if line["end"]), key=lambda line: line["end"][1])
    previous = None
    for line in ends:
        wanted = line["end"][1] + 3  # the text's baseline, level with the line's end
        line["label_y"] = wanted if previous is None else max(wanted, previous + LABEL_GAP)
        previous = line["label_y"]
    overflow = (previous or 0) - (HEIGHT - BOTTOM + 3)
    if overflow > 0:
        for line in ends:
            line["label_y"] = round(line["label_y"] - overflow, 1)
    for line in ends:
        line["label_y"] = round(max(line["label_y"], LABEL_GAP), 1)

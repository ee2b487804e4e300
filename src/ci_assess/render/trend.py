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

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 720, 260, 40, 150, 16, 40
# RIGHT leaves room for the last date and for each line's name at its end.


def render_trend(data: dict[str, Any], fmt: str, language: str | None = None) -> str:
    """The trend ``data`` (``app.history.trend``) in ``fmt``: md, html or json; its words
    in ``language`` (None: English)."""
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    env = _environment((str(templates_dir()),), fmt == "html")
    template = env.get_template(f"trend.{fmt}.j2")
    tr = translator(language)
    return template.render(
        trend=data, chart=chart(data), series_names=series_names(data), tr=tr, lang=tr.language
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


def chart(data: dict[str, Any]) -> dict[str, Any]:
    """Polylines for each line and segment, x ticks labelled with date and milestone."""
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
        lines.append({"kind": kind, "id": sid or "overall", "pieces": pieces, "end": end})
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

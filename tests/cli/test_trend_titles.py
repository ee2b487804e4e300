"""``history show`` names each line of the trend by its title, in the trend's language;
its JSON keeps the ids. The chart's line names never print over each other."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.cli import app
from ci_assess.render.trend import HEIGHT, LABEL_GAP, chart
from tests.conftest import EXAMPLE

pytestmark = pytest.mark.slow


@pytest.fixture
def db(runner: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    later = tmp_path / "northwind-2027.yaml"
    later.write_text(
        EXAMPLE.read_text(encoding="utf-8").replace(
            "assessed_on: 2026-11-20", "assessed_on: 2027-05-20"
        ),
        encoding="utf-8",
    )
    for path in (EXAMPLE, later):
        done = runner.invoke(app, ["history", "add", str(path), "--db", url])
        assert done.exit_code == 0, done.stderr
    return url


def show(runner: CliRunner, db: str, *args: str) -> str:
    done = runner.invoke(app, ["history", "show", "Northwind Traders", "--db", db, *args])
    assert done.exit_code == 0, done.stderr
    return done.stdout


def test_lines_are_named_by_title_in_english_and_french(runner: CliRunner, db: str) -> None:
    english = show(runner, db)
    assert "| Organisational behaviour | 51.3 | 51.3 |" in english
    assert "| Customer intimacy (position) |" in english
    assert "organizational_behaviour" not in english and "customer_intimacy" not in english
    french = show(runner, db, "--lang", "fr")
    assert "| Comportement organisationnel | 51,3 | 51,3 |" in french
    assert "| Intimité client (position) |" in french


def test_the_chart_names_lines_in_words_and_json_keeps_ids(runner: CliRunner, db: str) -> None:
    html = show(runner, db, "--lang", "fr", "-f", "html")
    labels = re.findall(r'<text class="label [a-z]+"[^>]*>([^<]*)</text>', html)
    assert "Global" in labels and "overall" not in labels
    assert "Comportement organisationnel" in labels
    data = json.loads(show(runner, db, "-f", "json"))
    assert "organizational_behaviour" in data["assessments"][0]["groups"]
    assert "Organisational behaviour" not in json.dumps(data)


def test_line_names_keep_their_order_and_never_overlap() -> None:
    # Five lines ending on the same score, one below: the names move apart, in order.
    points = [{"overall": 50.0, "groups": {f"g{i}": 50.0 for i in range(5)} | {"low": 10.0},
               "disciplines": {}, "assessed_on": "2026-01-01", "milestone": None}]  # fmt: skip
    order = {"groups": [*(f"g{i}" for i in range(5)), "low"], "disciplines": []}
    data = {"assessments": points, "segments": [[0]], "order": order}
    ys = sorted(line["label_y"] for line in chart(data)["lines"])
    assert all(b - a >= LABEL_GAP - 0.1 for a, b in itertools.pairwise(ys))
    assert max(ys) <= HEIGHT

"""The report a client pays for (issue 12): short, consistent, plain-spoken, honest.

The printed report is measured as a reader would: Chromium prints it through the real
command line, poppler counts its pages and lines (``pdfinfo``, ``pdftotext -layout``).
Every check runs on the README's example and on a stress fixture (every red flag
raised, long names, a long note and evidence on every answer); the draft checks on an
interview broken off early.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.core.models.report import Pattern, Report
from ci_assess.render import Format, renderer_for
from ci_assess.render.plain import reasons, target_words
from tests.browser_tools import need_chromium, need_poppler
from tests.conftest import EXAMPLE, VALID

DATA = Path(__file__).parents[1] / "data"
STRESS = DATA / "stress" / "answers.yaml"
DRAFT = DATA / "draft" / "answers.yaml"
V1 = VALID / "northwind-v1.yaml"
REFERENCE = sorted((DATA / "reference").glob("*/answers.yaml"))
CORE_PAGES = 5  # sections 1-5 before the Appendix
MIN_LINES = 5  # no page with fewer non-empty lines


def run(*args: str) -> str:
    """``ci-assess ARGS`` through the real command line; its standard output."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


# --- the printed report --------------------------------------------------------------


def printed_pages(source: Path, paper: str, folder: Path) -> list[str]:
    """``source`` printed to PDF on ``paper`` by the CLI: each page's text (layout kept)."""
    need_chromium()
    info, to_text = need_poppler()
    pdf = folder / f"{source.parent.name}-{paper}.pdf"
    run("report", str(source), "--format", "pdf", "--paper", paper, "-o", str(pdf))
    count = re.search(r"^Pages:\s+(\d+)$", _tool(info, str(pdf)), re.MULTILINE)
    assert count, "pdfinfo names the page count"
    pages = _tool(to_text, "-layout", str(pdf), "-").split("\f")
    assert pages[-1].strip() == ""  # the text ends with a form feed
    assert len(pages) - 1 == int(count[1])
    return pages[:-1]


def _tool(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout


def lines(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.strip()]


def flat(page: str) -> str:
    """A page's text on one line, single-spaced: what a sentence across lines reads as."""
    return " ".join(page.split())


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
@pytest.mark.parametrize("source", [EXAMPLE, STRESS], ids=["northwind", "stress"])
def test_core_fits_five_pages_and_no_page_is_nearly_empty(
    source: Path, paper: str, folder: Path
) -> None:
    pages = printed_pages(source, paper, folder)
    starts = [i for i, page in enumerate(pages) if "Appendix" in [s.strip() for s in lines(page)]]
    assert starts, "the Appendix has its heading"
    assert starts[0] <= CORE_PAGES, f"{starts[0]} pages before the Appendix"
    thin = {i + 1: len(lines(page)) for i, page in enumerate(pages) if len(lines(page)) < MIN_LINES}
    assert thin == {}, f"pages with fewer than {MIN_LINES} lines: {thin}"
    # The executive summary is the whole first page: its last priority ends there.
    report = assess(str(source))
    last = report.priorities[2]
    first = flat(pages[0])
    assert "Executive summary" in first
    assert flat(last.recommendation) in first
    assert reasons(report)[last.question][1:] in first
    assert "Executive summary" not in flat(pages[1])


@pytest.mark.slow
def test_every_printed_page_of_a_draft_says_so(folder: Path) -> None:
    report = assess(str(EXAMPLE))
    done = len(report.answers) - len(report.unanswered)
    assert report.unanswered, "the README's example leaves two questions open"
    pages = printed_pages(EXAMPLE, "A4", folder)
    footer = f"Draft \u2014 {done} of {len(report.answers)} answered"
    assert all(footer in flat(page) for page in pages)
    title_area = flat(pages[0]).split("Executive summary")[0]
    assert footer.upper() in title_area  # the badge above the title, in capitals


# --- drafts ----------------------------------------------------------------------------


class _Visible(HTMLParser):
    """The text a reader sees or a screen reader speaks: no style sheet, no markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._skip = False

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture(scope="module")
def draft_texts() -> dict[str, str]:
    return {fmt: run("report", str(DRAFT), "--format", fmt) for fmt in ("html", "md", "json")}


def test_an_incomplete_file_is_a_draft_everywhere(draft_texts: dict[str, str]) -> None:
    data = json.loads(draft_texts["json"])
    assert data["draft"] is True
    done = len(data["answers"]) - len(data["unanswered"])
    mark = f"Draft \u2014 {done} of {len(data['answers'])} answered"
    html, md = visible(draft_texts["html"]), draft_texts["md"]
    assert html.index(mark) < html.index("Executive summary")  # the title area
    assert md.index(mark) < md.index("## Executive summary")
    # The page footer of print carries it too (a CSS string, every character escaped).
    assert '@bottom-left { content: "Draft \\2014  ' in draft_texts["html"]


def test_every_score_shows_how_much_of_it_was_answered(draft_texts: dict[str, str]) -> None:
    data = json.loads(draft_texts["json"])
    html, md = visible(draft_texts["html"]), draft_texts["md"]
    operational = next(g for g in data["process_groups"] if g["id"] == "operational")
    # One of six answered, one marked N/A: 1 of the 5 that count, a provisional score.
    assert (operational["answered"], operational["total"], operational["applicable"]) == (1, 6, 5)
    assert operational["provisional"] is True
    assert "75.0 of 75.0 \u00b7 1/5 answered provisional" in html
    assert "| Operational processes | 75.0 | 75.0 | 0.0 | 1/5 answered, provisional |" in md
    overall = data["overall"]
    assert overall["provisional"] is True
    counted = f"{overall['answered']}/{overall['applicable']} answered"
    assert counted in html and counted in md
    for d in data["disciplines"]:
        assert f"{d['answered']}/{d['applicable']} answered" in html
    # A group with no answer has no score, no gap and no bar, and is not "provisional".
    support = next(g for g in data["process_groups"] if g["id"] == "support")
    assert support["score"] is None and support["gap"] is None and not support["provisional"]
    assert "| Support processes | not assessed | 75.0 | \u2013 | 0/4 answered |" in md
    assert "Support processes not assessed \u00b7 0/4 answered" in html


def test_a_draft_prints_no_none_null_or_nan(draft_texts: dict[str, str]) -> None:
    for text in (visible(draft_texts["html"]), draft_texts["md"]):
        assert not re.search(r"\b(None|null|nan|NaN)\b", text)


def test_no_placement_without_the_data(draft_texts: dict[str, str]) -> None:
    data = json.loads(draft_texts["json"])
    assert data["placement"]["pattern"] == "insufficient_data"
    html, md = visible(draft_texts["html"]), draft_texts["md"]
    for text in (html, md):
        assert "is not placed on the value-discipline map yet" in text
        assert "measured lead" not in text.lower()
        assert "differs from" not in text and "not where the company leads" not in text
    assert 'class="profile"' not in draft_texts["html"]
    # Provisional maturity: no confident description of the level.
    assert "only a first indication" in html and "only a first indication" in md


def test_draft_below_sets_the_threshold(tmp_path: Path) -> None:
    def draft(*options: str) -> bool:
        return bool(json.loads(run("report", str(EXAMPLE), "-f", "json", *options))["draft"])

    assert draft()  # default 1.0: two open questions make a draft
    assert not draft("--draft-below", "0.9")  # 97% answered
    assert draft("--draft-below", "0.98")
    assert not draft("--draft-below", "0")
    stress = json.loads(run("report", str(STRESS), "-f", "json"))
    assert stress["completeness"] == 1 and stress["draft"] is False
    assert "Draft" not in visible(run("report", str(STRESS), "-f", "html"))


@pytest.mark.parametrize("value", ["1.5", "-0.1", "nan", "most"])
def test_draft_below_must_be_a_fraction(value: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ci_assess", "report", str(EXAMPLE), "--draft-below", value],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert f"--draft-below: '{value}' is not a fraction from 0 to 1" in done.stderr
    assert "Traceback" not in done.stderr


def test_gates_apply_to_drafts_and_provisional_scores() -> None:
    result = CliRunner().invoke(
        app, ["report", str(DRAFT), "-f", "json", "--fail-under", "operational=80"]
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["draft"] is True
    assert data["gates"] == [
        {"subject": "operational", "threshold": 80.0, "score": 75.0, "passed": False}
    ]


# --- plain language --------------------------------------------------------------------


def _ids(report: Report) -> set[str]:
    """Every id a client must not read: patterns, flags, questions, groups, initiatives."""
    patterns = set(Pattern.__args__)  # type: ignore[attr-defined]
    ids = {*patterns, *(f.id for f in report.red_flags), *(a.question for a in report.answers)}
    ids |= {g.id for g in [*report.process_groups, *report.other_groups]}
    ids |= {i.id for i in report.engagement.initiatives}
    # A one-word id ("unfocused", "direction") is also the word it stands for.
    return {i for i in ids if "_" in i or "." in i}


@pytest.mark.parametrize(
    "source", [EXAMPLE, STRESS, DRAFT, V1, *REFERENCE], ids=lambda p: p.parent.name or p.stem
)
def test_no_id_reaches_the_client(source: Path) -> None:
    report = assess(str(source))
    html = visible(renderer_for(Format.html).render(report))
    md = renderer_for(Format.md).render(report)
    for text in (html, md):
        found = sorted(i for i in _ids(report) if re.search(rf"(?<![\w.]){re.escape(i)}\b", text))
        assert found == [], found
        assert "\u00d7 (" not in text.split("How the numbers are made")[0]  # no formula


def test_reasons_name_priorities_by_rank() -> None:
    report = assess(str(EXAMPLE))
    why = reasons(report)
    first, second = report.priorities[:2]
    assert first.reason.text.startswith("comes first") and second.reason.code == "prerequisite"
    assert why[first.question].startswith("comes first: priorities 2, ")
    assert why[second.question] == "comes after priority 1, its prerequisite"
    assert all("." not in text.split(":")[0] for text in why.values())  # no question id
    assert target_words(report) == "the target profile for customer intimacy"


# --- one number per concept ------------------------------------------------------------


@pytest.mark.parametrize("source", [EXAMPLE, V1], ids=["format-2", "format-1"])
@pytest.mark.parametrize("fmt", [Format.html, Format.md])
def test_each_discipline_and_group_has_one_value(source: Path, fmt: Format) -> None:
    report = assess(str(source))
    text = renderer_for(fmt).render(report)
    shown = visible(text) if fmt is Format.html else text
    values: dict[str, float | None] = {d.title: d.score for d in report.disciplines}
    for group in [*report.process_groups, *report.other_groups]:
        if group.title not in values:
            values[group.title] = group.score
    for title, score in values.items():
        after = re.findall(rf"(?<![\w-]){re.escape(title)}\W{{0,6}}(\d+\.\d)\b", shown)
        assert set(after) <= {f"{score:.1f}"}, (title, after)
    # Format 1's discipline groups share their disciplines' names with other numbers:
    # only the discipline's appears.
    if source == V1:
        group = next(g for g in report.other_groups if g.id == "operational_excellence")
        assert group.score != report.disciplines[0].score
        assert f"{group.score:.1f}" not in shown


def test_markdown_stays_commonmark_with_the_summary_sections() -> None:
    md = renderer_for(Format.md).render(assess(str(STRESS)))
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    headings = [
        tokens[i + 1].content
        for i, t in enumerate(tokens)
        if t.type == "heading_open" and t.tag in ("h1", "h2")
    ]
    assert headings[1:7] == [
        "Executive summary",
        "Maturity by group",
        "Value-discipline position",
        "Roadmap",
        "Red flags",
        "Appendix",
    ]
    assert "Harbour \\&" not in renderer_for(Format.md).render(assess(str(DRAFT)))

"""The client's HTML report: self-contained, escaped, valid, accessible, printable, safe.

Fast tests read the rendered text; the slow ones render the bundled example and the
hostile example to files and check them with the W3C Nu checker and in a real
headless Chromium (axe-core, payload traps, layout at phone width, print rules),
writing the README's screenshots to docs/screenshots/. A tool that is missing makes
its tests SKIPPED with the reason (see browser_tools).
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.app.combine import assess_combined, combine_loaded
from ci_assess.cli import app
from ci_assess.core.branding import Branding
from ci_assess.core.models.answers import AnswersFile, Respondent
from ci_assess.core.models.report import Report
from ci_assess.core.scoring import score
from ci_assess.errors import TemplateError
from ci_assess.files.branding import load_branding
from ci_assess.files.loading import LoadedAnswers, load_answers, load_questionnaire
from ci_assess.render import Format, renderer_for
from ci_assess.render.templates import css_string
from tests.browser_tools import browser_check, nu_check
from tests.conftest import DATA, EXAMPLE, ROOT, VALID

HOSTILE = DATA / "hostile"
BRAND = DATA / "brand" / "brand.yaml"
SCREENSHOTS = ROOT / "docs" / "screenshots"
# A bidi *override* is refused at load since issue 16 (tests/files/test_text_check.py);
# the fixture carries a right-to-left mark instead, which must show as text.
PAYLOAD_MARKERS = ("<", ">", '"', "'", "javascript:", "{{", "\u200f")

# Everything the report may contain; a payload that became markup would add to it.
ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "div", "span", "a", "p", "strong"),
    *("code", "time", "img", "header", "nav", "main", "footer", "section", "h1", "h2", "h3"),
    *("ol", "ul", "li", "dl", "dt", "dd", "figure", "figcaption", "table", "caption"),
    *("colgroup", "col", "thead", "tbody", "tr", "th", "td", "svg", "desc", "defs"),
    *("pattern", "rect", "line", "text", "tspan", "polygon", "circle"),
    "polyline",  # the concentration curve of the key-account section
}


# --- rendering --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def northwind() -> Report:
    return assess(str(EXAMPLE))


@pytest.fixture(scope="module")
def hostile() -> Report:
    return assess(str(HOSTILE / "answers.yaml"))


@pytest.fixture(scope="module")
def blank() -> Report:
    """Nothing answered: every score missing, no placement, no gaps."""
    questionnaire = load_questionnaire(str(VALID / "mini.yaml"))
    return score(questionnaire, AnswersFile(questionnaire="mini", company="Blank Co"))


@pytest.fixture(scope="module")
def combined() -> Report:
    """The example company: six respondents combined."""
    folder = ROOT / "examples" / "clients" / "northwind" / "2026-11"
    with contextlib.chdir(ROOT):  # the files named as a consultant types them
        return assess_combined(
            sorted(str(p.relative_to(ROOT)) for p in folder.glob("*.yaml"))
        ).report


@pytest.fixture(scope="module")
def hostile_combined() -> Report:
    """The hostile file combined with a copy whose respondent is another payload: roles,
    names and notes reach the heatmap, the agenda and the respondents table."""
    first = load_answers(str(HOSTILE / "answers.yaml"))
    who = Respondent(name="<b>Second</b>", role="Role </td><script>window.__pwned='td'</script>")
    levels = {
        qid: a.model_copy(update={"level": 0}) if a.level is not None else a
        for qid, a in first.answers.answers.items()
    }
    second = LoadedAnswers(
        "second <i>.yaml",
        first.answers.model_copy(update={"respondent": who, "answers": levels}),
        first.questionnaire,
        first.key_accounts,
    )
    return combine_loaded([first, second]).report


@pytest.fixture(scope="module")
def brand() -> Branding:
    return load_branding(BRAND)


@pytest.fixture(scope="module")
def hostile_brand() -> Branding:
    return load_branding(HOSTILE / "brand.yaml")


@pytest.fixture(scope="module")
def northwind_html(northwind: Report, brand: Branding) -> str:
    return renderer_for(Format.html, branding=brand).render(northwind)


@pytest.fixture(scope="module")
def hostile_html(hostile: Report, hostile_brand: Branding) -> str:
    return renderer_for(Format.html, branding=hostile_brand).render(hostile)


@pytest.fixture(scope="module")
def blank_html(blank: Report) -> str:
    return renderer_for(Format.html).render(blank)


@pytest.fixture(scope="module")
def french_html(brand: Branding) -> str:
    """The bundled example in French (issue 18): lang="fr", every string translated."""
    return renderer_for(Format.html, branding=brand).render(assess(str(EXAMPLE), language="fr"))


@pytest.fixture(scope="module")
def combined_html(combined: Report, brand: Branding) -> str:
    return renderer_for(Format.html, branding=brand).render(combined)


@pytest.fixture(scope="module")
def hostile_combined_html(hostile_combined: Report, hostile_brand: Branding) -> str:
    return renderer_for(Format.html, branding=hostile_brand).render(hostile_combined)


@pytest.fixture(scope="module")
def outcomes_html() -> str:
    """The example with outcomes and five key accounts: its sections and three charts."""
    return renderer_for(Format.html).render(
        assess(str(ROOT / "examples" / "northwind-outcomes.yaml"))
    )


@pytest.fixture(scope="module")
def outcomes_fr_html() -> str:
    """The outcomes example in French against its 2025 baseline: the outcome, key-account
    and progress sections as a French client reads them (issue 18)."""
    done = CliRunner().invoke(
        app,
        ["report", str(ROOT / "examples" / "northwind-outcomes.yaml"), "--lang", "fr",
         "--baseline", str(VALID / "northwind-outcomes-2025.yaml"), "-f", "html"],
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    return done.stdout


@pytest.fixture(scope="module")
def html_files(
    northwind_html: str,
    hostile_html: str,
    blank_html: str,
    french_html: str,
    combined_html: str,
    hostile_combined_html: str,
    outcomes_html: str,
    outcomes_fr_html: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("html")
    texts = {
        "northwind": northwind_html,
        "hostile": hostile_html,
        "blank": blank_html,
        "northwind-fr": french_html,
        "combined": combined_html,
        "hostile_combined": hostile_combined_html,
        "outcomes": outcomes_html,
        "outcomes-fr": outcomes_fr_html,
    }
    files = {name: folder / f"{name}.html" for name in texts}
    for name, text in texts.items():
        files[name].write_text(text, encoding="utf-8")
    return files


class _Markup(HTMLParser):
    """Collect what the HTML parser sees: tags, attributes and style text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


@pytest.mark.parametrize(
    "name",
    [
        "northwind_html",
        "hostile_html",
        "blank_html",
        "combined_html",
        "hostile_combined_html",
        "outcomes_html",
    ],
)
def test_report_is_one_self_contained_file(name: str, request: pytest.FixtureRequest) -> None:
    markup = parse(request.getfixturevalue(name))
    tags = {tag for tag, _ in markup.tags}
    assert tags <= ALLOWED_TAGS, f"unexpected elements: {tags - ALLOWED_TAGS}"
    for tag, attrs in markup.tags:
        assert not [a for a in attrs if a.startswith("on")], f"event handler on <{tag}>"
        if "href" in attrs:
            assert attrs["href"].startswith("#"), f"<{tag} href={attrs['href']!r}>"
        if "src" in attrs:
            assert re.fullmatch(
                r"data:image/(png|jpeg|svg\+xml);base64,[A-Za-z0-9+/=]+", attrs["src"]
            )
        assert "style" not in attrs, f"inline style attribute on <{tag}>"
    css = "\n".join(markup.styles)
    assert re.findall(r"url\(([^)]*)\)", css) == []
    assert not re.search(r"https?:|//[a-z]|@import", css, re.IGNORECASE)


def test_hostile_fixture_puts_a_payload_in_every_text_field() -> None:
    """Proves the hostile example is hostile everywhere a user can type text."""
    # Ids and enums are validated patterns; a file name and a colour are checked in
    # test_branding. Everything else is free text and must carry a payload.
    not_text = {"id", "questionnaire", "target_discipline", "kind", "phase", "group"}
    not_text |= {"question", "disciplines", "logo", "accent"}

    def texts(node: Any, key: str = "") -> list[tuple[str, str]]:
        if isinstance(node, dict):
            return [t for k, v in node.items() for t in texts(v, str(k))]
        if isinstance(node, list):
            return [t for v in node for t in texts(v, key)]
        return [(key, node)] if isinstance(node, str) and key not in not_text else []

    for name in ("questionnaire.yaml", "answers.yaml", "brand.yaml"):
        data = yaml.safe_load((HOSTILE / name).read_text(encoding="utf-8"))
        found = texts(data)
        assert found
        harmless = [(k, v) for k, v in found if not any(m in v for m in PAYLOAD_MARKERS)]
        assert harmless == [], harmless


def test_hostile_text_shows_as_text(hostile_html: str) -> None:
    assert "Evil &amp; Co &lt;script&gt;window.__pwned=&#34;company&#34;" in hostile_html
    assert "&lt;a href=&#34;javascript:window.__pwned=&#39;link&#39;&#34;&gt;click me" in (
        hostile_html
    )
    # Data is never template source: Jinja syntax in a note comes out verbatim.
    assert "{{ 7*7 }}{% raw %}" in hostile_html
    assert "<script" not in hostile_html.lower()


def test_css_string_cannot_leave_its_string_or_the_style_element() -> None:
    hostile = 'x"; } </style><script>alert(1)</script> \\ \n url(javascript:1)'
    out = css_string(hostile)
    assert re.fullmatch(r'"[A-Za-z0-9 \\]*"', out)
    assert css_string("a\u00b7b c") == '"a\\b7 b c"'


def test_branding_appears_in_the_header(northwind_html: str, brand: Branding) -> None:
    assert '<span class="firm">Harbour &amp; Reed Consulting</span>' in northwind_html
    assert f'<img src="{brand.logo}" alt="">' in northwind_html
    assert "--accent: #0f6e63;" in northwind_html


def test_without_branding_there_is_no_brand_line(northwind: Report) -> None:
    html = renderer_for(Format.html).render(northwind)
    assert 'class="brand"' not in html
    assert "--accent: #1f5f8b;" in html


def test_logo_without_firm_has_alt_text(northwind: Report, brand: Branding) -> None:
    html = renderer_for(Format.html, branding=brand.model_copy(update={"firm": None})).render(
        northwind
    )
    assert 'alt="Logo of the consultancy"' in html


def test_every_chart_has_a_name_a_description_and_a_table(northwind_html: str) -> None:
    markup = parse(northwind_html)
    charts = [attrs for tag, attrs in markup.tags if tag == "svg" and attrs.get("role") == "img"]
    assert len(charts) == 1  # the map; the group bars are a list of text with drawn bars
    ids = {attrs.get("id") for _, attrs in markup.tags}
    for chart in charts:
        assert chart["aria-labelledby"] in ids
        assert chart["aria-describedby"] in ids
    bars = [a for t, a in markup.tags if t == "ul" and a.get("class") == "bars"]
    assert len(bars) == 1 and bars[0]["aria-label"].startswith("Maturity by group")
    captions = [a.get("id") for t, a in markup.tags if t == "caption"]
    assert {"position-table", "gaps-table", "appendix-table"} <= set(captions)
    decorative = [a for t, a in markup.tags if t == "svg" and "role" not in a]
    assert all(a.get("aria-hidden") == "true" for a in decorative)


def test_group_bars_carry_their_figures_as_text(northwind_html: str, northwind: Report) -> None:
    for group in [*northwind.process_groups, *northwind.other_groups]:
        figures = (
            f"<strong>{group.score:.1f} of {group.target:.1f}</strong> \u00b7 "
            f"{group.answered}/{group.applicable} answered"
        )
        # Each group of the maturity axis has its bar; the position blocks and
        # readiness have none (the disciplines' scores are the map's).
        assert (figures in northwind_html) == (group.kind in ("process", "maturity"))


def test_group_bars_draw_only_what_is_known(northwind: Report) -> None:
    """No bar without a score, no gap above the target, no mark without a target."""
    first, second, third, *rest = northwind.process_groups
    groups = [
        first.model_copy(update={"score": None, "gap": None, "answered": 0}),
        second.model_copy(update={"score": 90.0, "gap": 0.0}),
        third.model_copy(update={"target": None, "gap": None}),
        *rest,
    ]
    html = renderer_for(Format.html).render(northwind.model_copy(update={"process_groups": groups}))
    bars = re.findall(r'<svg class="bar-svg".*?</svg>', html)
    assert len(bars) == 7
    fixed = 'vector-effect="non-scaling-stroke"'
    grid = "".join(
        f'<line class="grid" x1="{x}" x2="{x}" y1="0" y2="10" {fixed}/>' for x in (25, 50, 75)
    )
    track = '<rect class="track" width="100" height="10"/>'
    target = f'<line class="target" x1="75.0" x2="75.0" y1="0" y2="10" {fixed}/></svg>'
    assert bars[0].endswith(f"{track}{grid}{target}")  # no bar, no gap
    assert bars[1].endswith(f'{grid}<rect class="bar" width="90.0" height="10"/>{target}')
    assert third.score is not None
    assert bars[2].endswith(f'<rect class="bar" width="{third.score}" height="10"/></svg>')
    assert "not assessed</strong>" in html and "None" not in html


def test_answer_rows_show_each_kind_of_answer(hostile_html: str, northwind_html: str) -> None:
    assert (
        '<td>not answered <span class="subline">target 3</span></td><td class="text"></td></tr>\n'
    ) in hostile_html
    assert "<td>N/A: Not applicable ]]&gt;&lt;script&gt;" in hostile_html
    assert (
        '<td>3 Embedded <span class="subline">target 3</span></td><td class="text">Warehouse'
    ) in northwind_html
    assert " tie it to their own work. · evidence: Short interviews" in northwind_html
    # Each note is shown once, with its answer: the list of gaps does not repeat it.
    assert northwind_html.count("Sales bonus is 100% on gross margin;") == 1


def test_print_stylesheet(northwind_html: str) -> None:
    css = "\n".join(parse(northwind_html).styles)
    printing = css[css.index("@media print") :]
    # Only the summary (page 1) and the Appendix start a page; sections 2-5 flow.
    assert "section.appendix { break-before: page; }" in printing
    assert "section {" not in printing and "break-before: page" not in printing.replace(
        "section.appendix { break-before: page; }", ""
    )
    assert "figure, .chart" in printing and "break-inside: avoid" in printing
    assert ".toc, .skip { display: none; }" in printing
    assert "@page" in css and "counter(page)" in css


# --- custom templates -----------------------------------------------------------------


def test_custom_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="does not exist"):
        renderer_for(Format.html, tmp_path / "nowhere")


def test_missing_template_names_template_and_folder(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        renderer_for(Format.html, tmp_path)
    assert "'report.html.j2'" in caught.value.message
    assert str(tmp_path) in caught.value.message


def test_custom_template_may_reuse_bundled_partials(tmp_path: Path, northwind: Report) -> None:
    (tmp_path / "report.html.j2").write_text(
        '{% import "_text.j2" as text with context %}'
        "<p>{{ branding.firm }}: {{ text.pattern_sentence(report, discipline_titles) }}</p>\n"
    )
    html = renderer_for(Format.html, tmp_path, Branding(firm="A & B")).render(northwind)
    assert html.startswith("<p>A &amp; B: Northwind Traders leads in operational excellence")


def test_missing_partial_is_named(tmp_path: Path, northwind: Report) -> None:
    (tmp_path / "report.html.j2").write_text('{% include "_nope.j2" %}\n')
    with pytest.raises(TemplateError, match=r"'_nope\.j2' \(used by report\.html\.j2\) not found"):
        renderer_for(Format.html, tmp_path).render(northwind)


def test_syntax_error_gives_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "report.html.j2").write_text("<p>\n{% for x in %}\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(Format.html, tmp_path)
    assert f"{tmp_path / 'report.html.j2'}:2: template error" in caught.value.message


@pytest.mark.parametrize(
    ("body", "detail"),
    [
        ("{{ report.no_such_field }}", "no_such_field"),
        ("{{ 1 // 0 }}", "ZeroDivisionError"),
        ("{{ report.company | score }}", "ValueError"),
    ],
)
def test_runtime_error_gives_file_and_line(
    tmp_path: Path, northwind: Report, body: str, detail: str
) -> None:
    (tmp_path / "report.html.j2").write_text(f"<p>\n\n{body}\n")
    with pytest.raises(TemplateError) as caught:
        renderer_for(Format.html, tmp_path).render(northwind)
    assert f"{tmp_path / 'report.html.j2'}:3: template error" in caught.value.message
    assert detail in caught.value.message


def test_error_in_a_partial_points_at_the_partial(tmp_path: Path, northwind: Report) -> None:
    (tmp_path / "report.html.j2").write_text('x\n{% include "_part.j2" %}\n')
    (tmp_path / "_part.j2").write_text("a\nb\n{{ undefined_name.x }}\n")
    with pytest.raises(TemplateError, match=r"_part\.j2:3: template error"):
        renderer_for(Format.html, tmp_path).render(northwind)


# --- Markdown carries the charts' figures as tables -----------------------------------


def _tables(markdown: str) -> list[list[list[str]]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] = []
    for index, token in enumerate(tokens):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in {"th_open", "td_open"}:
            row.append(tokens[index + 1].content)
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


def test_markdown_has_the_group_and_discipline_tables(northwind: Report) -> None:
    tables = _tables(renderer_for(Format.md).render(northwind))
    groups = next(t for t in tables if t[0][0] == "Group")
    first = northwind.process_groups[0]
    assert len(groups) == 1 + 7  # the maturity axis: five process groups, key accounts, tailoring
    assert groups[1] == [
        first.title,
        f"{first.score:.1f}",
        f"{first.target:.1f}",
        f"{first.gap:.1f}",
        f"{first.answered}/{first.applicable} answered",
    ]
    disciplines = next(t for t in tables if t[0][0] == "Discipline")
    assert [row[:2] for row in disciplines[1:]] == [
        [d.title, f"{d.score:.1f}"] for d in northwind.disciplines
    ]


def test_hostile_markdown_has_no_html_and_no_links(hostile: Report) -> None:
    markdown = renderer_for(Format.md).render(hostile)
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_block", "html_inline", "link_open", "image"}
    widths = {len(row) for table in _tables(markdown) for row in table}
    assert widths <= {3, 4, 5, 6}, "a payload's | broke a table row"


# --- real tools: the Nu checker and a headless Chromium --------------------------------


@pytest.mark.slow
def test_nu_checker_finds_no_errors(html_files: dict[str, Path]) -> None:
    errors = nu_check(list(html_files.values()))
    assert errors == [], "\n".join(
        f"{e.get('url')}:{e.get('lastLine')}: {e['message']}" for e in errors
    )


CANARY = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>
<body><main><p>Deliberately unsafe: proves the checks below can fail.</p>
<script>window.__pwned = "canary"; alert("canary");</script>
<img src="https://evil.example/pixel.png" alt="" onerror="window.__pwned='canary-img'">
</main></body></html>
"""


@pytest.fixture(scope="module")
def browser(html_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Any:
    """One Chromium run over both reports and a canary page; screenshots on the way."""
    work = tmp_path_factory.mktemp("browser")
    canary = work / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    shots = [
        {"path": str(SCREENSHOTS / "northwind-desktop.png"), "width": 1280, "height": 900},
        {"path": str(SCREENSHOTS / "northwind-phone.png"), "width": 390, "height": 844},
        # The first printed page: A4 less the report's @page margins, at 96 dpi.
        {
            "path": str(SCREENSHOTS / "northwind-print-first-page.png"),
            "width": 680,
            "height": 994,
            "media": "print",
            "firstPrintPage": True,
        },
    ]
    job = {
        "pages": [
            {"name": "northwind", "file": str(html_files["northwind"]), "screenshots": shots},
            {
                "name": "hostile",
                "file": str(html_files["hostile"]),
                "screenshots": [
                    {"path": str(work / "hostile-desktop.png"), "width": 1280, "height": 900}
                ],
            },
            {"name": "blank", "file": str(html_files["blank"])},
            {"name": "northwind-fr", "file": str(html_files["northwind-fr"])},
            {
                "name": "combined",
                "file": str(html_files["combined"]),
                "screenshots": [
                    {
                        "path": str(SCREENSHOTS / "northwind-combined-respondents.png"),
                        "width": 1280,
                        "height": 900,
                        "selector": "section[aria-labelledby=respondents]",
                    }
                ],
            },
            {"name": "hostile_combined", "file": str(html_files["hostile_combined"])},
            {"name": "outcomes", "file": str(html_files["outcomes"])},
            {"name": "outcomes-fr", "file": str(html_files["outcomes-fr"])},
            {"name": "canary", "file": str(canary)},
        ]
    }
    result = browser_check(job, work)
    return {page["name"]: page for page in result["pages"]}


REPORTS = [
    "northwind",
    "hostile",
    "blank",
    "northwind-fr",
    "combined",
    "hostile_combined",
    "outcomes",
    "outcomes-fr",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_axe_finds_no_violations(browser: Any, name: str, width: str) -> None:
    violations = browser[name]["axe"][width]
    assert violations == [], "\n".join(f"{v['id']}: {v['help']} {v['nodes']}" for v in violations)


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_no_payload_runs_in_a_real_browser(browser: Any, name: str) -> None:
    page = browser[name]
    assert page["pwned"] is None and page["pwnedAfter"] is None
    assert page["dialogs"] == []
    assert page["errors"] == []


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_no_network_request_and_no_active_content(browser: Any, name: str) -> None:
    page = browser[name]
    assert page["requests"] == [] and page["blocked"] == []
    dom = page["dom"]
    assert dom["handlers"] == [] and dom["urls"] == [] and dom["cssUrls"] == []
    assert dom["scripts"] == dom["embeds"] == dom["svgScripts"] == 0


@pytest.mark.slow
def test_the_checks_catch_a_page_that_is_unsafe(browser: Any) -> None:
    """The canary page must trip every trap, or the passes above would prove nothing."""
    canary = browser["canary"]
    assert canary["pwned"] is not None
    assert canary["dialogs"] == ["canary"]
    assert canary["blocked"] == ["https://evil.example/pixel.png"]
    assert canary["dom"]["scripts"] == 1
    assert canary["dom"]["handlers"] == ["IMG[onerror]"]


@pytest.mark.slow
@pytest.mark.parametrize("name", REPORTS)
def test_readable_at_phone_width(browser: Any, name: str) -> None:
    phone = browser[name]["layout"]["phone"]
    assert phone["scrollWidth"] <= phone["clientWidth"] == 390


@pytest.mark.slow
def test_print_breaks_sections_and_keeps_charts_whole(browser: Any) -> None:
    rules = browser["northwind"]["print"]
    # Sections 1-5 flow; only the Appendix (the last section) starts a page.
    assert rules["sectionBreaks"][-1] == "page"
    assert "page" not in rules["sectionBreaks"][:-1]
    assert rules["figureBreaks"] == ["avoid"] * 2
    assert set(rules["hidden"]) == {"none"}


@pytest.mark.slow
def test_screenshots_are_written(browser: Any) -> None:
    for name in ("desktop", "phone", "print-first-page"):
        shot = SCREENSHOTS / f"northwind-{name}.png"
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 20_000

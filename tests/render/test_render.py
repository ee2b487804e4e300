"""Renderers: golden reports for the bundled example, escaping, determinism, exhaustiveness."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from ci_assess.app.assess import assess
from ci_assess.core.branding import DEFAULT_BRANDING, Branding
from ci_assess.core.models.report import SCHEMA_VERSION, Report
from ci_assess.errors import TemplateError
from ci_assess.render import Format, renderer_for
from ci_assess.render.templates import TemplateRenderer, md_escape
from tests.conftest import DATA, EXAMPLE, VALID

GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture(scope="module")
def example() -> Report:
    return assess(str(EXAMPLE))


@pytest.mark.parametrize("fmt", list(Format))
def test_golden(example: Report, fmt: Format, request: pytest.FixtureRequest) -> None:
    """Refresh with: python -m pytest tests/render/test_render.py --update-golden"""
    text = renderer_for(fmt).render(example)
    golden = GOLDEN / f"northwind{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


V1_EXAMPLE = VALID / "northwind-v1.yaml"
# Keys the 2.0 contract added; a format-1 report is the 1.0 report plus these.
ADDED_IN_2_0 = {
    "": ("engagement", "roadmap", "biggest_risk"),
    "placement": ("strengths", "under_parity", "borderline", "borderline_questions", "indicative"),
    "priorities": ("reason", "owner", "horizon"),
    "red_flags": ("severity",),
    "method": ("engagement", "format"),
}
# Keys the 2.1 contract added: completeness per score and the draft mark; outcomes,
# key accounts and the currency.
ADDED_IN_2_1 = {
    "": ("draft", "outcomes", "key_accounts", "currency", "progress", "benchmark", "language"),
    "overall": ("answered", "applicable", "provisional"),
    "process_groups": ("applicable", "provisional"),
    "other_groups": ("applicable", "provisional"),
    "disciplines": ("applicable", "provisional"),
}
# Keys the 2.1 contract added for combined reports: null in a report of one answers file.
COMBINED_2_1 = {
    "": (
        "assessed_range",
        "respondents",
        "agreement",
        "group_agreement",
        "perception_gaps",
        "follow_up",
        "senior_role",
        "perception_note",
        "anonymous",
        "language_note",  # 2.2: combined reports only, null for one file
    ),
    "answers": ("levels", "notes", "evidence_items"),
}


def test_golden_format_1_json(request: pytest.FixtureRequest) -> None:
    """A format-1 answers file (read against the bundled 1.0.0) keeps its own golden."""
    text = renderer_for(Format.json).render(assess(str(V1_EXAMPLE)))
    golden = GOLDEN / "northwind-v1.json"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_format_1_scores_exactly_as_before_version_2() -> None:
    """Method v2 changes nothing for format 1 but the keys the 2.0 and 2.1 contracts add."""
    data = json.loads(renderer_for(Format.json).render(assess(str(V1_EXAMPLE))))
    for key in ADDED_IN_2_1[""]:
        del data[key]
    for part, keys in ADDED_IN_2_1.items():
        items = [data[part]] if part == "overall" else data[part] if part else []
        for item in items:
            for key in keys:
                item.pop(key, None)
    before = json.loads((GOLDEN / "northwind-v1-schema-1.0.json").read_text(encoding="utf-8"))
    for key in ADDED_IN_2_0[""]:
        del data[key]
    for key in COMBINED_2_1[""]:
        assert data.pop(key) is None, key
    for row in data["answers"]:
        for key in COMBINED_2_1["answers"]:
            assert row.pop(key) is None, key
    for part in ("placement", "method"):
        for key in ADDED_IN_2_0[part]:
            del data[part][key]
    for part in ("priorities", "red_flags"):
        for item in data[part]:
            for key in ADDED_IN_2_0[part]:
                del item[key]
    assert data.pop("schema_version") == SCHEMA_VERSION and before.pop("schema_version") == "1.0"
    assert data == before


def test_every_format_has_a_renderer(example: Report) -> None:
    for fmt in Format:
        assert renderer_for(fmt).render(example)


@pytest.mark.parametrize("fmt", list(Format))
def test_deterministic(fmt: Format) -> None:
    first = renderer_for(fmt).render(assess(str(EXAMPLE)))
    assert first == renderer_for(fmt).render(assess(str(EXAMPLE)))


def test_format_from_path() -> None:
    assert Format.from_path("a/b.HTML") is Format.html
    assert Format.from_path("b.markdown") is Format.md
    assert Format.from_path("b.txt") is None


def test_json_is_the_report_model(example: Report) -> None:
    data = json.loads(renderer_for(Format.json).render(example))
    assert Report.model_validate(data) == example


def test_markdown_escapes_user_text() -> None:
    report = assess(str(VALID / "mini-answers.yaml"))
    text = renderer_for(Format.md).render(report)
    # Only what would start Markdown or raw HTML is escaped: "&" before a space is not.
    assert "Acme & \\<Sons>" in text and "\\&" not in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<Sons>" not in html
    assert "Acme &amp; &lt;Sons&gt;" in html


def _mini_report(folder: Path, company: str, owner_question: str) -> Report:
    """The mini report with its company and one priority's question text replaced.

    ``folder`` must be new: a questionnaire is loaded once per path and process.
    """
    folder.mkdir()
    replacements = {
        "mini.yaml": ("text: How mature is executive owner?", owner_question),
        "mini-answers.yaml": ("company: Acme & <Sons>", company),
    }
    for name, (old, value) in replacements.items():
        source = (VALID / name).read_text(encoding="utf-8")
        assert source.count(old) == 1
        key = old.split(":")[0]
        text = source.replace(old, f"{key}: {json.dumps(value)}")
        (folder / name).write_text(text, encoding="utf-8")
    return assess(str(folder / "mini-answers.yaml"))


def _blocks(markdown: str) -> list[tuple[str, str]]:
    """The document's block structure: headings, lists, paragraphs, tables, rules."""
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    return [(t.type, t.tag) for t in tokens if t.block and t.type != "inline"]


@pytest.mark.parametrize(
    ("company", "question"),
    [
        ("# Evil", "Owner? #"),
        ("- Evil", "# Owner"),
        ("+ Evil", "- Owner ##"),
        ("2020. Evil", "2020. Owner"),
        ("1) Evil", "1) Owner #"),
        ("Acme ##", "Owner ## #"),
        ("---", "+ Owner"),
        ("===", "=== Owner"),
    ],
)
def test_markdown_user_text_never_makes_structure(
    tmp_path: Path, company: str, question: str
) -> None:
    """Text that would start a heading or a list, or close a heading, stays literal."""
    plain = renderer_for(Format.md).render(_mini_report(tmp_path / "a", "Evil Corp", "Owner?"))
    text = renderer_for(Format.md).render(_mini_report(tmp_path / "b", company, question))
    assert _blocks(text) == _blocks(plain)
    # Two top headings: the report's title and the Appendix.
    h1 = [t for t, tag in _blocks(text) if tag == "h1"]
    assert h1 == ["heading_open", "heading_close"] * 2
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert f"<h1>Customer-intimacy gap report: {company}</h1>" in html
    assert f"<p><strong>{company} leads in operational excellence" in html  # the summary
    assert f"<li><strong>{question}</strong> (" in html  # the Appendix's list of gaps
    assert f"<li>{question}</li>" in html  # the roadmap lists it (format 1: by phase)
    assert f"<td>{question}</td>" in html


def test_markdown_tables_keep_their_columns(example: Report) -> None:
    text = renderer_for(Format.md).render(example)
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    rows: list[int] = []
    cells = 0
    for token in tokens:
        if token.type == "tr_open":
            cells = 0
        elif token.type in {"td_open", "th_open"}:
            cells += 1
        elif token.type == "tr_close":
            rows.append(cells)
    assert rows, "the report has tables"
    assert min(rows) >= 3


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<script>", "\\<script>"),
        ("a < b > c", "a < b > c"),
        ("> quote", "\\> quote"),
        ("Harbour & Reed", "Harbour & Reed"),
        ("&amp; &#60; &x", "\\&amp; \\&#60; &x"),
        ("snake_case _em_", "snake_case \\_em\\_"),
        ("a\\b a\\* end\\", "a\\b a\\\\\\* end\\\\"),
        ("![x](y) `c` ~~s~~", "!\\[x\\](y) \\`c\\` \\~\\~s\\~\\~"),
        ("*x*", "\\*x\\*"),
        ("a\n b", "a b"),
        ("# Evil", "\\# Evil"),
        ("Acme ##", "Acme \\#\\#"),
        ("C# and F#", "C# and F#"),
        ("Issue #12", "Issue #12"),
        ("- Evil", "\\- Evil"),
        ("+ Evil", "\\+ Evil"),
        ("---", "\\---"),
        ("===", "\\==="),
        ("2020. Evil", "2020\\. Evil"),
        ("1) Evil", "1\\) Evil"),
        ("7.", "7\\."),
        ("1.5 million", "1.5 million"),
        ("a - b + c 1. d", "a - b + c 1. d"),
    ],
)
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped


def test_html_escapes_user_text() -> None:
    report = assess(str(VALID / "mini-answers.yaml"))
    html = renderer_for(Format.html).render(report)
    assert "Acme &amp; &lt;Sons&gt;" in html
    assert "<Sons>" not in html


def test_missing_custom_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match="not found"):
        TemplateRenderer("report.md.j2", tmp_path, autoescape=False)


def test_broken_custom_template(tmp_path: Path, example: Report) -> None:
    (tmp_path / "report.md.j2").write_text("{{ report.no_such_field }}\n")
    with pytest.raises(TemplateError, match="template error"):
        TemplateRenderer("report.md.j2", tmp_path, autoescape=False).render(example)
    (tmp_path / "report.md.j2").write_text("{% if %}\n")
    with pytest.raises(TemplateError, match=r"report.md.j2:1"):
        TemplateRenderer("report.md.j2", tmp_path, autoescape=False)


def test_compiled_cache_keeps_html_and_markdown_apart(
    example: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """_text.j2 compiles with autoescape for HTML only: the cache must not share it."""
    from ci_assess.files.resources import templates_dir
    from ci_assess.render.compiled import NO_CACHE_ENV
    from ci_assess.render.templates import _environment

    monkeypatch.delenv(NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    hostile = example.model_copy(update={"company": "A & <b>B</b>"})
    titles = {d.id: d.title for d in example.disciplines}
    folders = (str(templates_dir()),)
    for first, second in ((True, False), (False, True)):
        _environment.cache_clear()
        _environment(folders, first).get_template("report.html.j2" if first else "report.md.j2")
        _environment.cache_clear()
        env = _environment(folders, second)
        out = env.get_template("_text.j2").module.pattern_sentence(hostile, titles)  # type: ignore[attr-defined]
        assert ("&amp;" in str(out)) is second
        assert ("<b>" in str(out)) is not second
    _environment.cache_clear()


def test_compiled_cache_is_kept_apart_per_jinja_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Jinja checks a cached file against its bytecode format only, not its version."""
    import jinja2

    from ci_assess.files.resources import templates_dir
    from ci_assess.render import compiled
    from ci_assess.render.templates import _environment

    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folders = (str(templates_dir()),)
    _environment.cache_clear()
    _environment(folders, False).get_template("report.md.j2")
    first = compiled.cache_folder()
    assert len(list(first.iterdir())) == 1
    monkeypatch.setattr(jinja2, "__version__", "99.0.test")
    assert compiled.cache_folder() != first
    _environment.cache_clear()
    _environment(folders, False).get_template("report.md.j2")  # compiled again, kept apart
    assert len(list(compiled.cache_folder().iterdir())) == 1
    assert len(list(first.iterdir())) == 1
    _environment.cache_clear()


def test_compiled_cache_is_kept_apart_per_environment_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code compiled with trim_blocks is never served to an environment without it."""
    import jinja2

    from ci_assess.render import compiled

    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "t.j2").write_text("{% if true %}\nx\n{% endif %}\n")

    def render(**options: Any) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)), **options)
        env.bytecode_cache = compiled.bytecode_cache(compiled.environment_key(env))
        return env.get_template("t.j2").render()

    assert render(trim_blocks=True) == "x\n"
    assert render(trim_blocks=False) == "\nx\n"
    assert render(trim_blocks=True) == "x\n"  # read back from the cache
    assert len(list(compiled.cache_folder().iterdir())) == 2

    def key(**options: Any) -> str:
        env = jinja2.Environment(**options)
        return compiled.environment_key(env)

    assert key() == key()
    assert key(autoescape=True).startswith("html-") and key().startswith("text-")
    assert len({key(), key(autoescape=True), key(lstrip_blocks=True), key(finalize=str)}) == 4
    with_filter = jinja2.Environment()
    with_filter.filters["md"] = str
    assert compiled.environment_key(with_filter) != key()


def test_custom_partial_not_utf8_is_named(tmp_path: Path, example: Report) -> None:
    (tmp_path / "report.md.j2").write_text('{% import "_text.j2" as text %}ok\n')
    (tmp_path / "_text.j2").write_bytes("{# ok #}\nCaf\u00e9\n".encode("latin-1"))
    renderer = TemplateRenderer("report.md.j2", tmp_path, autoescape=False)
    with pytest.raises(TemplateError) as caught:
        renderer.render(example)
    assert caught.value.message == (
        f"{tmp_path / '_text.j2'}:2: template is not UTF-8 text (byte 0xe9)\n"
        "  hint: save the file as UTF-8 and run again"
    )


# --- markup lives in the templates ------------------------------------------------------

RENDER_PACKAGE = Path(__file__).parents[2] / "src" / "ci_assess" / "render"
# An HTML or SVG tag, opening or closing: "<tr", "<rect", "<g ", "</".
TAG = re.compile(r"</|<[A-Za-z]")
# The one justified exception: --format pdf adds a paper size to whatever HTML the
# (possibly custom) template wrote, because Chromium has no paper option. It is a
# print setting, not part of the report's markup, and has no text to translate.
ALLOWED_MARKUP = {
    ("pdf.py", "<style>@page { size: "),
    ("pdf.py", "; }</style>"),
    ("pdf.py", "</head>"),
}


def _string_literals(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """Every string constant except docstrings (f-string parts included)."""
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
        ):
            yield node.lineno, node.value


def markup_in_python(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.glob("*.py")):
        for line, text in _string_literals(ast.parse(path.read_text(encoding="utf-8"))):
            if TAG.search(text) and (path.name, text) not in ALLOWED_MARKUP:
                found.append(f"{path.name}:{line}: {text[:60]!r}")
    return found


def test_no_markup_is_written_in_python() -> None:
    """HTML and SVG belong in report_templates/, where a firm's template can restyle them."""
    assert list(RENDER_PACKAGE.glob("*.py")), "the render package moved: update the path"
    assert markup_in_python(RENDER_PACKAGE) == []


def test_the_markup_scan_finds_markup(tmp_path: Path) -> None:
    (tmp_path / "rows.py").write_text(
        '"""A <docstring> is fine."""\n'
        "def f(x):\n"
        '    """So is <this>."""\n'
        "    return f'<tr><td>{x}' + \"</td>\" + '<g transform=\"\">' + 'a < b'\n",
        encoding="utf-8",
    )
    assert sorted(markup_in_python(tmp_path)) == [
        "rows.py:4: '</td>'",
        "rows.py:4: '<g transform=\"\">'",
        "rows.py:4: '<tr><td>'",
    ]


def test_the_summary_counts_the_priorities_it_lists() -> None:
    """An operational-excellence leader with two position gaps gets "the two priorities",
    not "the three priorities" above a list of two."""
    from ci_assess.app.assess import assess

    report = assess(str(DATA / "reference" / "oe_leader" / "answers.yaml"))
    assert len(report.priorities) == 2
    markdown = renderer_for(Format.md).render(report)
    html = renderer_for(Format.html).render(report)
    assert "The two priorities:" in markdown and "three priorities" not in markdown
    assert "<h3>The two priorities</h3>" in html


@pytest.mark.parametrize(
    "case", sorted(p.name for p in (DATA / "reference").iterdir() if p.is_dir())
)
def test_every_reference_case_renders_in_every_format(case: str) -> None:
    """Sixteen companies of every pattern, intent (undecided included) and verdict: each
    renders in each format (the HTML summary once failed on an undecided intent)."""
    from ci_assess.app.assess import assess

    report = assess(str(DATA / "reference" / case / "answers.yaml"))
    import html as html_lib
    import json

    shown = {  # the company's name as each format writes it (Markdown escapes a few)
        Format.html: html_lib.escape(report.company, quote=False),
        Format.json: json.dumps(report.company, ensure_ascii=False),
        Format.md: "",
    }
    for fmt in Format:
        assert shown[fmt] in renderer_for(fmt).render(report)
    html = renderer_for(Format.html).render(report)
    if report.placement.intended == "undecided":
        assert '<span class="figure words">Undecided</span>' in html


def test_a_renderer_given_no_branding_uses_the_default() -> None:
    # The default is made once without validation (tests/core/test_trusted.py compares it
    # with Branding()); a branding given is used as it is.
    assert TemplateRenderer("report.html.j2", None, autoescape=True).branding is DEFAULT_BRANDING
    brand = Branding(firm="Acme")
    given = TemplateRenderer("report.html.j2", None, autoescape=True, branding=brand)
    assert given.branding is brand

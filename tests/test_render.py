"""Renderers: golden reports for the bundled example, escaping, determinism, exhaustiveness."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from ci_assess.assess import assess
from ci_assess.errors import TemplateError
from ci_assess.models.report import Report
from ci_assess.render import Format, renderer_for
from ci_assess.render.templates import TemplateRenderer, md_escape
from tests.conftest import EXAMPLE, VALID

GOLDEN = Path(__file__).parent / "golden"


@pytest.fixture(scope="module")
def example() -> Report:
    return assess(str(EXAMPLE))


@pytest.mark.parametrize("fmt", list(Format))
def test_golden(example: Report, fmt: Format, request: pytest.FixtureRequest) -> None:
    """Refresh with: python -m pytest tests/test_render.py --update-golden"""
    text = renderer_for(fmt).render(example)
    golden = GOLDEN / f"northwind{fmt.extension}"
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


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
    assert "Acme \\& \\<Sons\\>" in text
    html = MarkdownIt("commonmark").enable("table").render(text)
    assert "<Sons>" not in html
    assert "Acme &amp; &lt;Sons&gt;" in html


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
    [("a|b", "a\\|b"), ("<script>", "\\<script\\>"), ("*x*", "\\*x\\*"), ("a\n b", "a b")],
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
    from ci_assess.render.compiled import NO_CACHE_ENV
    from ci_assess.render.templates import _environment
    from ci_assess.resources import templates_dir

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

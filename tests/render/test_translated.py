"""Constant messages translated when the bundled templates compile change no output.

``render.translated`` replaces ``_("…")``/``_e("…")`` without values by their
translation when a bundled template compiles, once per language. The reports must be
byte for byte those of the templates compiled as written (every call made when
rendering), in every language, from a fresh compile and from the compiled-template
cache; a firm's own templates (and the bundled partials they import) compile as written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
from markupsafe import Markup
from typer.testing import CliRunner

from ci_assess.app.assess import assess
from ci_assess.cli import app
from ci_assess.core.models.report import Report
from ci_assess.files.catalogues import LOCALE_DIR, translator
from ci_assess.files.resources import templates_dir
from ci_assess.render import Format, compiled, renderer_for, templates, translated
from ci_assess.render.codegen import FastEscapeCodeGenerator
from tests.conftest import DATA, EXAMPLE, ROOT

LANGUAGES = ["en", "fr", "fr-CH"]
INPUTS = [
    EXAMPLE,
    ROOT / "examples" / "northwind-outcomes.yaml",
    DATA / "valid" / "northwind-v1.yaml",
    DATA / "valid" / "mini-answers.yaml",
]
BUNDLED = (str(templates_dir()),)


@pytest.fixture
def fresh() -> Iterator[None]:
    """Environments built anew before and after (they are cached per process)."""
    templates._environment.cache_clear()
    yield
    templates._environment.cache_clear()


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    return tmp_path / "cache"


def _reports(language: str) -> list[Report]:
    return [assess(str(path), language=language) for path in INPUTS]


def _render_all(reports: dict[str, list[Report]]) -> dict[tuple[str, str, int], str]:
    out = {}
    for fmt in (Format.html, Format.md):
        renderer = renderer_for(fmt)  # one renderer, every language: as a batch does
        for language, some in reports.items():
            for index, report in enumerate(some):
                out[(fmt.value, language, index)] = renderer.render(report)
    return out


def _as_written(
    reports: dict[str, list[Report]], monkeypatch: pytest.MonkeyPatch
) -> dict[tuple[str, str, int], str]:
    """The reports from the templates compiled as written (no cache: nothing shared)."""
    with monkeypatch.context() as patch:
        patch.setenv(compiled.NO_CACHE_ENV, "1")
        patch.setattr(translated, "compile_in", lambda env, language: None)
        templates._environment.cache_clear()
        try:
            return _render_all(reports)
        finally:
            templates._environment.cache_clear()


@pytest.mark.usefixtures("fresh")
def test_translated_constants_change_no_report(
    cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = {language: _reports(language) for language in LANGUAGES}
    expected = _as_written(reports, monkeypatch)
    assert _render_all(reports) == expected  # compiled now, and written to the cache
    # Each language and format compiled apart: six environments' files.
    assert len({p.name.split("_")[3] for p in compiled.cache_folder().iterdir()}) == 6
    templates._environment.cache_clear()  # as a new run: every template from the cache
    monkeypatch.setattr(jinja2.Environment, "compile", _no_compiling)
    assert _render_all(reports) == expected
    # A batch's languages in the other order: a cached English template is never French.
    assert _render_all(dict(reversed(reports.items()))) == expected


def _no_compiling(*args: object, **kwargs: object) -> None:
    raise AssertionError("compiled again instead of loaded from the cache")


@pytest.mark.usefixtures("fresh")
@pytest.mark.parametrize("language", LANGUAGES)
def test_constant_messages_are_no_longer_looked_up(
    language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast path is taken: most translation calls are gone from a rendered report."""
    monkeypatch.setenv(compiled.NO_CACHE_ENV, "1")
    calls = 0
    lookup = templates._translator_of

    def counting(ctx: jinja2.runtime.Context) -> Any:
        nonlocal calls
        calls += 1
        return lookup(ctx)

    monkeypatch.setattr(templates, "_translator_of", counting)
    report = assess(str(EXAMPLE), language=language)
    renderer_for(Format.html).render(report)
    translated_calls, calls = calls, 0
    _as_written({language: [report]}, monkeypatch)
    assert calls > 300
    assert translated_calls < calls / 2


@pytest.mark.usefixtures("fresh")
def test_the_cache_key_follows_the_language_and_its_catalogue(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = {
        compiled.environment_key(templates._environment(BUNDLED, autoescape, language))
        for autoescape in (True, False)
        for language in (None, *LANGUAGES)
    }
    assert len(keys) == 8
    before = translated.cache_key(templates._environment(BUNDLED, True, "fr-CH"))
    copy = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "ci_assess.mo"
    copy.parent.mkdir(parents=True)
    copy.write_bytes((LOCALE_DIR / "fr" / "LC_MESSAGES" / "ci_assess.mo").read_bytes())
    monkeypatch.setattr(translated, "LOCALE_DIR", tmp_path / "locale")
    assert translated.cache_key(templates._environment(BUNDLED, True, "fr-CH")) == before
    copy.write_bytes(copy.read_bytes() + b"\0")  # a catalogue edited: compiled again
    assert translated.cache_key(templates._environment(BUNDLED, True, "fr-CH")) != before
    assert translated.cache_key(templates._environment(BUNDLED, True)) is None


@pytest.mark.usefixtures("fresh")
def test_a_custom_template_and_the_partials_it_imports_compile_as_written(
    tmp_path: Path,
) -> None:
    """A firm's template may define its own ``_e``: the bundled partial it imports with
    its context then calls that one, so nothing in its environment is translated early."""
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        '{% macro _e(m) %}[{{ m }}]{% endmacro %}{% import "_text.j2" as text with context %}'
        '{{ text.value(none) }} {{ _("Roadmap") }}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        app, ["report", str(EXAMPLE), "--template", str(folder), "-f", "md", "--lang", "fr"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "[not assessed] Feuille de route\n"
    env = templates._environment((str(folder), *BUNDLED), False)
    assert translated.language_of(env) is None
    assert env.code_generator_class is FastEscapeCodeGenerator


def _bundled() -> Iterator[tuple[str, jinja2.nodes.Template]]:
    env = templates._environment(BUNDLED, True)
    for path in sorted(templates_dir().glob("*.j2")):
        yield path.name, env.parse(path.read_text(encoding="utf-8"), path.name)


def test_every_bundled_partial_is_used_with_its_context() -> None:
    """A partial imported without context translates into English at run time (it gets
    no ``tr``), where its compiled constants would be in the report's language."""
    for name, tree in _bundled():
        nodes = jinja2.nodes
        used = [(n.lineno, n.with_context) for n in tree.find_all(nodes.Import)]
        used += [(n.lineno, n.with_context) for n in tree.find_all(nodes.FromImport)]
        used += [(n.lineno, n.with_context) for n in tree.find_all(nodes.Include)]
        for line, with_context in used:
            assert with_context, f"{name}:{line}: used without context"


def test_every_bundled_template_is_translated_when_compiled() -> None:
    replaced = {
        name: translated.translate_constants(tree, translator("fr"), autoescape=True)
        for name, tree in _bundled()
    }
    assert replaced["report.html.j2"] > 80
    assert replaced["_text.j2"] > 30
    assert sum(replaced.values()) > 450


@pytest.mark.parametrize(
    ("source", "autoescape", "replaced"),
    [
        ('{{ _("a & b") }}{{ _e("<c>") }}', True, 2),
        ('{{ _("%(n)s & b", n=1) }}{{ ngettext("a", "b", 2) }}{{ _(name) }}', True, 1),
        ('{{ _("%(n)s & b", n=1) ~ "" }}{{ _e("%(n)s", **x) }}{{ _("a", b) }}', True, 1),
        ('{{ _("a & b") ~ "" }}', True, 0),  # Jinja would fold it to a str, not Markup
        ('{{ _("a & b") ~ "" }}', False, 1),
        ('{% set _ = x %}{{ _("a") }}', True, 0),
        ('{% macro _e(m) %}{{ m }}{% endmacro %}{{ _("a") }}', True, 0),
        ('{% from "x.j2" import y as _ %}{{ _("a") }}', True, 0),
        ('{% import "x.j2" as _e %}{{ _("a") }}', True, 0),
        ('{% for _ in x %}{% endfor %}{{ _("a") }}', False, 0),
        ('{% autoescape false %}{{ _("a") }}{% endautoescape %}', True, 0),
    ],
)
def test_only_calls_that_return_a_constant_are_replaced(
    source: str, autoescape: bool, replaced: int
) -> None:
    tree = jinja2.Environment(autoescape=autoescape).parse(source)
    assert translated.translate_constants(tree, translator(None), autoescape=autoescape) == replaced


@pytest.mark.parametrize("autoescape", [True, False])
def test_a_replaced_call_renders_what_the_call_did(autoescape: bool) -> None:
    source = (
        '{{ _("Summary & <b>") }}|{{ _e("Summary & <b>") }}|{{ _e("Roadmap") | upper }}'
        '|{{ _("%(x)s & <i>", x=v) }}|{{ _e("%(x)s & <i> %%", x=v) }}|{{ _("%(x)s", x=3) }}'
        '|{{ "[" ~ _("%(x)s & %(y)s", x=v, y=m) ~ "]" }}'
        '|{{ _("Biggest risk: %(title)s.", title=m) }}|{{ _("%(x)d%% & <b>", x=3) }}'
    )

    def rendered(language: str | None) -> str:
        env = templates._environment(BUNDLED, autoescape, language)
        tr = translator("fr")
        values = {"v": "<b>&amp;", "m": Markup("<i>ok</i>")}
        return env.from_string(source).render(tr=tr, **{"_": templates._gettext}, **values)

    assert rendered("fr") == rendered(None)
    assert "FEUILLE DE ROUTE" in rendered("fr")
    assert "Risque" in rendered("fr")


def test_a_renderer_for_one_language_loads_that_language_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--lang fr``: the French template is loaded first, and the English one never."""
    loaded: list[str | None] = []
    real = templates._environment
    real.cache_clear()  # not the fresh fixture: its teardown would find the spy

    def spy(folders: tuple[str, ...], autoescape: bool, language: str | None = None) -> Any:
        loaded.append(language)
        return real(folders, autoescape, language)

    monkeypatch.setattr(templates, "_environment", spy)
    renderer = renderer_for(Format.html, language="fr")
    assert loaded == ["fr"]
    french = renderer.render(assess(str(EXAMPLE), language="fr"))
    assert loaded == ["fr"]
    english = renderer.render(assess(str(EXAMPLE)))  # a file in its own language: loaded then
    assert loaded == ["fr", "en"]
    assert french == renderer_for(Format.html).render(assess(str(EXAMPLE), language="fr"))
    assert english != french
    real.cache_clear()


@pytest.mark.usefixtures("fresh")
def test_the_cache_key_follows_the_code_generators_modules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Templates compiled by another commit of the same version are never loaded."""
    env = templates._environment(BUNDLED, True, "fr")
    before = compiled.environment_key(env)
    monkeypatch.setattr(compiled, "_generator", lambda: "other code")
    assert compiled.environment_key(env) != before

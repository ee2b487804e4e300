"""`ci-assess --version` and `--help` must not pay for what only the commands need.

Run in a fresh interpreter with ``-X importtime``, which names every module the
command imports. No wall-clock limits here: bench/run.py measures the time.
"""

from __future__ import annotations

import dataclasses
import importlib
import os
import subprocess
import sys
import tempfile
import types
from pathlib import Path

import pytest

import ci_assess
from ci_assess.cli.root import COMMANDS
from tests.conftest import EXAMPLE

# What --version and --help must never import. typer 0.29 imports pydantic only to
# convert a subcommand's options (`report --help` does load it), and rich only to
# format help, so both are ours to keep out of --version, and pydantic out of --help.
HEAVY = (
    "jinja2",
    "markupsafe",
    "pydantic",
    "pydantic_core",
    "yaml",
    "multiprocessing",
    "concurrent.futures",
    "babel",
    "sqlalchemy",
    "alembic",
    "psycopg",
)
# What no command imports unless it uses it: the store (SQLAlchemy) only in the
# commands that read or write it, translations (Babel) only with --lang, and
# importlib.metadata (with email, zipfile, csv) never: pydantic's plugin loader is
# what imported it, and the CLI runs pydantic without plugins (cli/no_plugins.py).
NEVER_UNASKED = ("sqlalchemy", "babel", "importlib.metadata", "email", "zipfile")
OURS = (
    "ci_assess.core.models",
    "ci_assess.interview.session",  # the interview core; its thin CLI adapter is allowed
    "ci_assess.interview.prompts",
    "ci_assess.files.loading",
    "ci_assess.files.yamlio",
    "ci_assess.app.assess",
    "ci_assess.core.scoring",
    "ci_assess.app.batch",
    "ci_assess.cli.views.summary",
    "ci_assess.render",
    "ci_assess.files.schemas",
    "ci_assess.app.validation",
    "ci_assess.store",
    "ci_assess.app.history",
    "ci_assess.app.compare",
)
# The modules that define commands: the root group imports one when its command is
# used (cli/lazy.py), so --version imports none and a command only its own.
COMMAND_MODULES = tuple(COMMANDS.values())
FORBIDDEN = {
    "--version": (*HEAVY, *OURS, *NEVER_UNASKED, "rich", *COMMAND_MODULES),
    "--help": (*HEAVY, *OURS, *NEVER_UNASKED),
}


# The modules in sys.modules when the run exits, written by an atexit handler: every
# import counts, importlib.import_module's too (``-X importtime`` lists only import
# statements, so a class made on first use through core/models/deferred.py would hide).
_AT_EXIT = (
    "import atexit, os, sys\n"
    "out = os.environ.pop('CI_ASSESS_TEST_MODULES')\n"
    "def dump():  # a module without a spec was put there, not imported (cli/no_plugins.py)\n"
    "    found = [name for name, m in sys.modules.items() if getattr(m, '__spec__', None)]\n"
    "    open(out, 'w', encoding='utf-8').write('\\n'.join(found))\n"
    "atexit.register(dump)\n"
    "sys.argv[0] = 'ci-assess'\n"
    "from ci_assess.entry import main\n"
    "main()\n"
)


def imported_by(*args: str) -> set[str]:
    """Every module a fresh ``ci-assess ARGS`` (the console script's entry) imports."""
    src = str(Path(ci_assess.__file__).parents[1])  # the code this test run imports
    paths = [src, *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    with tempfile.TemporaryDirectory() as folder:
        listing = Path(folder) / "modules"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in paths if p)}
        env.update(NO_COLOR="1", COLUMNS="100", CI_ASSESS_TEST_MODULES=str(listing))
        done = subprocess.run(
            [sys.executable, "-c", _AT_EXIT, *args],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return set(listing.read_text(encoding="utf-8").split())


def hits(modules: set[str], forbidden: tuple[str, ...]) -> list[str]:
    """The modules that are, or are inside, a forbidden package."""
    return sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in forbidden))


@pytest.mark.slow
@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_startup_imports_only_what_it_needs(flag: str) -> None:
    modules = imported_by(flag)
    assert "ci_assess.cli" in modules, "the importtime listing was not understood"
    assert hits(modules, FORBIDDEN[flag]) == []


@pytest.mark.slow
def test_the_check_sees_what_a_command_imports() -> None:
    # The counter-example: running a command's help builds its options with pydantic.
    assert "pydantic" in hits(imported_by("report", "--help"), HEAVY)


@pytest.mark.slow
def test_the_check_sees_importlib_metadata_when_pydantic_loads_plugins() -> None:
    # The counter-example: without the stand-in loader (a process that imports
    # pydantic's own first), building a model's validator imports importlib.metadata.
    done = subprocess.run(
        [sys.executable, "-c", "import pydantic.plugin._loader, ci_assess.cli, sys;"
         " print('importlib.metadata' in sys.modules)"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.stdout.split() == ["True"], done.stderr


def test_forbidden_match_packages_not_prefixes() -> None:
    modules = {"ci_assess.cli.interview", "ci_assess.interview.session", "pydantic.main", "yamlx"}
    assert hits(modules, OURS + HEAVY) == ["ci_assess.interview.session", "pydantic.main"]


# What a plain (English) report never needs: the XML parser of SVG logos, the
# interview, the JSON-schema tooling, the store (only --baseline @… and --benchmark
# open it), and translations (Babel, overlays), which only --lang or a file's
# `language` loads; nor importlib.metadata; nor rich, as it prints nothing
# (cli/views/summary.py makes its console when something is printed).
PLAIN_REPORT_FORBIDDEN = (
    "rich",
    "defusedxml",
    "xml",
    "ci_assess.interview",
    "ci_assess.files.schemas",
    *NEVER_UNASKED,
    "ci_assess.store",
    "ci_assess.app.compare",
    "alembic",
    "psycopg",
    "ci_assess.app.localise",
    "ci_assess.files.overlays",
    # The outcome and key-account sections' values (render/templates.py imports it when
    # a template first reads ``outcome_view``): northwind.yaml has neither section.
    "ci_assess.render.outcome_view",
    # files/paths.py finds the cache folder on plain Linux itself (11 M instructions).
    "platformdirs",
    # The progress, benchmark and combined reports' model classes (core/models/deferred.py).
    "ci_assess.core.models.compared",
    "ci_assess.core.models.combined",
    "ci_assess.files.brand_config",  # the --brand config file's model
    "csv",  # files/revenue_csv.py reads the key accounts' and customers' CSV files
    # The outcome and key-account sections' code and result models, and progress's
    # changes (core/outcome_sections.py imports them for a file that has such data).
    "ci_assess.core.outcomes",
    "ci_assess.core.key_accounts",
    "ci_assess.core.models.outcome_report",
    "ci_assess.core.models.history",
    # Their checks, and the CSV reader (files/loading.py imports them for such a file).
    "ci_assess.files.outcome_checks",
    "ci_assess.files.revenue_csv",
    "shlex",  # quotes a path in an error's hint only
)


@pytest.mark.slow
def test_a_plain_report_imports_only_what_it_needs(tmp_path: Path) -> None:
    modules = imported_by("report", str(EXAMPLE), "-o", str(tmp_path / "report.html"))
    assert "ci_assess.render.templates" in modules, "the importtime listing was not understood"
    assert hits(modules, PLAIN_REPORT_FORBIDDEN) == []


# The answers file's outcome and key-account models (Reading, Outcome, KeyAccount,
# Customer, KeyAccountFacts): only a file with such data validates them; the
# questionnaire's catalogue classes are in core/models/catalogue.py.
ANSWERS_DATA = ("ci_assess.core.models.outcomes", "ci_assess.core.models.key_accounts")


@pytest.mark.slow
def test_the_models_of_a_plain_report_import_no_answers_data_classes() -> None:
    code = (
        "import sys, ci_assess.core.models.answers, ci_assess.core.models.report;"
        f" print(sorted(set({ANSWERS_DATA!r}) & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]"]


@pytest.mark.slow
def test_a_plain_report_imports_no_answers_data_classes(tmp_path: Path) -> None:
    modules = imported_by("report", str(EXAMPLE), "-o", str(tmp_path / "report.html"))
    assert "ci_assess.render.templates" in modules, "the importtime listing was not understood"
    assert hits(modules, ANSWERS_DATA) == []


@pytest.mark.slow
def test_a_report_with_outcomes_does_import_their_view(tmp_path: Path) -> None:
    """The counter-example: a report with outcome and key-account sections imports it."""
    outcomes = EXAMPLE.with_name("northwind-outcomes.yaml")
    modules = imported_by("report", str(outcomes), "-o", str(tmp_path / "report.html"))
    assert "ci_assess.render.outcome_view" in modules
    assert {"ci_assess.core.outcomes", "ci_assess.core.key_accounts"} <= modules
    assert set(ANSWERS_DATA) <= modules


@pytest.mark.slow
def test_a_report_in_french_does_load_babel(tmp_path: Path) -> None:
    """The counter-example: the same report with --lang fr imports Babel and the overlay."""
    modules = imported_by("report", str(EXAMPLE), "--lang", "fr", "-o", str(tmp_path / "r.md"))
    assert {"babel", "ci_assess.files.overlays"} <= modules


@pytest.mark.slow
def test_the_check_sees_the_store_where_it_is_used(tmp_path: Path) -> None:
    # The counter-example: a command that uses the store imports it.
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert "sqlalchemy" in hits(imported_by("history", "list", "--db", url), HEAVY)


@pytest.mark.slow
def test_the_store_commands_load_babel_only_with_lang(tmp_path: Path) -> None:
    """`history show` and `benchmark` in English import neither Babel nor the overlays;
    with --lang fr they do (the counter-example proves the check sees them)."""
    from tests.history_data import write

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    stored = write(tmp_path, "acme.yaml", "Acme", "2026-01-01")
    imported_by("history", "add", str(stored), "--db", url)
    subject = str(write(tmp_path, "zeta.yaml", "Zeta", "2026-02-01"))
    translation = ("babel", "ci_assess.files.overlays", "ci_assess.app.localise")
    for args in (("history", "show", "Acme"), ("benchmark", subject)):
        assert hits(imported_by(*args, "--db", url), translation) == [], args
        assert "babel" in imported_by(*args, "--db", url, "--lang", "fr"), args


def other_commands(name: str) -> tuple[str, ...]:
    """Every command module but the one that defines ``name``."""
    return tuple(module for module in COMMAND_MODULES if module != COMMANDS[name])


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("report", str(EXAMPLE), "--format", "json"),
        ("validate", str(EXAMPLE)),
        ("template",),
        ("history", "--help"),
        ("report", "--help"),
    ],
    ids=" ".join,
)
def test_a_command_imports_its_own_module_and_no_other_command(args: tuple[str, ...]) -> None:
    modules = imported_by(*args)
    assert COMMANDS[args[0]] in modules, "the importtime listing was not understood"
    assert hits(modules, other_commands(args[0])) == []


@pytest.mark.slow
def test_the_check_sees_every_command_module_where_help_lists_them() -> None:
    # The counter-example: the root --help lists every command with its short help.
    assert hits(imported_by("--help"), COMMAND_MODULES) == sorted(COMMAND_MODULES)


# Modules every report imports, whatever it holds: their value classes are plain
# ``__slots__`` classes, because a dataclass's methods are generated as source and
# compiled at import, in every process (about 3.5 M instructions for a small frozen one;
# render.charts' six and render.outcome_view's ten cost 67 M of a report's 1,417 M).
NO_DATACLASSES = (
    "ci_assess.render.charts",
    "ci_assess.render.outcome_view",
    "ci_assess.files.writing",
    "ci_assess.files.folders",
    "ci_assess.core.conditions",
    "ci_assess.core.gates",
    "ci_assess.core.placement",
    "ci_assess.core.priorities",
    "ci_assess.core.scoring",
    "ci_assess.core.scoring_input",
    "ci_assess.cli.views.summary",
    "ci_assess.app.batch",
    "ci_assess.errors",
    "ci_assess.records",
)


def dataclasses_in(module: types.ModuleType) -> list[str]:
    """The dataclasses ``module`` itself defines (not those it imports)."""
    return sorted(
        name
        for name, value in vars(module).items()
        if isinstance(value, type)
        and value.__module__ == module.__name__
        and dataclasses.is_dataclass(value)
    )


@pytest.mark.parametrize("name", NO_DATACLASSES)
def test_report_modules_create_no_dataclass_at_import(name: str) -> None:
    assert dataclasses_in(importlib.import_module(name)) == []


def test_the_check_sees_a_dataclass(monkeypatch: pytest.MonkeyPatch) -> None:
    # The counter-example: a module defining a (frozen) dataclass is caught.
    module = types.ModuleType("ci_assess_probe")
    monkeypatch.setitem(sys.modules, module.__name__, module)  # dataclass looks it up
    exec(
        "import dataclasses\n"
        "@dataclasses.dataclass(frozen=True)\n"
        "class Row:\n"
        "    x: int\n"
        "class Plain:\n"
        "    __slots__ = ('x',)\n",
        vars(module),
    )
    assert dataclasses_in(module) == ["Row"]

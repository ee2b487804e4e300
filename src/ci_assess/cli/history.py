"""`ci-assess history`: the store of assessments (add, list, show, export, remove, upgrade).

Every subcommand takes ``--db URL`` (else ``CI_ASSESS_DB``, else the SQLite file in
the user's data folder). The store, SQLAlchemy and Alembic are imported inside the
subcommands, so ``ci-assess --help`` does not load them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ci_assess.cli.boundary import Boundary
from ci_assess.cli.options import epilog, is_stdout, option_language, usage
from ci_assess.cli.root import app
from ci_assess.errors import ExitCode

if TYPE_CHECKING:
    from ci_assess.store.engine import Store

history_app = typer.Typer(
    cls=Boundary,
    help="Keep assessments in a store: progress over time, exports, benchmarks.",
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess history add clients/*/*.yaml",
        'ci-assess history show "Acme" -o acme-trend.html',
    ),
)
app.add_typer(history_app, name="history")

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Store URL: sqlite:///PATH or postgresql+psycopg://USER@HOST/DB "
        "(default: CI_ASSESS_DB, else a file in your data folder).",
    ),
]


def open_store(db: str | None, *, upgrade: bool = False) -> Store:
    """The store ``--db`` names (see ``ci_assess.store.engine``)."""
    from ci_assess.store.engine import open_store as opened
    from ci_assess.store.engine import store_url

    return opened(store_url(db), upgrade=upgrade)


@history_app.command(
    "add",
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess history add clients/*/*.yaml --milestone baseline",
        "ci-assess history add clients/acme/2026-06/ --db postgresql+psycopg://ana@db.firm/ci_assess",
    ),
)
def add(
    files: Annotated[list[str], typer.Argument(help="Answers files (each needs assessed_on).")],
    milestone: Annotated[
        str | None, typer.Option(help="Label these assessments, e.g. baseline.")
    ] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite a stored assessment whose answers changed.")
    ] = False,
    db: DbOption = None,
) -> None:
    """Store answers and scores; files of one company within 60 days are one assessment."""
    from ci_assess.app import history
    from ci_assess.cli.options import skip_lock_files
    from ci_assess.errors import print_error

    history.check_milestone(milestone)
    files = skip_lock_files(files)
    store = open_store(db)
    failed = False
    try:
        for outcome in history.add(store, files, milestone=milestone, replace=replace):
            if outcome.error is not None:
                failed = True
                print_error(outcome.error, lambda line: typer.echo(line, err=True))
                continue
            who = f"{outcome.company} {outcome.assessed_on}"
            typer.echo(
                f"{outcome.status}: {who} (id {outcome.ident}) from {', '.join(outcome.sources)}",
                err=True,
            )
    finally:
        store.close()
    if failed:
        raise typer.Exit(ExitCode.INPUT)


@history_app.command(
    "list",
    epilog=epilog(
        "Progress over time and benchmarks", 'ci-assess history list --company "Acme" --format json'
    ),
)
def list_(
    company: Annotated[str | None, typer.Option(help="Only this company's assessments.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    db: DbOption = None,
) -> None:
    """List the stored assessments."""
    from ci_assess.app import history

    if fmt not in {"table", "json"}:
        raise usage(f"unknown format {fmt!r}; use table or json")
    store = open_store(db)
    try:
        entries = history.listing(store, company)
    finally:
        store.close()
    if fmt == "json":
        sys.stdout.write(json.dumps(entries, indent=2, ensure_ascii=False) + "\n")
        return
    from ci_assess.cli.views.history import listing_table, stdout_console

    stdout_console().print(listing_table(entries))


@history_app.command(
    "show",
    epilog=epilog(
        "Progress over time and benchmarks",
        'ci-assess history show "Acme" -o acme-trend.html',
        'ci-assess history show "Acme" --lang fr -o acme-tendance.html',
    ),
)
def show(
    company: Annotated[str, typer.Argument(help="The company, as stored (case does not matter).")],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here; format from the extension.")
    ] = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", help="md, html or json.")] = None,
    db: DbOption = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the Markdown and HTML, BCP 47 (fr, fr-CH -> fr -> en); "
            "default English. JSON is the same in every language.",
        ),
    ] = None,
) -> None:
    """The trend of one company: every stored assessment in date order."""
    from ci_assess.app import history
    from ci_assess.render.trend import render_trend

    chosen = _trend_format(fmt, output)
    language = option_language(lang)
    store = open_store(db)
    try:
        data = history.trend(store, company)
    finally:
        store.close()
    # language None: English, exactly as before translations (Babel is not imported).
    titles = None
    if chosen != "json":  # JSON keeps ids only, the same in every language
        from ci_assess.app.store_language import trend_titles

        titles = trend_titles(data, language, lambda line: typer.echo(line, err=True))
    _emit(render_trend(data, chosen, language, titles), output)


def _trend_format(fmt: str | None, output: Path | None) -> str:
    name = fmt
    if name is None and output is not None and not is_stdout(output):
        name = {".md": "md", ".html": "html", ".htm": "html", ".json": "json"}.get(
            output.suffix.lower()
        )
        if name is None:
            raise usage(f"cannot tell the format from {output.name!r}; add --format md|html|json")
    name = name or "md"
    if name not in {"md", "html", "json"}:
        raise usage(f"unknown format {name!r}; use md, html or json")
    return name


def _emit(text: str, output: Path | None) -> None:
    if output is None or is_stdout(output):
        sys.stdout.write(text)
        return
    from ci_assess.files.writing import write_atomic

    write_atomic(output, text, durable=False)


@history_app.command(
    "export",
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess history export --format csv -o assessments.csv",
    ),
)
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv or jsonl.")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    db: DbOption = None,
) -> None:
    """Export every stored assessment: one CSV row each, or one JSON report per line."""
    from ci_assess.app import history

    if fmt not in {"csv", "jsonl"}:
        raise usage(f"unknown format {fmt!r}; use csv or jsonl")
    store = open_store(db)
    try:
        text = history.export(store, "csv" if fmt == "csv" else "jsonl")
    finally:
        store.close()
    _emit(text, output)


@history_app.command(
    "remove",
    epilog=epilog(
        "Progress over time and benchmarks", 'ci-assess history remove --company "Acme" --yes'
    ),
)
def remove(
    company: Annotated[str | None, typer.Option(help="Delete every assessment of it.")] = None,
    ident: Annotated[int | None, typer.Option("--id", help="Delete this assessment.")] = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Delete stored assessments (client data) from the store."""
    from ci_assess.app import history

    if (company is None) == (ident is None):
        raise usage("give --company NAME or --id ID (one of them)")
    what = f"every assessment of {company!r}" if company is not None else f"assessment {ident}"
    if not yes:
        if not sys.stdin.isatty():
            raise usage(f"removing {what} needs --yes when not asked at a terminal")
        typer.confirm(f"Delete {what}?", abort=True, err=True)
    store = open_store(db)
    try:
        count = history.remove(store, company=company, ident=ident)
    finally:
        store.close()
    typer.echo(f"removed {count} assessment{'s' if count != 1 else ''}", err=True)


@history_app.command(
    "upgrade",
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess history upgrade --db postgresql+psycopg://ana@db.firm/ci_assess",
    ),
)
def upgrade(db: DbOption = None) -> None:
    """Upgrade the store's schema to this version of ci-assess (a shared PostgreSQL store)."""
    store = open_store(db, upgrade=True)
    store.close()
    typer.echo(f"store {store.shown} is up to date", err=True)

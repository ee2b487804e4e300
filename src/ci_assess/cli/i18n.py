"""`ci-assess i18n check`: missing, stale, untranslated and fuzzy translations; exit 1 if any."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ci_assess.cli.boundary import Boundary
from ci_assess.cli.options import DOCS, epilog
from ci_assess.cli.root import app
from ci_assess.errors import ExitCode

i18n_app = typer.Typer(
    cls=Boundary,
    help="Check translations (language overlays and the tool's catalogues).",
    epilog=f"Docs: {DOCS}; each command's --help has examples.",
)
app.add_typer(i18n_app, name="i18n")

SHOWN = 20
"""Entries listed per kind and language; the rest are counted."""


@i18n_app.command(
    "check",
    epilog=epilog(
        "Commands",
        "ci-assess i18n check",
        "ci-assess i18n check questionnaires/my-questionnaire.yaml --all",
    ),
)
def i18n_check(
    questionnaire: Annotated[
        str, typer.Argument(help="Bundled id or path of the questionnaire.")
    ] = "customer-intimacy",
    show_all: Annotated[bool, typer.Option("--all", help="List every entry.")] = False,
) -> None:
    """Per language: the questionnaire overlay's missing and stale entries, and the tool
    catalogue's untranslated or fuzzy messages. Exit 1 when there is any."""
    from ci_assess.app.i18n_check import check

    q, statuses = check(questionnaire, Path.cwd())
    if not statuses:
        typer.echo(f"{q.id}: no translations (no overlay beside it, no tool catalogue)")
    limit = None if show_all else SHOWN
    for s in statuses:
        where = s.overlay or "no overlay"
        typer.echo(
            f"{s.language}: questionnaire {q.id} ({where}): {s.entries} texts, "
            f"{len(s.missing)} missing, {len(s.stale)} stale"
        )
        _listed([f"missing: {key} (source {h})" for key, h in s.missing], limit)
        _listed(
            [f"stale: {s.overlay}:{line}: {key} (source now {h})" for line, key, h in s.stale],
            limit,
        )
        typer.echo(
            f"{s.language}: tool catalogue ({s.catalogue or 'none'}): {s.messages} messages, "
            f"{len(s.untranslated)} untranslated, {len(s.fuzzy)} fuzzy"
        )
        _listed([f"untranslated: {m!r}" for m in s.untranslated], limit)
        _listed([f"fuzzy: {m!r}" for m in s.fuzzy], limit)
    if any(not s.complete for s in statuses):
        raise typer.Exit(ExitCode.FINDING)


def _listed(lines: list[str], limit: int | None) -> None:
    for line in lines[:limit]:
        typer.echo(f"  {line}")
    if limit is not None and len(lines) > limit:
        typer.echo(f"  … and {len(lines) - limit} more (--all lists them)")

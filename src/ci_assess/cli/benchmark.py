"""`ci-assess benchmark`: where one assessment stands among the store's other companies."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ci_assess.cli.history import DbOption
from ci_assess.cli.options import epilog, usage
from ci_assess.cli.root import app


@app.command(
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess benchmark clients/acme/2026-06.yaml --size any",
        "ci-assess benchmark clients/acme/2026-06.yaml --industry distribution --format json",
    )
)
def benchmark(
    file: Annotated[str, typer.Argument(help="The answers file to rank.")],
    industry: Annotated[
        str | None,
        typer.Option(help="Compare within this industry (default: the file's; any: all)."),
    ] = None,
    size: Annotated[
        str | None,
        typer.Option(help="micro, small, mid or large (default: the file's; any: all)."),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    questionnaire: Annotated[
        str | None, typer.Option("--questionnaire", help="Override the file's questionnaire.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Percentile ranks among the latest stored assessment of every other company."""
    from ci_assess.app.compare import benchmark_of, single

    if fmt not in {"text", "json"}:
        raise usage(f"unknown format {fmt!r}; use text or json")
    assessed = single(file, questionnaire)
    result = benchmark_of(assessed, db, industry, size)
    if fmt == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    from ci_assess.cli.views.history import benchmark_lines

    for line in benchmark_lines(assessed.company, result):
        typer.echo(line)

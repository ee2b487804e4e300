"""`ci-assess benchmark`: where one assessment stands among the store's other companies."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ci_assess.cli.history import DbOption
from ci_assess.cli.options import epilog, option_language, usage
from ci_assess.cli.root import app


@app.command(
    epilog=epilog(
        "Progress over time and benchmarks",
        "ci-assess benchmark clients/acme/2026-06.yaml --size any",
        "ci-assess benchmark clients/acme/2026-06.yaml --industry distribution --format json",
        "ci-assess benchmark clients/acme/2026-06.yaml --lang fr",
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
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="Language of the text output, BCP 47 (fr, fr-CH -> fr -> en); default: "
            "the file's 'language', else English. JSON is the same in every language.",
        ),
    ] = None,
) -> None:
    """Percentile ranks among the latest stored assessment of every other company."""
    from ci_assess.app.compare import benchmark_of, single

    if fmt not in {"text", "json"}:
        raise usage(f"unknown format {fmt!r}; use text or json")
    language = option_language(lang)
    assessed = single(file, questionnaire)
    result = benchmark_of(assessed, db, industry, size)
    if fmt == "json":
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
        return
    from ci_assess.app.store_language import benchmark_language, titles_in
    from ci_assess.cli.views.history import benchmark_lines

    chosen = benchmark_language(language, assessed)
    if chosen is None:  # English, exactly as before translations (Babel not imported)
        lines = benchmark_lines(assessed.company, result)
    else:
        from ci_assess.files.catalogues import translator

        titles = titles_in(assessed.questionnaire, chosen, lambda line: typer.echo(line, err=True))
        lines = benchmark_lines(assessed.company, result, translator(chosen), titles)
    for line in lines:
        typer.echo(line)

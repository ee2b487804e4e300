"""Option parsing shared by the commands: formats, paper sizes, usage errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from ci_assess.errors import CiAssessError


def choose_format(fmt: str | None, output: Path | None) -> tuple[Any, bool]:
    """The format to render, and whether to print it to PDF (an HTML report printed)."""
    from ci_assess.render import Format

    name = fmt
    if name is None and output is not None and not is_stdout(output):
        name = "pdf" if output.suffix.lower() == ".pdf" else None
        implied = Format.from_path(str(output))
        if name is None and implied is None:
            raise usage(
                f"cannot tell the format from {output.name!r}; add --format md|html|json|pdf"
            )
        name = name or (implied.value if implied else None)
    if name == "pdf":
        return Format.html, True
    if name is None:
        return Format.md, False
    if name not in Format.__members__:
        raise usage(f"unknown format {name!r}; use md, html, json or pdf")
    return Format(name), False


def is_stdout(output: Path | None) -> bool:
    """``-o -``: standard output, as without ``-o``."""
    return output is not None and str(output) == "-"


def paper_size(name: str) -> Literal["A4", "Letter"]:
    papers: dict[str, Literal["A4", "Letter"]] = {"A4": "A4", "Letter": "Letter"}
    if name not in papers:
        raise usage(f"unknown paper size {name!r}; use A4 or Letter")
    return papers[name]


def draft_fraction(text: str) -> float:
    """``--draft-below FRACTION``: a completeness share from 0 to 1 (1: any unanswered
    question makes a draft, 0: never a draft)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value <= 1.0:  # also NaN
        raise usage(
            f"--draft-below: {text!r} is not a fraction from 0 to 1; e.g. 0.9 marks a report "
            "with less than 90% of its questions answered as a draft"
        )
    return value


def skip_lock_files(files: list[str], *, verbose: bool = False) -> list[str]:
    """``files`` without the lock files of interviews (``.NAME.lock``), which a glob
    such as ``clients/acme/.*`` or a shell's dotglob can sweep in; UsageError when
    nothing is left. ``verbose`` names each one skipped on standard error."""
    from ci_assess.files.inputs import is_lock_file

    kept = [name for name in files if not is_lock_file(name)]
    if verbose:
        import typer

        for name in files:
            if is_lock_file(name):
                typer.echo(f"skipped: {name} (an interview's lock file)", err=True)
    if files and not kept:
        raise usage("no input left: every file given is an interview's lock file (.NAME.lock)")
    return kept


def usage(message: str) -> CiAssessError:
    from ci_assess.errors import UsageError

    return UsageError(message)


def option_language(tag: str | None) -> str | None:
    """``--lang``, checked before any work: its canonical tag, or a usage error (exit 2)
    naming the languages there are. Loads nothing when the option is not given."""
    if tag is None:
        return None
    from ci_assess.app.localise import option_language as checked

    return checked(tag)

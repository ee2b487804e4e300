"""Option parsing and help shared by the commands: formats, paper sizes, usage errors,
and what ``--help`` shows (readable metavars, examples and the docs pointer).

Readable metavars are set in one place, ``readable_metavars``, which the command
group (``boundary.Boundary``) applies to every command's parameters before help or
parsing: an option added later gets ``FILE``, ``DIR``, ``N`` or its own name in
capitals, never typer's ``<bool>``, ``<list[str]>`` or ``{files}``. An explicit
``metavar=`` (``N|ID=N``, ``A4|Letter``) is kept. ``tests/cli/test_help.py`` walks
every command's help.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

from ci_assess.errors import CiAssessError

DOCS = "README.md and docs/ in the ci-assess source"
"""Where the documentation is; one place to change once the project has a web site."""


def epilog(section: str, *examples: str) -> str:
    """A command's help epilog: its examples, one per line, and where its docs are.

    ``\b`` keeps typer from joining the example lines into one paragraph.
    """
    lines = "\n".join(f"  $ {example}" for example in examples)
    return f"\b\nExamples:\n{lines}\n\nDocs: {DOCS} (section {section!r})."


# The values an option takes, where a word would say less: "command.parameter" first,
# then the parameter alone. Any other parameter gets a metavar from its type and name.
METAVARS = {
    "report.fmt": "md|html|json|pdf",
    "questionnaire_show.fmt": "text|json",
    "fail_under": "N|ID=N",
    "paper": "A4|Letter",
    "questionnaire": "ID|PATH",
    "ref": "ID|PATH",
    "target": "DISCIPLINE",
    "accent": "#RRGGBB",
    "firm": "NAME",
    "respondent": "NAME",
    "assessor": "NAME",
    "company": "NAME",
    "schema_url": "URL",
    "kind": "questionnaire|answers|report|overlay",
    "file": "FILE",
    "files": "FILE…",
}


def readable_metavars(params: Iterable[Any], command: str = "") -> None:
    """Give every parameter without an explicit metavar one a person reads (in place)."""
    for param in params:
        if param.metavar is None:
            param.metavar = _metavar(param, command)
        if param.param_type_name == "argument":
            _plain_argument(param)


def _metavar(param: Any, command: str) -> str:
    name = (param.name or "value").lower()
    known = METAVARS.get(f"{command}.{name}") or METAVARS.get(name)
    if known:
        return known
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""  # a flag takes no value: nothing to show
    descriptor = getattr(param, "type_descriptor", None)
    annotation = getattr(descriptor, "annotation", None)
    if descriptor is not None and descriptor.is_path:
        word = "DIR" if "dir" in name else "FILE"
    elif annotation in {int, float}:
        word = "N"
    else:
        word = name.upper().replace("_", "-")
    several = param.param_type_name == "argument" and param.nargs != 1
    return f"{word.removesuffix('S')}…" if several else word


def _plain_argument(param: Any) -> None:
    """An argument's usage as ``FILE…`` (typer writes ``{files}...``), no type column."""
    metavar = param.metavar
    usage_name = metavar if param.required else f"[{metavar}]"
    param._usage_display_name = lambda: usage_name
    param.display_type_rich = lambda ctx=None: None


def choice(value: str, allowed: Iterable[str], what: str) -> str:
    """``value`` as one of ``allowed``, whatever its case (``letter`` is ``Letter``)."""
    options = list(allowed)
    found = next((a for a in options if a.lower() == value.strip().lower()), None)
    if found is None:
        raise usage(f"unknown {what} {value!r}; use {', '.join(options[:-1])} or {options[-1]}")
    return found


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
    if name is None:
        return Format.md, False
    name = choice(name, [*Format.__members__, "pdf"], "format")
    if name == "pdf":
        return Format.html, True
    return Format(name), False


def is_stdout(output: Path | None) -> bool:
    """``-o -``: standard output, as without ``-o``."""
    return output is not None and str(output) == "-"


def paper_size(name: str) -> Literal["A4", "Letter"]:
    """The PDF paper size, in any case (``letter``, ``a4``)."""
    papers: dict[str, Literal["A4", "Letter"]] = {"A4": "A4", "Letter": "Letter"}
    return papers[choice(name, papers, "paper size")]


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
                what = "session marker" if name.endswith(".session") else "lock file"
                typer.echo(f"skipped: {name} (an interview's {what})", err=True)
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

"""What the report command tells the user on standard error: summary, errors, progress.

Data goes to standard output, messages here. rich decides colour: none when stderr is
not a terminal or NO_COLOR is set.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ci_assess.app.batch import Outcome
from ci_assess.cli.boundary import debug_enabled
from ci_assess.core.rounding import format_score
from ci_assess.errors import ExitCode, most_severe, print_error

if TYPE_CHECKING:  # imported where used: a one-report run needs none of rich
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

# Below this many inputs a progress bar would flash by and only add noise.
PROGRESS_MIN_FILES = 20


def make_stderr_console() -> Console:
    """The console for messages; highlighting off so paths are not recoloured.

    Off a terminal (CI logs) rich would assume 80 columns and cut paths short.
    """
    from rich.console import Console

    console = Console(stderr=True, highlight=False, soft_wrap=True)
    if not console.is_terminal:
        console = Console(stderr=True, highlight=False, soft_wrap=True, width=200)
    return console


class StderrConsole:
    """The message console, made when something is first printed or asked of it.

    A report that succeeds prints nothing on standard error, and importing rich and
    building its console (which inspects the terminal) was about 5 % of that run's
    instructions. Once made, it is the same console as before, so what is printed
    does not change.
    """

    def __init__(self) -> None:
        self._console: Console | None = None

    @property
    def console(self) -> Console:
        """The rich console, made on first use."""
        if self._console is None:
            self._console = make_stderr_console()
        return self._console

    @property
    def made(self) -> bool:
        """Whether the rich console has been made (it is not for a quiet run)."""
        return self._console is not None

    @property
    def is_terminal(self) -> bool:
        return self.console.is_terminal

    def print(self, *objects: Any, **options: Any) -> None:
        """``Console.print``."""
        self.console.print(*objects, **options)


def stderr_console() -> StderrConsole:
    """The console for messages, made on first use (``StderrConsole``)."""
    return StderrConsole()


_WARNED: set[str] = set()


def print_outcome(console: StderrConsole, outcome: Outcome, *, verbose: bool) -> None:
    """Errors and failed gates always; written files only when verbose.

    A bug is one line; its traceback comes first, and only when debugging.
    """
    if outcome.internal is not None:
        if debug_enabled() and outcome.traceback:
            console.print(outcome.traceback.rstrip("\n"), markup=False)
        console.print(outcome.internal, markup=False)
        return
    for warning in outcome.warnings:
        if warning not in _WARNED:  # an overlay's stale entry: once per run, not per file
            _WARNED.add(warning)
            console.print(warning, markup=False)
    if outcome.error is not None:
        print_error(outcome.error, lambda line: console.print(line, markup=False))
        return
    for gate in outcome.failed_gates:
        shown = "no score" if gate.score is None else format_score(gate.score)
        console.print(
            f"fail: {outcome.source}: {gate.subject} {shown} is under {gate.threshold:g}",
            markup=False,
        )
    if verbose and outcome.output is not None:
        console.print(f"wrote {outcome.output}", markup=False)


# A table longer than this would bury the problems: large batches list only those.
FULL_TABLE_MAX_ROWS = 50


# A plain class, not a dataclass: a dataclass's methods are compiled from generated
# source at import, in every process, and every report imports this module.
class Summary:
    """Compact per-input rows, kept instead of whole reports so memory stays flat.

    A row is built only when the table can show it: ``tabled`` False (no table is
    printed) keeps the counts alone.
    """

    __slots__ = (
        "errors",
        "gate_failures",
        "internal_errors",
        "problem_rows",
        "rows",
        "tabled",
        "total",
    )

    def __init__(self, tabled: bool = True) -> None:
        self.tabled = tabled
        self.rows: list[tuple[str, ...]] = []
        self.problem_rows: list[tuple[str, ...]] = []
        self.total = 0
        self.errors = 0
        self.internal_errors = 0
        self.gate_failures = 0

    def add(self, o: Outcome) -> None:
        """Record one outcome."""
        self.total += 1
        problem = o.error is not None or o.internal is not None or bool(o.failed_gates)
        self.errors += o.error is not None
        self.internal_errors += o.internal is not None
        self.gate_failures += bool(o.failed_gates)
        if not self.tabled:
            return
        listed = self.total <= FULL_TABLE_MAX_ROWS
        listed_problem = problem and len(self.problem_rows) < FULL_TABLE_MAX_ROWS
        if listed or listed_problem:
            row = _row(o)
            if listed_problem:
                self.problem_rows.append(row)
            if listed:
                self.rows.append(row)

    def exit_code(self) -> ExitCode:
        """How the run ends: the most severe outcome (a bug over bad input over a gate)."""
        counted = (
            (ExitCode.INTERNAL, self.internal_errors),
            (ExitCode.INPUT, self.errors),
            (ExitCode.FINDING, self.gate_failures),
        )
        return most_severe(code for code, count in counted if count)

    def table(self) -> Table:
        """Every row for a small batch; counts and the problem rows for a large one."""
        ok = self.total - self.errors - self.internal_errors
        internal = f"{self.internal_errors} internal error(s), " if self.internal_errors else ""
        title = (
            f"ci-assess report: {self.total} input(s), {ok} report(s), "
            f"{self.errors} error(s), {internal}{self.gate_failures} failed gate(s)"
        )
        from rich.table import Table

        table = Table(title=title, title_justify="left")
        for column in ("file", "company", "overall", "level", "pattern", "gates", "report"):
            table.add_column(column, justify="right" if column == "overall" else "left")
        small = self.total <= FULL_TABLE_MAX_ROWS
        for row in self.rows if small else self.problem_rows[:FULL_TABLE_MAX_ROWS]:
            table.add_row(*row)
        return table


def _row(o: Outcome) -> tuple[str, ...]:
    from rich.markup import escape

    if o.headline is None:
        failure = "internal error" if o.internal is not None else "error"
        return (escape(o.source), "", "", "", "", "", f"[red]{failure}[/red]")
    h = o.headline
    gates = "" if not h.gated else ("[red]failed[/red]" if o.failed_gates else "passed")
    return (
        escape(o.source),
        escape(h.company),
        format_score(h.score),
        escape(h.level or ""),
        h.pattern,
        gates,
        escape(str(o.output)) if o.output else "stdout",
    )


@contextmanager
def progress(console: StderrConsole, total: int, *, enabled: bool) -> Iterator[Progress | None]:
    """A progress bar on a terminal for large batches; nothing otherwise."""
    # the terminal is asked last: asking makes the console
    if not (enabled and total >= PROGRESS_MIN_FILES and console.is_terminal):
        yield None
        return
    from rich.progress import Progress

    with Progress(console=console.console, transient=True) as bar:
        yield bar

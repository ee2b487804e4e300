"""The interview's terminal side: ``Prompt`` on a terminal or a pipe, views drawn with rich.

Imported only by ``ci-assess interview``, so neither the interview core nor
``ci-assess --help`` loads rich.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from ci_assess.interview.prompts import (
    GroupsView,
    InitiativeView,
    QuestionView,
    ReviewView,
    Shown,
    Tone,
)
from ci_assess.interview.text import _

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


_TONES: dict[Tone, str] = {
    "info": "",
    "help": "dim",
    "warning": "yellow",
    "success": "green",
}


class TerminalPrompt:
    """Line-based prompts on a terminal or a pipe, rendered with rich.

    Colour only when the output is a terminal and NO_COLOR is unset (rich's own
    detection). Piped replies are echoed after the prompt, so that a transcript
    reads the same as a session at the keyboard.
    """

    def __init__(self, console: Console | None = None, stdin: TextIO | None = None) -> None:
        from rich.console import Console

        self._console = console or Console(highlight=False)
        self._stdin = stdin or sys.stdin
        self._echo = not _is_tty(self._stdin)
        reconfigure = getattr(self._stdin, "reconfigure", None)
        if reconfigure is not None:
            # Bytes that are not text in the terminal's encoding become U+FFFD, not
            # lone surrogates (which no YAML file can hold) nor a decoding error.
            reconfigure(errors="replace")

    @property
    def piped(self) -> bool:
        """Whether replies come from a pipe or a file rather than a person at a terminal."""
        return self._echo

    def ask(self, text: str) -> str:
        """Print ``text`` as a prompt and read one line without its line ending."""
        from rich.text import Text

        self._console.print(Text(f"{text}: ", style="bold"), end="")
        try:
            line = self._stdin.readline()
        except KeyboardInterrupt:
            self._console.print()  # leave the ^C line before the closing message
            raise
        except OSError:
            # A closed terminal reads as an I/O error (EIO) rather than as an end of file.
            raise EOFError from None
        if not line:
            self._console.print()
            raise EOFError
        reply = line.rstrip("\r\n")
        if self._echo:
            self._console.print(Text(reply))
        return reply

    def say(self, item: Shown) -> None:
        """Render one view or notice."""
        self._console.print(render(item))


def render(item: Shown) -> RenderableType:
    """The rich renderable for a view (imports rich; terminal side only)."""
    from rich.text import Text

    if isinstance(item, QuestionView):
        return _question(item)
    if isinstance(item, ReviewView):
        return _review(item)
    if isinstance(item, GroupsView):
        return _groups(item)
    if isinstance(item, InitiativeView):
        return _initiative(item)
    return Text(item.text, style=_TONES[item.tone])


def _question(view: QuestionView) -> RenderableType:
    from rich.console import Group
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    levels = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    levels.add_column(justify="right", style="bold")
    levels.add_column(style="cyan", no_wrap=True)
    levels.add_column(ratio=1)
    for row in view.levels:
        levels.add_row(str(row.level), row.name, row.description)
    heading = _(
        "%(title)s · group %(n)s of %(count)s",
        title=view.group_title,
        n=view.group_number,
        count=view.group_count,
    )
    progress = _(
        "Question %(n)s of %(total)s · %(in_group)s of %(size)s in this group "
        "(%(group_answered)s answered) · %(answered)s answered in all",
        n=view.number,
        total=view.total,
        in_group=view.in_group,
        size=view.group_size,
        group_answered=view.group_answered,
        answered=view.answered,
    )
    parts: list[RenderableType] = [
        Text(),
        Rule(Text(heading, style="bold"), style="blue"),
        Text(progress, style="dim"),
        Text.assemble((view.text, "bold"), (f"  {view.question_id}", "dim")),
    ]
    if view.help:
        parts.append(Text(view.help, style="italic"))
    parts.append(levels)
    if view.current:
        parts.append(Text(_current(view.current), style="green"))
    parts.append(Text(view.keys, style="dim"))
    return Group(*parts)


def _current(answer: str) -> str:
    return _("Current answer: %(answer)s  (Enter keeps it)", answer=answer)


def _initiative(view: InitiativeView) -> RenderableType:
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

    parts: list[RenderableType] = [
        Text(),
        Rule(Text(_("Engagement inventory"), style="bold"), style="blue"),
        Text(
            _(
                "Initiative %(n)s of %(total)s · %(answered)s answered",
                n=view.number,
                total=view.total,
                answered=view.answered,
            ),
            style="dim",
        ),
        Text.assemble((view.title, "bold"), (f"  {view.initiative_id}", "dim")),
    ]
    if view.help:
        parts.append(Text(view.help, style="italic"))
    if view.current:
        parts.append(Text(_current(view.current), style="green"))
    parts.append(Text(view.keys, style="dim"))
    return Group(*parts)


def _review(view: ReviewView) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = _(
        "Review: %(answered)s answered (%(na)s n/a), %(unanswered)s unanswered",
        answered=view.answered,
        na=view.not_applicable,
        unanswered=view.unanswered,
    )
    table = Table(title=title, title_justify="left", expand=False, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column(_("Question"), no_wrap=True)  # ids are what the consultant types
    table.add_column(_("Answer"), ratio=1)
    table.add_column(_("Note / evidence"), ratio=2)
    group = None
    for row in view.rows:
        if group is not None and row.group_title != group:
            table.add_section()
        group = row.group_title
        answer = Text(row.answer) if row.answer else Text(_("unanswered"), style="yellow")
        table.add_row(str(row.number), row.question_id, answer, row.details)
    return Group(Text(), table, Text(view.keys, style="dim"))


def _groups(view: GroupsView) -> RenderableType:
    from rich.table import Table

    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(justify="right", style="bold")
    table.add_column()
    table.add_column(style="dim")
    for row in view.rows:
        table.add_row(
            str(row.number),
            f"{row.title} ({row.group_id})",
            _("%(answered)s/%(size)s answered", answered=row.answered, size=row.size),
        )
    return table


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or file-like objects without a terminal
        return False

"""The interview's terminal side: ``Prompt`` on a terminal or a pipe, views drawn with rich.

At a terminal, replies are read with GNU readline (or libedit) where Python has it:
left and right, Home and End, and, at a note or evidence prompt, Up and Down through
this session's earlier notes, held in memory only (never written to a history file);
an existing note is edited in place (pre-filled). Without readline, and from a pipe,
a line is read as it comes. Imported only by ``ci-assess interview``, so neither the
interview core nor ``ci-assess --help`` loads rich.
"""

from __future__ import annotations

import sys
import time
from types import ModuleType
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
        # Line editing only when input() reads the real terminal: stdin is ours and a tty.
        self._readline = None if self._echo or stdin is not None else _line_editor()
        self._notes: list[str] = []  # this session's notes and evidence: the editing history
        reconfigure = getattr(self._stdin, "reconfigure", None)
        if reconfigure is not None:
            # Bytes that are not text in the terminal's encoding become U+FFFD, not
            # lone surrogates (which no YAML file can hold) nor a decoding error.
            reconfigure(errors="replace")

    @property
    def piped(self) -> bool:
        """Whether replies come from a pipe or a file rather than a person at a terminal."""
        return self._echo

    def now(self) -> float:
        """The monotonic clock of the progress line's timer."""
        return time.monotonic()

    def ask(self, text: str, *, prefill: str = "", free_text: bool = False) -> str:
        """Print ``text`` as a prompt and read one line without its line ending.

        At a terminal with readline the line is edited (starting from ``prefill``);
        otherwise an empty line keeps ``prefill``.
        """
        if self._readline is not None:
            return self._edit(text, prefill, free_text)
        reply = self._read_line(text)
        return reply or prefill

    def _edit(self, text: str, prefill: str, free_text: bool) -> str:
        """One line read with readline: pre-filled, with the notes as its history."""
        editor = self._readline
        assert editor is not None
        editor.clear_history()
        for note in self._notes if free_text else []:
            editor.add_history(note)
        editor.set_startup_hook((lambda: editor.insert_text(prefill)) if prefill else None)
        try:
            reply = input(f"{text}: ")
        except KeyboardInterrupt:
            self._console.print()
            raise
        except EOFError:
            self._console.print()
            raise
        except OSError:
            raise EOFError from None
        finally:
            editor.set_startup_hook(None)
            editor.clear_history()
        if free_text and reply.strip() and reply not in self._notes:
            self._notes.append(reply)
        return reply

    def _read_line(self, text: str) -> str:
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
        """Render one view or notice (the timer only for a person at a terminal)."""
        self._console.print(render(item, clock=not self._echo))


def render(item: Shown, *, clock: bool = False) -> RenderableType:
    """The rich renderable for a view (imports rich; terminal side only)."""
    from rich.text import Text

    if isinstance(item, QuestionView):
        return _question(item, clock)
    if isinstance(item, ReviewView):
        return _review(item)
    if isinstance(item, GroupsView):
        return _groups(item)
    if isinstance(item, InitiativeView):
        return _initiative(item)
    return Text(item.text, style=_TONES[item.tone])


def _question(view: QuestionView, clock: bool = False) -> RenderableType:
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

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
    if clock and view.elapsed is not None:
        parts.insert(3, Text(_timer(view), style="dim"))
    if view.compact:
        names = " · ".join(f"{row.level} {row.name}" for row in view.levels)
        parts.append(Text.assemble((names, "cyan"), ("   " + _("? = descriptions"), "dim")))
    else:
        if view.help:
            parts.append(Text(view.help, style="italic"))
        parts.append(_levels(view))
    if view.current:
        parts.append(Text(_current(view.current), style="green"))
    parts.append(Text(view.keys, style="dim"))
    return Group(*parts)


def _levels(view: QuestionView) -> RenderableType:
    from rich.table import Table

    levels = Table(box=None, show_header=False, padding=(0, 1), pad_edge=False)
    levels.add_column(justify="right", style="bold")
    levels.add_column(style="cyan", no_wrap=True)
    levels.add_column(ratio=1)
    for row in view.levels:
        levels.add_row(str(row.level), row.name, row.description)
    return levels


def _timer(view: QuestionView) -> str:
    """'12:03 elapsed · about 40 min left at this pace': this session's clock."""
    text = _("%(clock)s elapsed in this session", clock=_clock(view.elapsed or 0))
    if view.remaining is not None:
        minutes = max(1, round(view.remaining / 60))
        text += _(" · about %(minutes)s min left at this pace", minutes=minutes)
    return text


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


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
    """The review as it fits a 24 x 80 screen: a line per group, or one group's questions."""
    from rich.console import Group
    from rich.text import Text

    title = Text(
        _(
            "Review: %(answered)s answered (%(na)s n/a), %(unanswered)s unanswered",
            answered=view.answered,
            na=view.not_applicable,
            unanswered=view.unanswered,
        ),
        style="bold",
    )
    body = _review_rows(view) if view.shown_group else _review_groups(view)
    return Group(Text(), title, body, Text(view.keys, style="dim"))


def _review_groups(view: ReviewView) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    # Fixed widths where a ratio would let rich squeeze the numbers out at 80 columns.
    table = Table(box=None, pad_edge=False, padding=(0, 1), header_style="dim")
    table.add_column("", justify="right", style="bold", min_width=2, no_wrap=True)
    table.add_column(_("group"), max_width=34, no_wrap=True, overflow="ellipsis")
    table.add_column(_("answered"), min_width=8, no_wrap=True)
    table.add_column(_("unanswered"), no_wrap=True, overflow="ellipsis")
    for group in view.groups:
        done = _("%(answered)s of %(size)s", answered=group.answered, size=group.size) + (
            _(" (%(na)s n/a)", na=group.not_applicable) if group.not_applicable else ""
        )
        missing = Text(", ".join(map(str, group.unanswered)), style="yellow")
        table.add_row(str(group.number), group.title, done, missing)
    return table


def _review_rows(view: ReviewView) -> RenderableType:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    shown = next(g for g in view.groups if g.group_id == view.shown_group)
    heading = Text(
        _(
            "%(n)s %(title)s: %(answered)s of %(size)s answered",
            n=shown.number,
            title=shown.title,
            answered=shown.answered,
            size=shown.size,
        )
    )
    # Fixed columns and the question's text taking the rest, cut to it: one line each.
    table = Table(box=None, pad_edge=False, padding=(0, 1), show_header=False, expand=True)
    table.add_column(justify="right", style="bold", width=2, no_wrap=True)
    table.add_column(width=13, no_wrap=True, overflow="ellipsis")
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(width=20, no_wrap=True, overflow="ellipsis", style="dim")
    for row in view.rows:
        answer = Text(row.answer) if row.answer else Text(_("unanswered"), style="yellow")
        table.add_row(str(row.number), answer, row.text, row.details)
    return Group(heading, table)


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


def _line_editor() -> ModuleType | None:
    """The readline module, set up for replies: no completion, no automatic history."""
    try:
        import readline
    except ImportError:  # Windows, or a Python built without it: lines are read plainly
        return None
    readline.set_auto_history(False)  # the history is the notes only, set per prompt
    readline.set_completer(lambda _text, _state: None)  # Tab completes nothing (no file names)
    return readline


def _is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # closed or file-like objects without a terminal
        return False

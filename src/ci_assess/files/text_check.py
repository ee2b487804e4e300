"""Control characters and bidi overrides in a file's text fields: an input error.

YAML's reader refuses most raw control bytes itself, but a double-quoted scalar may
spell them as escapes (``"\\e[D"``, what a note typed with an arrow key and no line
editing became), and bidi overrides are printable to YAML. Either would reach the
report. Every string of the parsed file, keys included, is checked against the one
rule of ``core.text``; each problem names the key path, the line and column of the
character (or of its escape) and the character. Kept apart from the model checks so
that files gaining keys need nothing here: every string is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import yaml

from ci_assess.core.text import FORBIDDEN, describe, forbidden_at
from ci_assess.errors import Problem
from ci_assess.files.yamlio import Loc, SourceMap

# Nothing to check unless the text has an escape or one of the characters YAML lets
# through raw (C1, bidi): 42 substring tests on the happy path, no walk. They take
# 16 µs on the 7 KB example, where one regex character class took 250 µs.
_SUSPECTS = (
    "\\",
    *map(chr, range(0x80, 0xA0)),
    *map(chr, range(0x202A, 0x202F)),
    *map(chr, range(0x2066, 0x206A)),
)
# An escape in a double-quoted YAML scalar; error messages only (re compiles it then).
_ESCAPE = r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0abtnvfre\"/\\N_LP ])"
_HINT = (
    "remove it: a text field holds no control characters or bidi overrides (an arrow "
    "key typed where no line editing was available leaves such characters)"
)


def control_problems(data: Any, source: str, text: str) -> list[Problem]:
    """One problem per text field holding a forbidden character, in file order."""
    if not any(char in text for char in _SUSPECTS):
        return []
    lines = SourceMap(text)
    problems = []
    for loc, value, is_key in _strings(data, ()):
        index = forbidden_at(value)
        if index is None:
            continue
        line, column = _place(lines, text, loc, is_key, value[index])
        where = ".".join(str(part) for part in loc)
        what = "key" if is_key else "value"
        problems.append(
            Problem(
                source,
                f"{where}: the {what} holds the character {describe(value[index])}",
                line,
                _HINT,
                column,
            )
        )
    return problems


def control_problems_in(data: Any) -> list[Problem]:
    """The same check on data about to be written (no text yet, so no lines)."""
    return [
        Problem("<answers>", f"{'.'.join(map(str, loc))} holds {describe(value[index])}")
        for loc, value, _ in _strings(data, ())
        if (index := forbidden_at(value)) is not None
    ]


def _strings(data: Any, loc: Loc) -> Iterator[tuple[Loc, str, bool]]:
    """Every string in ``data`` with its key path, and whether it is a key."""
    if isinstance(data, str):
        yield loc, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            if isinstance(key, str):
                yield (*loc, key), key, True
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for number, item in enumerate(data):
            yield from _strings(item, (*loc, number))


def _place(
    lines: SourceMap, text: str, loc: Loc, is_key: bool, char: str
) -> tuple[int | None, int | None]:
    """Line and column of ``char`` (raw or escaped) in the scalar at ``loc``."""
    node = None if is_key else lines.node(loc)
    if not isinstance(node, yaml.ScalarNode):
        return lines.line(loc), None
    start, end = node.start_mark.index, node.end_mark.index
    raw = text[start:end]
    offsets = [m.start() for m in (re.search(FORBIDDEN, raw), _escape_of(raw, char)) if m]
    offset = min(offsets) if offsets else 0
    before = text[: start + offset]
    line = before.count("\n") + 1
    return line, start + offset - (before.rfind("\n") + 1) + 1


def _escape_of(raw: str, char: str) -> re.Match[str] | None:
    """The first escape in ``raw`` that spells ``char``."""
    for found in re.finditer(_ESCAPE, raw):
        try:
            spelled = yaml.safe_load(f'"{found.group()}"')
        except yaml.YAMLError:
            continue
        if spelled == char:
            return found
    return None

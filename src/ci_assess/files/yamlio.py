"""Read YAML safely: every way a file can be wrong or hostile becomes an InputError.

Duplicate keys, Python tags, binary or non-UTF-8 input, control characters, nesting
deeper than ``MAX_DEPTH``, more than ``MAX_VALUES`` values (also through aliases) and,
in answers files, anchors and aliases are refused with the file, line and column.

The happy path uses libyaml's C parser when present and composes each document once.
Hostile structure is looked for by an event scan only when cheap bounds on the text
cannot rule it out. Source lines are looked up only when something has to be
reported: ``SourceMap`` composes the text a second time, once for all its problems.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import yaml

from ci_assess.errors import InputError, Problem
from ci_assess.files import inputs

STDIN = inputs.STDIN
MAX_DEPTH = 64
"""Deepest nesting of mappings and sequences accepted; real files need about five."""
MAX_VALUES = 250_000
"""Most values (keys, scalars, collections, aliases expanded) in one file."""
QUOTE_MAX = 80
"""Characters of a key or value quoted in a message."""
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_TAG_NAMES = {
    _TIMESTAMP_TAG: "date",
    "tag:yaml.org,2002:int": "whole number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:bool": "true/false value",
}
# Plain scalars resolved so far (value -> tag): keys, ids and levels recur in every
# file of a batch. Bounded, and only short values, so that free text cannot fill it.
_RESOLVED: dict[str, str] = {}
_RESOLVED_MAX, _RESOLVED_VALUE_MAX = 8192, 64


class _DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping holds the same key twice."""


class _ScalarError(yaml.MarkedYAMLError):
    """A value its tag cannot read: an impossible date such as 2024-02-30, or `!!int x`."""

    def __init__(self, node: yaml.ScalarNode) -> None:
        kind = _TAG_NAMES.get(node.tag, node.tag.rsplit(":", 1)[-1])
        super().__init__(None, None, f"{quote(node.value)} is not a valid {kind}", node.start_mark)
        self.hint = (
            "write dates as YYYY-MM-DD, with a day that exists in that month"
            if node.tag == _TIMESTAMP_TAG
            else "quote the value, or remove its '!!' tag"
        )


class CheckedLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate keys and reports values it cannot read.

    PyYAML keeps the last of two equal keys (an answer silently lost), and its
    constructors raise plain ValueErrors, without a line, for a value that looks
    like a date or a number but is not one (2026-02-30).
    """

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, KeyError, AttributeError):
            if isinstance(node, yaml.ScalarNode):
                raise _ScalarError(node) from None
            raise

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                duplicate = key in mapping
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be a plain value", key_node.start_mark
                ) from None
            if duplicate:
                raise _DuplicateKeyError(
                    None,
                    None,
                    f"key {quote(key)} appears twice (first on line {first_line[key]}); "
                    "keep one of them so that no answer is silently lost",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class StrictLoader(CheckedLoader):
    """The checked loader, skipping work the safe loader repeats for every node.

    A batch parses thousands of files; the three methods below give the same
    results with less work (tests/render/test_fast_paths.py compares the two loaders).
    """

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> Any:
        # With no path resolvers (safe loading has none), a plain scalar's tag
        # depends on its text alone.
        if kind is yaml.ScalarNode and implicit[0] and len(value) <= _RESOLVED_VALUE_MAX:
            tag = _RESOLVED.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(_RESOLVED) < _RESOLVED_MAX:
                    _RESOLVED[value] = tag
            return tag
        return super().resolve(kind, value, implicit)

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Path resolvers only: safe loading has none (the base method returns at once)."""

    def ascend_resolver(self) -> None:
        """Path resolvers only: safe loading has none (the base method returns at once)."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A string is its node's text: what the str constructor would return,
        # without the bookkeeping that only aliased mappings and sequences need.
        if node.__class__ is yaml.ScalarNode and node.tag == _STR_TAG:
            return node.value
        return super().construct_object(node, deep=deep)


def quote(value: object) -> str:
    """A key or value as a message shows it: repr, at most QUOTE_MAX characters of it."""
    text = value if isinstance(value, str) else str(value)
    if len(text) > QUOTE_MAX:
        text = text[:QUOTE_MAX] + "…"
    return repr(text) if isinstance(value, str) else text


def source_name(path: str) -> str:
    """The name messages give ``path``: ``<stdin>`` for ``-``, else the path itself."""
    return "<stdin>" if path in {STDIN, "<stdin>"} else path


def read_text(path: str) -> str:
    """Read a UTF-8 text file, or standard input for ``-``, within the input limit."""
    return decode(source_name(path), inputs.read_input(path))


# Byte-order marks, and what the first bytes of ASCII text look like, in UTF-16/32.
_WIDE_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_WIDE_PATTERNS = (
    (re.compile(rb"[^\x00]\x00\x00\x00"), "UTF-32"),
    (re.compile(rb"\x00\x00\x00[^\x00]"), "UTF-32"),
    (re.compile(rb"[^\x00]\x00[^\x00]\x00"), "UTF-16"),
    (re.compile(rb"\x00[^\x00]\x00[^\x00]"), "UTF-16"),
)


def decode(source: str, data: bytes) -> str:
    """Bytes to text: UTF-8, with or without a byte-order mark; anything else refused.

    A refusal says where the first bad byte is and how to convert the file.
    """
    wide = _wide_encoding(data)
    if wide:
        raise InputError.single(
            source,
            f"is {wide} text: save it as UTF-8",
            hint=f"e.g. {_iconv(wide.lower(), source)}",
        )
    if b"\x00" in data:
        raise InputError.single(source, "is a binary file, not YAML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_utf8(source, data, exc.start) from None


def _wide_encoding(data: bytes) -> str | None:
    """UTF-16 or UTF-32 when the file starts with its byte-order mark or its NUL pattern."""
    for bom, name in _WIDE_BOMS:
        if data.startswith(bom):
            return name
    head = data[:4]
    return next((name for pattern, name in _WIDE_PATTERNS if pattern.fullmatch(head)), None)


def _not_utf8(source: str, data: bytes, start: int) -> InputError:
    line = data.count(b"\n", 0, start) + 1
    line_start = data.rfind(b"\n", 0, start) + 1
    column = len(data[line_start:start].decode("utf-8", "replace")) + 1
    message = f"is not UTF-8 text (byte 0x{data[start]:02x})"
    hint = "save the file as UTF-8"
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:  # every byte means something there: most likely a file saved by Excel or Word
        # Bytes 0x80-0x9f are printable in Windows-1252 only (curly quotes, the euro sign).
        encoding = "windows-1252" if re.search(rb"[\x80-\x9f]", data) else "latin1"
        message += "; it looks like Latin-1 (Windows-1252) text"
        hint = f"save it as UTF-8, e.g. {_iconv(encoding, source)}"
    return InputError([Problem(source, message, line, hint, column)])


def _iconv(encoding: str, source: str) -> str:
    import shlex  # an error message's hint only: not imported by every run

    name = "FILE" if source == "<stdin>" else shlex.quote(source)
    return f"iconv -f {encoding} -t utf-8 {name} > {name}.utf8"


def parse(source: str, text: str, *, aliases: bool = True) -> dict[str, Any]:
    """Parse YAML text holding one mapping.

    ``aliases=False`` (answers files) refuses anchors and aliases; elsewhere they may
    be used, within MAX_DEPTH and MAX_VALUES once expanded.
    """
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise InputError.single(source, "is empty", hint="run 'ci-assess template' for a start")
    try:
        if _may_be_hostile(text, aliases):
            _scan(source, text, aliases)
        loader = StrictLoader(text)  # a safe loader
        try:
            node = compose_node(loader)
            data = None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.reader.ReaderError:
        raise _unprintable(source, text) from None
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(source, text, exc) from None
    except yaml.YAMLError as exc:
        raise InputError.single(source, f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(
            source,
            f"must hold a mapping of keys to values, not {type(data).__name__}",
            line=1,
        )
    return data


def refuse_aliases(source: str, text: str) -> None:
    """Refuse anchors and aliases in ``text`` already parsed with them allowed."""
    if _has_anchor_or_alias(text):
        try:
            _scan(source, text, aliases=False)
        except yaml.MarkedYAMLError as exc:
            raise _yaml_problem(source, text, exc) from None


def compose_node(loader: yaml.SafeLoader) -> yaml.Node | None:
    """The one place a document is composed (tests count the calls)."""
    node: yaml.Node | None = loader.get_single_node()
    return node


# What can start a token at the start of a line, before a block collection on it:
# indentation, then indicators ('- ', '? ', ': ', '--- ') and properties (&a, !tag).
# Compiled on first use (as are the error path's patterns below): most files never
# need it, and every run would pay for compiling it at import.
@cache
def _line_prefix() -> re.Pattern[str]:
    return re.compile(
        r"(?:^|(?<=[\r\n\x85\u2028\u2029]))[ \t]*"
        r"(?:(?:---|[-?:]|[&!][^ \t\r\n\x85\u2028\u2029]*)[ \t]+)*"
    )


# The same prefix where YAML's only line break is '\n' (CRLF included).
# (This and _ANCHOR_OR_ALIAS are patterns that re compiles on first use, as above.)
_LINE_PREFIX_LF = r"(?m)^[ \t]*(?:(?:---|[-?:]|[&!][^ \t\r\n]*)[ \t]+)*"
_OTHER_LINE_BREAKS = ("\r", "\x85", "\u2028", "\u2029")
# What can stand just before an anchor or alias token in libyaml's scanner: white space
# or a byte-order mark (skipped at a line's start), a flow indicator, a flow mapping's
# ':' or '?' (libyaml takes both as indicators there even with no space after them:
# {"a":&x 1}, {?&x a}), or a quoted scalar's closing quote (the parser refuses what
# follows, but the scan would see the anchor first). After the '&' or '*': a name
# character, i.e. anything but white space and the flow indicators.
_BEFORE_TOKEN = frozenset("[]{},:?\"'\ufeff")
_NOT_IN_NAME = frozenset("[]{},")
# The same test as one search, with a newline before the text (a leading character
# class is far faster than a look-behind); for texts with many '&' and '*'.
_ANCHOR_OR_ALIAS = r"[\s\[\]{},:?\"'\ufeff][&*][^\s\[\]{},]"
_MARKS_LOOKED_AT = 64
"""'&' and '*' characters looked at one by one before searching with the regex instead."""


def _has_anchor_or_alias(text: str) -> bool:
    """True when an '&' or '*' in ``text`` may start an anchor or alias token.

    An over-estimate (``R&D`` is not one; ``a:&b`` outside a flow mapping is not
    either), so that a text it passes holds none. Answers files have a few '&' and '*'
    in their notes, if any: each is looked at with ``str.find``, about 1 k
    instructions apiece, where searching the whole text costs some 90 per character.
    """
    for mark in "&*":
        at = text.find(mark)
        for _ in range(_MARKS_LOOKED_AT):
            if at < 0:
                break
            before = text[at - 1] if at else "\n"
            after = text[at + 1 : at + 2]
            if (
                (before.isspace() or before in _BEFORE_TOKEN)
                and after
                and not (after.isspace() or after in _NOT_IN_NAME)
            ):
                return True
            at = text.find(mark, at + 1)
        else:
            return re.search(_ANCHOR_OR_ALIAS, "\n" + text) is not None
    return False


def _deepest_line_prefix(text: str) -> int:
    """The longest indentation-and-indicators prefix of any line (see _may_be_hostile)."""
    if any(brk in text for brk in _OTHER_LINE_BREAKS):  # CR alone, NEL, LS or PS breaks
        return max((len(m.group()) for m in _line_prefix().finditer(text)), default=0)
    return max(map(len, re.findall(_LINE_PREFIX_LF, text)), default=0)


def _property_may_start_a_prefix(text: str) -> bool:
    """Whether a line's prefix may hold a property: '&' or '!' after only ``[ \t?:-]``."""
    for mark in "&!":
        at = text.find(mark)
        for _ in range(_MARKS_LOOKED_AT):
            if at < 0:
                break
            if not text[text.rfind("\n", 0, at) + 1 : at].strip(" \t?:-"):
                return True
            at = text.find(mark, at + 1)
        else:
            return True
    return False


@cache
def _line_starting_with(column: int) -> re.Pattern[str]:
    """A line that starts with ``column`` of ``[ \t?:-]``, in a text led by a newline."""
    return re.compile(rf"\n[ \t?:-]{{{column}}}")


def _line_prefix_reaches(text: str, column: int) -> bool:
    """Whether ``_deepest_line_prefix(text) >= column``, mostly without computing it.

    Without properties, a line prefix is made of ``[ \t?:-]`` alone: when no line starts
    with ``column`` of them, none reaches it. That search, led by a literal newline,
    jumps from line to line; ``_LINE_PREFIX_LF`` is tried at every character (some
    120 instructions each; the search costs about a tenth of that).
    """
    if (
        not any(brk in text for brk in _OTHER_LINE_BREAKS)
        and not _property_may_start_a_prefix(text)
        and _line_starting_with(column).search("\n" + text) is None
    ):
        return False
    return _deepest_line_prefix(text) >= column


def _count_at_most(text: str, chars: str, most: int) -> int:
    """How many of ``chars`` ``text`` holds, counted up to ``most + 1`` at the most.

    ``str.find`` skips to the next one at memchr's speed; ``str.count`` looks at every
    character, some 8 instructions each (56 k per character counted in an answers file).
    """
    found = 0
    for char in chars:
        at = text.find(char)
        while at >= 0:
            found += 1
            if found > most:
                return found
            at = text.find(char, at + 1)
    return found


_SEPARATORS = (",", ":", "-", "?", "[", "{", "\n", "\r", "\x85", "\u2028", "\u2029")


def _may_be_hostile(text: str, aliases: bool) -> bool:
    """False when cheap upper bounds rule out too deep, too many values and aliases.

    Sound bounds, so that a file they pass needs no scan: a block collection nested
    two levels deeper starts at least one column further right, and starts a line or
    follows indicators on it; each flow level needs a bracket; each value but the
    first needs a separator, and at most doubles with empty values (``{a, b}``).
    """
    if "\ufeff" in text:  # libyaml skips a byte-order mark at a line's start; the
        return True  # prefix bound below would stop at it (a leading one is decoded away)
    if _has_anchor_or_alias(text):
        return True
    if 2 * len(text) + 2 > MAX_VALUES:
        separators = sum(text.count(c) for c in _SEPARATORS)
        if 2 * (separators + 1) > MAX_VALUES:
            return True
    flow = _count_at_most(text, "[{", MAX_DEPTH)
    if flow > MAX_DEPTH:
        return True
    # 2 * (column + 1) + flow > MAX_DEPTH, for the deepest line prefix's column
    return _line_prefix_reaches(text, (MAX_DEPTH - flow) // 2)


class _StructureError(yaml.MarkedYAMLError):
    """Too deep, too many values, or an alias where none is allowed."""

    def __init__(self, mark: Any, problem: str, hint: str) -> None:
        super().__init__(None, None, problem, mark)
        self.hint = hint


def _scan(source: str, text: str, aliases: bool) -> None:
    """Walk the parser's events once (no nodes built) and refuse hostile structure.

    Each anchored collection's expanded size and height are kept, so that an alias
    counts for what it stands for: a "billion laughs" file is refused after reading
    its few lines, not after expanding them.
    """
    loader = _BaseLoader(text)
    try:
        _check_events(_events(loader), aliases)
    finally:
        loader.dispose()


def _events(loader: yaml.SafeLoader) -> Iterable[yaml.Event]:
    while loader.check_event():
        yield loader.get_event()  # type: ignore[no-untyped-call]


def _check_events(events: Iterable[yaml.Event], aliases: bool) -> None:
    values = depth = 0
    expanded = False
    stack: list[list[Any]] = []  # [values before it, anchor, deepest level inside]
    done: dict[str, tuple[int, int]] = {}  # anchor -> (values, height)
    for event in events:
        anchor = getattr(event, "anchor", None)
        if not aliases and (anchor is not None or isinstance(event, yaml.AliasEvent)):
            raise _StructureError(
                event.start_mark,
                "anchors and aliases are not allowed in answers files",
                "write the value out where it is used",
            )
        if isinstance(event, yaml.AliasEvent):
            if any(frame[1] == anchor for frame in stack):
                raise _StructureError(
                    event.start_mark,
                    f"alias *{quote(anchor)} refers to a collection that contains it",
                    "write the value out instead",
                )
            size, height = done.get(str(anchor), (1, 0))  # undefined: composing reports it
            values += size
            expanded = True
            if depth + height > MAX_DEPTH:
                raise _too_deep(event.start_mark)
            if stack:
                stack[-1][2] = max(stack[-1][2], depth + height)
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            if anchor is not None:
                done[anchor] = (1, 0)
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark)
            stack.append([values, anchor, depth])
            values += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            before, name, deepest = stack.pop()
            if stack:
                stack[-1][2] = max(stack[-1][2], deepest)
            if name is not None:
                done[name] = (values - before, deepest - depth + 1)
            depth -= 1
        if values > MAX_VALUES:
            raise _StructureError(
                event.start_mark,
                f"{'its aliases expand it' if expanded else 'holds more than'} "
                f"{'to more than ' if expanded else ''}{MAX_VALUES:,} values",
                "answers files and questionnaires are far smaller: is this the right file?",
            )


def _too_deep(mark: Any) -> _StructureError:
    return _StructureError(
        mark,
        f"is nested more than {MAX_DEPTH} levels deep",
        "check the brackets and the indentation: real files need about five levels",
    )


# YAML's line breaks; a Python str.splitlines() also splits on \v, \f and others.
@cache
def _line_break() -> re.Pattern[str]:
    return re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")


@cache
def _unprintable_pattern() -> re.Pattern[str]:
    """What PyYAML's reader refuses (its NON_PRINTABLE, as a search); libyaml also
    refuses a byte-order mark inside the text. Some 10 ms to compile: error path only."""
    return re.compile(
        "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|\ufeff"
    )


_CONTROL_NAMES = {
    0x07: "BEL, the bell",
    0x08: "BS, backspace",
    0x0B: "VT, vertical tab",
    0x0C: "FF, form feed",
    0x1B: "ESC, escape",
    0x7F: "DEL, delete",
}


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of the character at ``index``, counting YAML's line breaks."""
    breaks = list(_line_break().finditer(text, 0, index))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - line_start + 1


def _unprintable(source: str, text: str) -> InputError:
    """PyYAML's "position 56" as a line and column, and the character named."""
    found = _unprintable_pattern().search(text)
    if found is None:  # cannot happen: the reader refused one of these
        return InputError.single(source, "holds a character YAML does not allow")
    char = found.group()
    name = _CONTROL_NAMES.get(ord(char), "a control character" if ord(char) < 0xA0 else "")
    what = f"U+{ord(char):04X}" + (f" ({name})" if name else "")
    line, column = _position(text, found.start())
    return InputError(
        [
            Problem(
                source,
                f"holds the character {what}, which YAML does not allow",
                line,
                "remove it (most editors do not show it), or write it as an escape"
                ' such as "\\x07" inside double quotes',
                column,
            )
        ]
    )


def _yaml_problem(source: str, text: str, exc: yaml.MarkedYAMLError) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = exc.problem or str(exc)
    if isinstance(exc, yaml.constructor.ConstructorError) and "tag" in problem:
        return InputError.single(
            source,
            f"YAML tag not allowed: {problem.split('tag', 1)[1].strip()}",
            line,
            hint="files hold plain data only: remove the '!!' tag",
        )
    if isinstance(exc, _DuplicateKeyError):
        return InputError.single(source, problem, line)
    if isinstance(exc, _ScalarError | _StructureError):
        return InputError.single(source, problem, line, hint=exc.hint)
    if "maximum nesting depth" in problem:  # libyaml's own limit, met by its look-ahead
        deep = _too_deep(mark)
        return InputError.single(source, deep.problem or "", line, hint=deep.hint)
    tab = _tab_in_indentation(text, mark)
    if tab:
        return InputError([Problem(source, *tab)])
    return InputError.single(
        source,
        f"is not valid YAML: {problem}",
        line,
        hint="check indentation and quote values that contain ':' or '#'",
    )


def _tab_in_indentation(text: str, mark: Any) -> tuple[str, int, str, int] | None:
    """(message, line, hint, column) when the error's line is indented with a tab."""
    if mark is None:
        return None
    lines = _line_break().split(text)
    if mark.line >= len(lines):
        return None
    current = lines[mark.line]
    indentation = current[: len(current) - len(current.lstrip(" \t"))]
    if "\t" not in indentation:
        return None
    return (
        "is indented with a tab; YAML indentation must use spaces",
        mark.line + 1,
        "replace the tab with spaces (two per level, like the lines around it)",
        indentation.index("\t") + 1,
    )


Loc = tuple[str | int, ...]


class SourceMap:
    """Where the keys and values of one YAML text are: composed once, on first use.

    Loading asks it for the line of every problem of a file; each mapping's keys are
    indexed the first time they are searched, so that a thousand problems cost one
    composition and a thousand lookups, not a thousand parses.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._root: yaml.Node | None = None
        self._composed = False
        self._keys: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def line(self, loc: Loc) -> int | None:
        """1-based line of the key at ``loc`` (or of its nearest existing parent)."""
        return self._find(loc)[0]

    def node(self, loc: Loc) -> yaml.Node | None:
        """The value node at exactly ``loc``, or None."""
        _, node, complete = self._find(loc)
        return node if complete else None

    def scalar(self, loc: Loc) -> str | None:
        """The text of the scalar at ``loc`` as written (``yes``, not ``True``), or None."""
        node = self.node(loc)
        return node.value if isinstance(node, yaml.ScalarNode) else None

    def mapping_line(self, loc: Loc) -> int:
        """The line where the mapping at ``loc`` starts (1 for the top level)."""
        node = self.node(loc) if loc else None
        return node.start_mark.line + 1 if node is not None else (self.line(loc) or 1)

    def _find(self, loc: Loc) -> tuple[int | None, yaml.Node | None, bool]:
        node = self._document()
        line = None
        for part in loc:
            if isinstance(node, yaml.MappingNode):
                match = self._index(node).get(str(part))
                if match is None:
                    return line, node, False
                line = match[0].start_mark.line + 1
                node = match[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return line, node, False
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return line, node, False
        return line, node, node is not None

    def _document(self) -> yaml.Node | None:
        if not self._composed:
            self._composed = True
            loader = _BaseLoader(self._text)
            try:
                self._root = compose_node(loader)
            except yaml.YAMLError:
                self._root = None
            finally:
                loader.dispose()
        return self._root

    def _index(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        index = self._keys.get(id(node))
        if index is None:
            index = {}
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    index.setdefault(key.value, (key, value))
            self._keys[id(node)] = index
        return index


def line_of(text: str, loc: Loc) -> int | None:
    """1-based line of the key at ``loc`` in ``text``; for one lookup (use SourceMap for more)."""
    return SourceMap(text).line(loc)

"""Read YAML safely: duplicate keys, Python tags and binary input become InputErrors.

The happy path uses libyaml's C parser when present; source lines are looked up
only when something has to be reported, by composing the document a second time.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import yaml

from ci_assess.errors import InputError

STDIN = "-"
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
        super().__init__(None, None, f"{node.value!r} is not a valid {kind}", node.start_mark)
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
                    f"key {key!r} appears twice (first on line {first_line[key]}); "
                    "keep one of them so that no answer is silently lost",
                    key_node.start_mark,
                )
            first_line[key] = key_node.start_mark.line + 1
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


class StrictLoader(CheckedLoader):
    """The checked loader, skipping work the safe loader repeats for every node.

    A batch parses thousands of files; the three methods below give the same
    results with less work (tests/test_fast_paths.py compares the two loaders).
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


def read_text(path: str) -> str:
    """Read a UTF-8 text file, or standard input for ``-``."""
    if path == STDIN:
        data = sys.stdin.buffer.read()
    else:
        file = Path(path)
        if not file.exists():
            raise InputError.single(path, "file not found", hint="check the path and spelling")
        if file.is_dir():
            raise InputError.single(path, "is a folder, not a YAML file")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise InputError.single(path, f"cannot be read: {exc.strerror}") from None
    return decode(path, data)


def decode(source: str, data: bytes) -> str:
    """Bytes to text, refusing binary files with a clear message."""
    if b"\x00" in data:
        raise InputError.single(source, "is a binary file, not YAML text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.single(
            source, f"is not UTF-8 text (byte {exc.start})", hint="save the file as UTF-8"
        ) from None


def parse(source: str, text: str) -> dict[str, Any]:
    """Parse YAML text holding one mapping."""
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise InputError.single(source, "is empty", hint="run 'ci-assess template' for a start")
    try:
        data = yaml.load(text, Loader=StrictLoader)  # StrictLoader is a safe loader
    except yaml.MarkedYAMLError as exc:
        raise _yaml_problem(source, exc) from None
    except yaml.YAMLError as exc:
        raise InputError.single(source, f"is not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise InputError.single(
            source,
            f"must hold a mapping of keys to values, not {type(data).__name__}",
            line=1,
        )
    return data


def _yaml_problem(source: str, exc: yaml.MarkedYAMLError) -> InputError:
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
    if isinstance(exc, _ScalarError):
        return InputError.single(source, problem, line, hint=exc.hint)
    return InputError.single(
        source,
        f"is not valid YAML: {problem}",
        line,
        hint="check indentation and quote values that contain ':' or '#'",
    )


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """1-based line of the key at ``loc`` (or of its nearest existing parent)."""
    try:
        node: yaml.Node | None = yaml.compose(text, Loader=_BaseLoader)
    except yaml.YAMLError:
        return None
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((kv for kv in node.value if kv[0].value == str(part)), None)
            if match is None:
                break
            line = match[0].start_mark.line + 1
            node = match[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            break
    return line

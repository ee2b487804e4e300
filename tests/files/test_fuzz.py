"""Fuzzing the loader: whatever a file holds, only the tool's own errors come out.

Answers files and questionnaires are generated from the valid fixtures with
mutations (wrong types, keys such as ``str`` or ``[x]``, huge numbers, unicode and
control characters, deep nesting, anchors, bad dates, duplicate keys, cut-off text)
and as raw text and bytes. Bounded and derandomized, so the suite stays fast and
repeatable; ``CI_ASSESS_FUZZ_EXAMPLES=20000`` raises the counts for a soak run.
"""

from __future__ import annotations

import contextlib
import copy
import os
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ci_assess.app.validation import validate_file
from ci_assess.errors import CiAssessError
from ci_assess.files.loading import load_answers
from tests.conftest import VALID

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SOAK = int(os.environ.get("CI_ASSESS_FUZZ_EXAMPLES", "0"))


def _settings(examples: int) -> settings:
    return settings(
        max_examples=max(examples, _SOAK),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


ANSWERS = yaml.safe_load((VALID / "mini-answers.yaml").read_text())
ANSWERS["questionnaire"] = str(VALID / "mini.yaml")  # absolute: files are written elsewhere
QUESTIONNAIRE = yaml.safe_load((VALID / "mini.yaml").read_text())

ODD_KEYS = st.sampled_from(
    ["str", "int", "[x]", "[key]", "function-after[x]", "0", "", "é", "a" * 300]
)
ODD_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["2026-02-30", "01.12.2026", "yes", "no", "~", "3", "1e400", "\x07", "\ufeff"]),
    st.dates().map(str),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(ODD_KEYS, st.integers(), max_size=3),
)
TEXT_SNIPPETS = st.sampled_from(
    [
        "&a ", "*a", "!!python/object:os.system ", "\t", "\x00", "\x07", "\x85", "\u2028",
        "\r\n", "[" * 70, "{" * 70, "- " * 70, ": ", "? ", "--- ", "...", "'", '"', "#",
        "\ufeff", "%YAML 1.1\n", "<<: *a\n", "!!int x", "2026-02-30",
    ]
)  # fmt: skip


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``data``."""
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found.extend(_paths(value, (*prefix, key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found.extend(_paths(value, (*prefix, index)))
    return found


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any]) -> str:
    """A fixture with a few structural mutations, dumped, then maybe edited as text."""
    data = copy.deepcopy(base)
    for _ in range(draw(st.integers(0, 4))):
        path = draw(st.sampled_from(_paths(data)))
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        action = draw(st.sampled_from(["set", "add", "drop", "nest", "share"]))
        if not path or action == "add":
            target = (
                parent if not path else parent[path[-1]] if isinstance(parent, dict) else parent
            )
            if isinstance(target, dict):
                target[draw(ODD_KEYS)] = draw(ODD_VALUES)
        elif action == "set":
            parent[path[-1]] = draw(ODD_VALUES)
        elif action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "nest":
            value: Any = parent[path[-1]]
            for _ in range(draw(st.integers(1, 80))):
                value = [value]
            parent[path[-1]] = value
        elif action == "share":  # the dumper writes an anchor and an alias
            parent[path[-1]] = [parent[path[-1]]] * 2
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=draw(st.booleans()))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(TEXT_SNIPPETS) + text[at:]
    if draw(st.booleans()):  # a duplicated line: duplicate keys, or broken indentation
        lines = text.splitlines(keepends=True)
        at = draw(st.integers(0, len(lines) - 1))
        lines.insert(at, lines[at])
        text = "".join(lines)
    if draw(st.integers(0, 9)) == 0:
        text = text[: draw(st.integers(0, len(text)))]
    return text


def _encode(draw: st.DrawFn, text: str) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@st.composite
def answers_files(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    if draw(st.integers(0, 9)) == 0:
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    return _encode(draw, draw(mutated(ANSWERS)))


@st.composite
def questionnaires(draw: st.DrawFn) -> bytes:
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=200))
    return _encode(draw, draw(mutated(QUESTIONNAIRE)))


def _only_our_errors(path: Path, content: bytes, *checks: Any) -> None:
    path.write_bytes(content)
    for check in checks:
        with contextlib.suppress(CiAssessError):  # anything else fails the test
            check(str(path))


@_settings(500)
@given(content=answers_files())
def test_answers_files_give_only_our_errors(tmp_path_factory: Any, content: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz-answers.yaml"
    _only_our_errors(path, content, load_answers, validate_file)


@_settings(200)
@given(content=questionnaires())
def test_questionnaires_give_only_our_errors(tmp_path_factory: Any, content: bytes) -> None:
    path = tmp_path_factory.getbasetemp() / "fuzz-questionnaire.yaml"
    _only_our_errors(path, content, validate_file)

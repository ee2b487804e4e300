"""What a large batch keeps per input before its workers are forked (issue 17).

Every worker inherits the parent's per-input state, so a byte per input there is a
byte per input in each process. The batch keeps its inputs' names and targets as
plain strings (no Path: pathlib interns every part it parses, and that table outlives
the Paths), two lists rather than one object per input, and makes the workers'
chunks only as they are handed out. These tests count bytes with ``tracemalloc``
(deterministic for one Python), never time, and check that the string fast paths
name exactly what the Paths did.
"""

from __future__ import annotations

import inspect
import os
import re
import tracemalloc
from collections.abc import Callable
from pathlib import Path, PurePath

import pytest

from ci_assess.app import batch
from ci_assess.errors import UsageError
from ci_assess.files import folders
from ci_assess.render import Format

# Bytes kept per input, with room for another Python: a string and a list slot are
# some 70 bytes; a Path with its parts list and interned parts is over 250.
MAX_TARGET_BYTES = 120
# Two list slots (the name itself is the command line's); an object per input is 50+.
MAX_EXPANDED_BYTES = 32
COUNT = 2_000


def _kept_per_item(make: Callable[[], object], count: int) -> float:
    """Bytes still allocated per item after ``make()``, while its result is held."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = make()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert kept is not None
    return (after - before) / count


def test_targets_are_strings_and_few_bytes_each() -> None:
    names = [f"in/c{index:05d}.yaml" for index in range(COUNT)]
    targets = batch.output_paths(names, Path("out"), Format.json)
    assert all(type(t) is str for t in targets)
    assert targets[0] == os.path.join("out", "c00000.json")  # noqa: PTH118
    kept = _kept_per_item(lambda: batch.output_paths(names, Path("out"), Format.json), COUNT)
    assert kept < MAX_TARGET_BYTES, f"{kept:.0f} bytes kept per target"


@pytest.mark.parametrize("out_dir", ["out", ".", "", "./out/", "/", "out//sub", "a/./b"])
def test_target_names_are_the_paths_names(tmp_path: Path, out_dir: str) -> None:
    """The strings are the text of ``Path(out_dir) / Path(relative).with_suffix(ext)``."""
    names = [
        "c.yaml",
        "c.yml",
        ".hidden.yaml",
        ".hidden",
        "no-suffix",
        "ends-with-dot.",
        "two..dots.yaml",
        "v2.0/answers",
        "v2.0/x.tar.yaml",
        "deep/er/still/x.yaml",
        "..yaml",
        "-",
    ]
    inputs = [n if n == "-" else str(tmp_path / "in" / n) for n in names]
    for extension in (None, ".pdf"):
        got = batch.output_paths(inputs, Path(out_dir), Format.html, extension=extension)
        suffix = extension or Format.html.extension
        common = tmp_path / "in"
        wanted = [
            str(
                Path(out_dir)
                / PurePath("stdin" if n == "-" else os.path.relpath(n, common)).with_suffix(suffix)
            )
            for n in inputs
        ]
        assert got == wanted
    # And the bare helper on its own, against PurePath.
    for relative in ("a", "a.b", ".a", "a.", "a..b", "d.x/a", "d/.a.b", "d/e/f.g.h"):
        assert batch._with_suffix(relative, ".md") == str(PurePath(relative).with_suffix(".md"))


def test_expanded_inputs_are_two_lists_of_strings(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    names = []
    for index in range(COUNT):
        name = str(tmp_path / "in" / f"c{index:05d}.yaml")
        Path(name).write_text("company: X\n", encoding="utf-8")
        names.append(name)
    found = folders.expand(names)
    assert not hasattr(found, "__dict__"), "Expanded has __slots__"
    assert found.paths == names
    assert all(type(p) is str for p in found.paths)
    assert len({id(f) for f in found.folders}) == 1, "one string per folder"
    kept = _kept_per_item(lambda: folders.expand(names), COUNT)
    assert kept < MAX_EXPANDED_BYTES, f"{kept:.0f} bytes kept per input"
    # A folder given as input: its files, each with the folder as given.
    from_folder = folders.expand([str(tmp_path / "in")])
    assert from_folder.paths == names
    assert set(from_folder.folders) == {str(tmp_path / "in")}
    assert from_folder.inputs[0] == folders.Input(names[0], str(tmp_path / "in"))


def test_is_dir_answers_as_pathlib_does(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "f.yaml").write_text("x", encoding="utf-8")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    (tmp_path / "to-d").symlink_to(tmp_path / "d")
    cases = ["d", "d/", "d/.", "f.yaml", "f.yaml/", "f.yaml/..", "missing", "dangling"]
    cases += ["loop", "to-d", "to-d/", "d//", "bad\0name"]
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        for name in [*cases, "", "."]:
            assert folders._is_dir(name) is Path(name).is_dir(), name
    finally:
        os.chdir(cwd)


def test_chunks_are_made_as_they_are_handed_out() -> None:
    """No list of (input, target) pairs for every input: one chunk at a time."""
    inputs = [f"c{index}.yaml" for index in range(100)]
    targets: list[str | None] = [f"c{index}.json" for index in range(100)]
    assert inspect.isgenerator(batch._chunks(inputs, targets))
    chunks = batch._chunks(inputs, targets)
    first = next(chunks)
    assert first == list(zip(inputs, targets, strict=True))[: batch.CHUNK_SIZE]
    rest = list(chunks)
    assert [pair for chunk in [first, *rest] for pair in chunk] == list(
        zip(inputs, targets, strict=True)
    )
    assert len(rest[-1]) == 100 % batch.CHUNK_SIZE


def test_check_distinct_compares_names_as_the_system_does() -> None:
    batch.check_distinct(["a.yaml", "b.yaml"], ["o/a.md", "o/b.md"])
    with pytest.raises(UsageError) as caught:
        batch.check_distinct(["a.yaml", "a.yml"], ["o/a.md", "o/a.md"])
    assert str(caught.value).startswith("'a.yaml' and 'a.yml' would both be written to 'o/a.md';")
    upper = ["o/A.md", "o/a.md"]
    if os.path.normcase("A") == "a":  # Windows: one file
        with pytest.raises(UsageError):
            batch.check_distinct(["A.yaml", "a.yaml"], upper)
    else:
        batch.check_distinct(["A.yaml", "a.yaml"], upper)


def test_folders_are_made_in_the_order_paths_sort(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Parts, not characters: ``a/c`` before ``a-b`` (so a failure names the same one)."""
    made: list[Path] = []
    monkeypatch.setattr(Path, "mkdir", lambda self, **_: made.append(self))
    base = str(tmp_path)
    batch.make_folders([f"{base}/a-b/x.md", f"{base}/a/c/x.md", None, f"{base}/a/c/y.md"])
    assert made == sorted({tmp_path / "a-b", tmp_path / "a" / "c"})
    assert made[0] == tmp_path / "a" / "c"


def test_names_asked_of_every_input_make_no_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``is_lock_file`` (the command line) and ``is_partial`` (each file) parse a Path
    only for a name that could be one, with the answers a Path gives."""
    from ci_assess.files import inputs, writing

    def no_path(*_: object) -> Path:
        raise AssertionError("a Path was made for an ordinary name")

    with monkeypatch.context() as patched:
        patched.setattr(inputs, "Path", no_path)
        patched.setattr(writing, "Path", no_path)
        assert not inputs.is_lock_file("in/c00001.yaml")
        assert not writing.is_partial("in/c00001.yaml")
    names = ["a/.x.lock", ".x.session", "a/.x.lock/", "x.lock", ".lock", "a.lock/b", "a/.x.lock/."]
    names += ["d/.ceo.yaml.0a1b2c3d.tmp", "x.tmp", ".x.12345678.tmp/", "a/.x.12345678.tmp/."]
    for name in names:
        last = Path(name).name
        assert inputs.is_lock_file(name) is bool(re.fullmatch(inputs._LOCK_NAME, last)), name
        assert writing.is_partial(name) is bool(re.fullmatch(writing.PARTIAL_FILE, last)), name

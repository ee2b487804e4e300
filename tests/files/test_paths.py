"""The user's cache and data folders (files.paths) and the template cache that uses them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from ci_assess.files import paths
from ci_assess.render import compiled


def test_folders_follow_the_xdg_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    assert paths.cache_dir() == tmp_path / "c" / "ci-assess"
    assert paths.data_dir() == tmp_path / "d" / "ci-assess"
    assert compiled.cache_folder().parent == tmp_path / "c" / "ci-assess"


def test_without_xdg_variables_the_folders_are_in_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert paths.cache_dir() == tmp_path / ".cache" / "ci-assess"
    assert paths.data_dir() == tmp_path / ".local" / "share" / "ci-assess"


def test_nothing_is_created_by_asking(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "c"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "d"))
    paths.cache_dir()
    paths.data_dir()
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def no_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No home folder to be found: expanduser leaves '~' as it is (HOME unset, no passwd
    entry); the working directory is a fresh folder."""
    for variable in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr("os.path.expanduser", lambda path: path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_without_a_home_the_folders_are_unknown(no_home: Path) -> None:
    """Never a '~' folder inside whatever the working directory is."""
    with pytest.raises(RuntimeError):
        paths.cache_dir()
    with pytest.raises(RuntimeError):
        paths.data_dir()


def test_an_unexpanded_home_is_refused(no_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Older platformdirs releases return '~/.cache/…' as it is instead of raising."""
    monkeypatch.setattr("platformdirs.user_cache_dir", lambda *_, **__: "~/.cache/ci-assess")
    monkeypatch.setattr("platformdirs.user_data_dir", lambda *_, **__: "~/.local/share/ci-assess")
    with pytest.raises(RuntimeError, match="cache folder is not known"):
        paths.cache_dir()
    with pytest.raises(RuntimeError, match="data folder is not known"):
        paths.data_dir()


def test_no_known_cache_folder_means_no_template_cache(
    no_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(compiled.NO_CACHE_ENV, raising=False)
    assert compiled.bytecode_cache("text") is None
    assert list(no_home.iterdir()) == []


@pytest.mark.parametrize(
    "xdg", [None, "", "  ", "/abs/xdg", "/abs/trailing/", "relative/xdg", " /abs/spaced "]
)
@pytest.mark.parametrize("home", [None, "/home/someone", "/home/slash/", "relative-home"])
def test_the_folders_are_those_platformdirs_gives(
    xdg: str | None, home: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folders found without importing platformdirs are the ones it would give."""
    import platformdirs

    for name, value in (("XDG_CACHE_HOME", xdg), ("XDG_DATA_HOME", xdg), ("HOME", home)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)

    def expected(folder: str, what: str) -> Path | str:
        try:
            return paths._absolute(folder, what)
        except RuntimeError as exc:
            return str(exc)

    def got(find: object) -> Path | str:
        try:
            return find()  # type: ignore[operator,no-any-return]
        except RuntimeError as exc:
            return str(exc)

    try:
        cache = expected(platformdirs.user_cache_dir("ci-assess", appauthor=False), "cache")
        data = expected(platformdirs.user_data_dir("ci-assess", appauthor=False), "data")
    except RuntimeError:  # platformdirs itself finds no home: so must we
        with pytest.raises(RuntimeError):
            paths.cache_dir()
        return
    assert got(paths.cache_dir) == cache
    assert got(paths.data_dir) == data


def test_a_plain_linux_cache_folder_imports_no_platformdirs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # importing it would fail
    if sys.platform == "linux":
        assert paths.cache_dir() == tmp_path / ".cache" / "ci-assess"

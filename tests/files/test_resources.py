"""The bundled files: the code digest of the disk caches' keys, the folder listings.

``code_digest`` stats files instead of reading them: these tests pin down what it
must still tell apart (an edit, another install) and what must not change it.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from ci_assess.files import loading
from ci_assess.files.resources import code_digest


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "a.py"
    path.write_text("X = 1\n")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    return path


def _after_a_tick(path: Path) -> None:
    """Return once the file system's clock gives a change time other than ``path``'s
    (it ticks every few milliseconds): two changes within one tick look alike."""
    probe = path.with_name(path.name + ".tick")
    then = path.stat().st_ctime_ns
    while True:
        probe.write_text("")
        if probe.stat().st_ctime_ns != then:
            probe.unlink()
            return


def test_the_digest_is_stable_and_takes_str_or_path(module: Path) -> None:
    assert code_digest([module]) == code_digest([module]) == code_digest([str(module)])
    assert len(code_digest([module])) == 32


def test_an_edit_changes_the_digest(module: Path) -> None:
    before = code_digest([module])
    module.write_text("X = 2\n")  # the same size, a new time
    assert code_digest([module]) != before
    module.write_text("X = 22\n")
    os.utime(module, ns=(1_000_000_000, 1_000_000_000))  # another size, the old time
    assert code_digest([module]) != before


def test_a_file_written_again_with_its_old_time_changes_the_digest(
    module: Path, tmp_path: Path
) -> None:
    """tar x, unzip, cp -p keep the archive's modification time; the change time moves."""
    before = code_digest([module])
    new = tmp_path / "a.py.new"
    shutil.copy2(module, new)
    new.replace(module)  # renamed over: the old inode number may well come back later
    assert module.stat().st_mtime_ns == 1_000_000_000
    assert code_digest([module]) != before
    before = code_digest([module])
    _after_a_tick(module)
    module.write_text("X = 1\n")  # in place, the same inode, the old time put back
    os.utime(module, ns=(1_000_000_000, 1_000_000_000))
    assert code_digest([module]) != before


def test_another_install_has_another_digest(module: Path, tmp_path: Path) -> None:
    """The same file under another path (a hard link: one inode, size and time, as two
    Nix store entries deduplicated)."""
    other = tmp_path / "other" / "a.py"
    other.parent.mkdir()
    os.link(module, other)
    assert other.stat().st_ino == module.stat().st_ino
    assert code_digest([other]) != code_digest([module])


def test_the_order_and_the_set_of_files_count(module: Path, tmp_path: Path) -> None:
    second = tmp_path / "b.py"
    second.write_text("Y = 1\n")
    assert code_digest([module, second]) != code_digest([second, module])
    assert code_digest([module, second]) != code_digest([module])


def test_a_missing_file_is_an_error(tmp_path: Path) -> None:
    """Only bundled modules are digested: a missing one is a broken install, not a miss."""
    with pytest.raises(FileNotFoundError):
        code_digest([tmp_path / "gone.py"])


def test_yaml_files_lists_like_the_glob_it_replaced(tmp_path: Path) -> None:
    for name in ["b.yaml", "a.yaml", "q-2.yaml", "q-1.fr.yaml", "notes.txt", "x.yaml.bak"]:
        (tmp_path / name).write_text("")
    (tmp_path / "q-3.yaml").mkdir()  # as Path.glob did, the name decides
    for prefix in ["", "q-", "a"]:
        expected = sorted(tmp_path.glob(f"{prefix}*.yaml"))
        assert loading._yaml_files(tmp_path, prefix) == expected
    assert loading._yaml_files(tmp_path / "missing") == []
    assert loading._yaml_files(tmp_path / "a.yaml") == []  # a file, not a folder


def test_the_bundled_versions_are_listed_oldest_first() -> None:
    versions = loading.bundled_versions("customer-intimacy")
    assert list(versions) == ["1.0.0", "2.0.0"]
    assert versions[list(versions)[-1]] == loading.bundled_questionnaires()["customer-intimacy"]
    assert all(not loading.is_overlay_name(path) for path in versions.values())
    assert loading.bundled_versions("no-such-questionnaire") == {}

"""The disk cache of validated questionnaires: hit, miss on any change, never a failure.

Each test gets a cache folder of its own (the suite's is shared by the whole run).
"""

from __future__ import annotations

import pickle
import pickletools
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError
from ci_assess.files import loading, questionnaire_cache
from tests.conftest import VALID


@pytest.fixture(autouse=True)
def _fresh_process_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each load below starts as a new run would: nothing cached in memory, and an
    empty cache folder of this test's own."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    loading._load_questionnaire_file.cache_clear()
    yield
    loading._load_questionnaire_file.cache_clear()


def _copy(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    shutil.copy(VALID / "mini.yaml", path)
    return path


def _no_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("validated again: the cache was not used")

    monkeypatch.setattr(loading, "validate_model", refuse)


def test_a_second_run_uses_the_cached_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _copy(tmp_path)
    first = loading.load_questionnaire(str(path))
    assert list(questionnaire_cache.folder().glob("*.pickle"))
    loading._load_questionnaire_file.cache_clear()
    _no_validation(monkeypatch)
    second = loading.load_questionnaire(str(path))
    assert second == first
    assert isinstance(second, Questionnaire)


def test_an_edited_file_is_parsed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(tmp_path)
    loading.load_questionnaire(str(path))
    loading._load_questionnaire_file.cache_clear()
    path.write_text(path.read_text().replace("title:", "title: Edited", 1) + "\n")
    edited = loading.load_questionnaire(str(path))
    assert edited.title.startswith("Edited")
    assert len(list(questionnaire_cache.folder().glob("*.pickle"))) == 2


def test_a_damaged_entry_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    loading.load_questionnaire(str(path))
    (entry,) = questionnaire_cache.folder().glob("*.pickle")
    entry.write_bytes(b"not a pickle")
    loading._load_questionnaire_file.cache_clear()
    assert loading.load_questionnaire(str(path)).id
    assert questionnaire_cache.get(path.read_text()) is not None  # written anew


def test_an_invalid_questionnaire_is_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text((VALID / "mini.yaml").read_text().replace("weight: ", "weight: x", 1))
    for _ in range(2):  # the second run reports from the file again, not from a cache
        with pytest.raises(InputError):
            loading.load_questionnaire(str(path))
        loading._load_questionnaire_file.cache_clear()
    assert not questionnaire_cache.folder().exists() or not list(
        questionnaire_cache.folder().glob("*.pickle")
    )


def test_no_cache_when_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI_ASSESS_NO_CACHE", "1")
    loading.load_questionnaire(str(_copy(tmp_path)))
    assert not questionnaire_cache.folder().exists()


def test_an_unwritable_cache_folder_is_no_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setattr(questionnaire_cache, "folder", lambda: blocked / "questionnaires")
    assert loading.load_questionnaire(str(_copy(tmp_path))).id


def test_another_model_definition_never_meets_an_old_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two commits of one version with different models (a field added) keep apart: an
    entry pickled by the other would lack the field (AttributeError far from here)."""
    path = _copy(tmp_path)
    loading.load_questionnaire(str(path))
    before = questionnaire_cache.folder()
    assert any(before.glob("*.pickle"))
    questionnaire_cache._models.cache_clear()
    monkeypatch.setattr(questionnaire_cache, "_models", lambda: "another-model")
    loading._load_questionnaire_file.cache_clear()
    assert questionnaire_cache.folder() != before
    assert questionnaire_cache.get(path.read_text(encoding="utf-8")) is None


# --- a questionnaire with its language overlay applied ------------------------------


def _french_pair(tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the bundled questionnaire and of its French overlay, side by side."""
    from ci_assess.files.resources import questionnaires_dir

    source = questionnaires_dir() / "customer-intimacy.yaml"
    path = tmp_path / "ci.yaml"
    shutil.copyfile(source, path)
    overlay = tmp_path / "ci.fr.yaml"
    shutil.copyfile(source.with_name("customer-intimacy.fr.yaml"), overlay)
    return path, overlay


def _localised(path: Path) -> tuple[Questionnaire, tuple[str, ...]]:
    """The French questionnaire and its warnings, as a new run finds them."""
    from ci_assess.files import overlays

    loading._load_questionnaire_file.cache_clear()
    overlays._DONE.clear()
    found = overlays.localise_questionnaire(loading.load_questionnaire(str(path)), "fr")
    return found.questionnaire, found.warnings


def _no_overlay_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    from ci_assess.files import overlays

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("read the overlay again: the cache was not used")

    monkeypatch.setattr(overlays, "read_overlay", refuse)


def test_a_second_run_uses_the_cached_translation(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = _french_pair(tmp_path)
    first = _localised(path)
    assert first[0].title != loading.load_questionnaire(str(path)).title  # translated
    assert len(list(questionnaire_cache.folder().glob("localised-*.pickle"))) == 1
    with monkeypatch.context() as patch:
        _no_overlay_reading(patch)
        assert _localised(path) == first


def test_an_edited_overlay_or_questionnaire_is_read_again(tmp_path: Path) -> None:
    path, overlay = _french_pair(tmp_path)
    _localised(path)
    overlay.write_text(overlay.read_text() + "\n")
    _localised(path)
    path.write_text(path.read_text() + "\n")
    _localised(path)
    assert len(list(questionnaire_cache.folder().glob("localised-*.pickle"))) == 3


def test_the_stale_warnings_come_back_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """They name the overlay's file and line, as read from the file."""
    path, _ = _french_pair(tmp_path)
    questionnaire = loading.load_questionnaire(str(path))
    question = questionnaire.questions[0]
    path.write_text(path.read_text().replace(question.text, "A question asked anew?", 1))
    _, warnings = first = _localised(path)
    assert warnings and all(w.startswith(f"warning: {tmp_path / 'ci.fr.yaml'}:") for w in warnings)
    with monkeypatch.context() as patch:
        _no_overlay_reading(patch)
        assert _localised(path) == first


def test_an_overlay_in_error_is_never_cached(tmp_path: Path) -> None:
    path, overlay = _french_pair(tmp_path)
    overlay.write_text(overlay.read_text().replace("language: fr", "language: fr\nbogus: 1", 1))
    for _ in range(2):  # the second run reports from the file again, not from a cache
        with pytest.raises(InputError, match="bogus"):
            _localised(path)
    assert not list(questionnaire_cache.folder().glob("localised-*.pickle"))


def test_no_translation_is_cached_with_the_caches_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI_ASSESS_NO_CACHE", "1")
    path, _ = _french_pair(tmp_path)
    _localised(path)
    assert not (tmp_path / "cache").exists() or not list((tmp_path / "cache").rglob("localised-*"))


def test_a_translation_applied_by_other_code_is_not_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry's key holds a digest of the code that checks and applies overlays."""
    path, _ = _french_pair(tmp_path)
    _localised(path)
    monkeypatch.setattr(questionnaire_cache, "_localiser", lambda: "other code")
    _localised(path)
    assert len(list(questionnaire_cache.folder().glob("localised-*.pickle"))) == 2


def test_the_key_digests_every_module_a_cached_questionnaire_names() -> None:
    """A pickle names each object's class by its module: when a class moves to another
    module, the key must change, and it does only for modules whose source it digests
    (every module of core/models, see questionnaire_cache._models)."""
    from ci_assess.core import models

    questionnaire = loading.load_questionnaire("customer-intimacy")
    data = pickle.dumps(questionnaire, protocol=pickle.HIGHEST_PROTOCOL)
    named = {
        arg
        for _, arg, _ in pickletools.genops(data)
        if isinstance(arg, str) and arg.startswith("ci_assess.")
    }
    # The outcome and key-account catalogues' classes are the catalogue module's.
    assert {"ci_assess.core.models.questionnaire", "ci_assess.core.models.catalogue"} <= named
    digested = Path(models.__file__).parent
    assert {m for m in named if Path(str(sys.modules[m].__file__)).parent != digested} == set()

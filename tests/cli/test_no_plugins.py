"""The command line runs pydantic without plugins and never imports importlib.metadata.

``ci_assess.cli.no_plugins`` stands in for pydantic's plugin loader; these tests check
that the stand-in still replaces something real, and what it changes in a process.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import types
from pathlib import Path

import pytest
from pydantic.plugin import _schema_validator

from ci_assess.cli import no_plugins
from tests.conftest import EXAMPLE


def test_the_stand_in_replaces_the_module_pydantic_imports() -> None:
    # If pydantic moves or renames its loader, this fails before start-up quietly
    # pays for importlib.metadata again.
    real = Path(_schema_validator.__file__).with_name("_loader.py")
    assert "def get_plugins() -> " in real.read_text(encoding="utf-8")
    source = inspect.getsource(_schema_validator.create_schema_validator)
    assert "from ._loader import get_plugins" in source
    assert f"{_schema_validator.__package__}._loader" == no_plugins.LOADER


CHILD = """
import sys
from ci_assess.cli import main, no_plugins
try:
    main(["validate", sys.argv[1]])  # validates an answers file: builds validators
except SystemExit as done:
    assert done.code == 0, done.code
loader = sys.modules[no_plugins.LOADER]
print(loader.get_plugins is no_plugins.get_plugins, "importlib.metadata" in sys.modules)
"""


@pytest.mark.slow
def test_a_cli_process_builds_validators_without_importlib_metadata() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]


def test_a_loader_imported_already_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    real = types.ModuleType(no_plugins.LOADER)
    monkeypatch.setitem(sys.modules, no_plugins.LOADER, real)
    no_plugins.disable()
    assert sys.modules[no_plugins.LOADER] is real


def test_disable_registers_a_loader_that_finds_no_plugins(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, no_plugins.LOADER, raising=False)
    no_plugins.disable()
    stand_in = sys.modules[no_plugins.LOADER]
    assert stand_in.get_plugins() == ()

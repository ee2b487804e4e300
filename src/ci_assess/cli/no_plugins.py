"""The command line runs pydantic without plugins, and so without importlib.metadata.

pydantic looks for plugins (entry points of the ``pydantic`` group) whenever it
builds a validator: ``create_schema_validator`` imports ``pydantic.plugin._loader``,
which imports ``importlib.metadata`` at its top (email, zipfile, csv and more: about
50 M instructions, 5 % of one report), and then scans every installed distribution.
``PYDANTIC_DISABLE_PLUGINS`` skips only the scan, not the import. typer turns plugins
off for the adapters it builds for options; the tool's own models have no use for
them either: validating an answers file must not change with what else happens to be
installed in the venv.

So before pydantic builds its first validator (``Boundary.main``, before typer
parses the command line), ``disable()`` registers a stand-in for that loader module
which reports no plugins; merely importing ``ci_assess.cli`` changes nothing. It is
never put in front of a real loader already imported. Should pydantic move its
loader, the stand-in goes unused and nothing breaks; ``tests/cli/test_startup.py``
then sees ``importlib.metadata`` imported by a plain report, and
``tests/cli/test_no_plugins.py`` that pydantic's loader is no longer where the
stand-in expects it.
"""

import sys
import types
from collections.abc import Iterable
from typing import Any

LOADER = "pydantic.plugin._loader"


def get_plugins() -> Iterable[Any]:
    """No plugins: the stand-in for ``pydantic.plugin._loader.get_plugins``."""
    return ()


def disable() -> None:
    """Make pydantic find no plugins in this process, without importing their loader."""
    if LOADER in sys.modules:  # imported already (a test run, a library user): keep it
        return
    stand_in = types.ModuleType(LOADER, __doc__)
    stand_in.get_plugins = get_plugins  # type: ignore[attr-defined]
    sys.modules[LOADER] = stand_in

"""Shared fixtures: data paths, loaded models, a CLI runner, and hermetic settings."""

from __future__ import annotations

import os
import pwd
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ci_assess.core.models import trusted
from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.files.loading import load_answers, load_questionnaire

# The store's fixtures: a PostgreSQL server per session, a fresh store per engine.
pytest_plugins = ["tests.store_tools"]

DATA = Path(__file__).parent / "data"
VALID = DATA / "valid"
INVALID = DATA / "invalid"
ROOT = Path(__file__).parents[1]
EXAMPLE = ROOT / "examples" / "northwind.yaml"
# The engagement inventory's ids, a contract of questionnaire 2.0.0 (answers files use them).
ENGAGEMENT_INITIATIVE_IDS = (
    "social_customer_care",
    "online_community",
    "consultative_selling_training",
    "recommendation_engine",
    "voice_of_customer_widget",
    "call_waiting_message",
    "experience_scenarios",
    "social_crm",
    "co_creation",
    "kam_in_sales",
)

# The user's real folders, as they were before any fixture redirected them: the tests
# that show the suite leaves them alone look here.
REAL_HOME = Path(pwd.getpwuid(os.getuid()).pw_dir)
REAL_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or REAL_HOME / ".cache") / "ci-assess"

# The tool's variables (CI_ASSESS_DEBUG, CI_ASSESS_NO_TEMPLATE_CACHE, …) are removed for
# every test, whatever the developer's shell holds; this one is kept: .ci/run sets it
# for the whole suite, to make a missing browser or validator a failure.
TOOL_PREFIX = "CI_ASSESS_"
KEPT_TOOL_VARIABLES = frozenset({"CI_ASSESS_REQUIRE_TOOLS"})


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite the golden report files."
    )


@pytest.fixture(scope="session")
def shared_cache_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """XDG_CACHE_HOME for the whole run. Shared, unlike the other folders: the compiled
    templates kept there are keyed by their source and settings, and compiling them
    again for every test (and every subprocess) would only make the suite slower."""
    return tmp_path_factory.mktemp("xdg-cache")


@pytest.fixture(autouse=True)
def _hermetic(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
    shared_cache_home: Path,
) -> Iterator[None]:
    """Same output everywhere, and nothing read from or written to the user's folders.

    - no colour, a fixed terminal width (rich reads NO_COLOR, FORCE_COLOR, COLUMNS);
    - HOME and the XDG data and config folders are fresh temporary folders for each
      test, the cache folder one for the run; subprocesses inherit them;
    - none of the tool's own variables, except ``KEPT_TOOL_VARIABLES``; one that a test
      sets directly (``main`` sets CI_ASSESS_DEBUG for ``--debug``) is removed after it.
    """
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    folders = tmp_path_factory.mktemp("user")
    for variable, name in (
        ("HOME", "home"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        (folders / name).mkdir()
        monkeypatch.setenv(variable, str(folders / name))
    monkeypatch.setenv("XDG_CACHE_HOME", str(shared_cache_home))
    for variable in _tool_variables():
        monkeypatch.delenv(variable)
    yield
    for variable in _tool_variables():
        del os.environ[variable]  # set by the test itself: monkeypatch cannot undo it


def _tool_variables() -> list[str]:
    return [v for v in os.environ if v.startswith(TOOL_PREFIX) and v not in KEPT_TOOL_VARIABLES]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def mini() -> Questionnaire:
    return load_questionnaire(str(VALID / "mini.yaml"))


@pytest.fixture
def mini_answers() -> AnswersFile:
    return load_answers(str(VALID / "mini-answers.yaml")).answers


def interruptible() -> None:
    """``preexec_fn`` for a child that a test interrupts with SIGINT, as Ctrl-C would.

    A process started with SIGINT ignored (a background job of a non-interactive
    shell, as some CI runners start the suite) passes that on, and Python then
    installs no KeyboardInterrupt handler: the child would never see the signal.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)


# Every report part scoring builds without validating is built both ways and compared
# (core/models/trusted.py): a call site relying on coercion fails here, not in a report.
trusted.CHECK = True

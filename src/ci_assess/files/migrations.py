"""The bundled questionnaire migrations (``questionnaires/migrations/*.yaml``), read and checked.

A migration is bundled data, but it is checked like any input: against the two
questionnaires it joins, every problem with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from ci_assess.core.migration import mapping_problems
from ci_assess.core.models.migration import Migration
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError, Problem
from ci_assess.files import yamlio
from ci_assess.files.loading import validate_model
from ci_assess.files.resources import questionnaires_dir


def migrations_dir() -> Path:
    """Folder of the bundled migrations."""
    return questionnaires_dir() / "migrations"


def load_migration(path: Path) -> Migration:
    """Read and validate one migration file."""
    source = str(path)
    text = yamlio.read_text(source)
    return validate_model(Migration, yamlio.parse(source, text), source, text)


def find_migration(questionnaire_id: str, version: str) -> tuple[Path, Migration] | None:
    """The bundled migration from ``questionnaire_id`` at ``version``, if there is one."""
    for path in sorted(migrations_dir().glob("*.yaml")):
        migration = load_migration(path)
        if (migration.source.questionnaire, migration.source.version) == (
            questionnaire_id,
            version,
        ):
            return path, migration
    return None


def check_migration(
    path: Path, migration: Migration, old: Questionnaire, new: Questionnaire
) -> None:
    """Raise InputError, with lines, when ``migration`` does not join ``old`` to ``new``."""
    found = mapping_problems(migration, old, new)
    if not found:
        return
    source = str(path)
    text = yamlio.read_text(source)
    raise InputError([Problem(source, msg, yamlio.line_of(text, loc)) for loc, msg in found])

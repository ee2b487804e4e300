"""Move an answers file to the next version of its questionnaire, into a new file.

Never in place: the old file is the record of what the respondent said against the
old questions, and it stays as it is. The new file holds the answers that mean the
same in the new version; every other question is left unanswered, with the old
answer written as a comment above it, so that the consultant answers it afresh.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ci_assess.core.migration import MigrationPlan, NotCarried, plan_migration
from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError, UsageError
from ci_assess.files import yamlio
from ci_assess.files.answers_yaml import commented_answers_yaml, plain_number
from ci_assess.files.blank import engagement_block
from ci_assess.files.loading import answers_from_data, load_answers, load_questionnaire
from ci_assess.files.migrations import check_migration, find_migration
from ci_assess.files.writing import write_atomic


@dataclass(frozen=True)
class Migrated:
    """What ``migrate`` wrote, and what it could not carry over."""

    output: Path
    old_version: str
    new_version: str
    plan: MigrationPlan
    dropped_targets: tuple[str, ...]
    facts: tuple[str, ...] = ()
    """The other keys copied as given (industry, outcomes, language, …)."""

    @property
    def not_carried(self) -> tuple[NotCarried, ...]:
        """Old answers left as comments (or dropped) rather than copied."""
        return self.plan.not_carried

    def lines(self) -> list[str]:
        """What the consultant must look at: one line per answer not carried, then counts."""
        lines = [f"not carried: {item.line()}" for item in self.not_carried]
        lines += [
            f"not carried: targets.{group}: no such group in {self.new_version}"
            for group in self.dropped_targets
        ]
        if self.facts:
            lines.append(f"carried as given: {', '.join(self.facts)}")
        lines.append(
            f"{self.output}: {len(self.plan.carried)} answer(s) copied, "
            f"{len(self.not_carried)} not carried (left as comments), "
            f"{len(self.plan.new_questions)} question(s) new in {self.new_version}"
        )
        return lines


def migrate_file(path: str, output: Path) -> Migrated:
    """Write ``output``: the answers of ``path`` moved to the next questionnaire version.

    Raises UsageError when ``output`` is the input or already exists, and InputError
    when the input is not a valid answers file or no migration starts at its version.
    """
    _refuse_output(path, output)
    loaded = load_answers(path)
    old = loaded.questionnaire
    found = find_migration(old.id, old.version)
    if found is None:
        raise InputError.single(
            loaded.source,
            f"no migration from questionnaire {old.id} {old.version}",
            hint="ci-assess migrate moves answers of a bundled questionnaire to its next "
            "version; this file may already be current",
        )
    mapping_path, migration = found
    new = load_questionnaire(migration.target.questionnaire)
    check_migration(mapping_path, migration, old, new)
    plan = plan_migration(loaded.answers.answers, old, new, migration)
    metadata, dropped = _metadata(loaded.answers, migration.target.questionnaire, new)
    facts = _facts(loaded.answers, _folder_of(loaded.source), output.parent)
    metadata |= facts
    text = commented_answers_yaml(
        _header(loaded.source, old, new),
        metadata,
        plan.carried,
        new,
        _comments(plan, old),
        engagement_block(new),  # new in format 2: the consultant takes the inventory
    )
    _check_loads(output, text)
    write_atomic(output, text)
    return Migrated(output, old.version, new.version, plan, dropped, tuple(facts))


def _refuse_output(path: str, output: Path) -> None:
    """Never in place, and never over an existing file (not even with a flag)."""
    if str(output) == "-":
        raise UsageError("-o: give a file name for the migrated answers")
    if path != "-" and (Path(path).resolve() == output.resolve()):
        raise UsageError(
            f"-o {output} is the input file: migrate never rewrites it in place"
            "\n  hint: give a new file name, e.g. -o northwind-v2.yaml"
        )
    if output.exists():
        raise UsageError(
            f"{output} exists; migrate never overwrites a file\n  hint: choose a new file name"
        )


def _metadata(
    answers: AnswersFile, ref: str, new: Questionnaire
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The old file's metadata for the new version, and the target overrides dropped."""
    person = answers.respondent.model_dump(exclude_none=True) if answers.respondent else {}
    kept = {g: plain_number(v) for g, v in answers.targets.items() if g in new.group_map}
    dropped = tuple(g for g in answers.targets if g not in new.group_map)
    optional: dict[str, Any] = {
        "assessed_on": answers.assessed_on,
        "assessor": answers.assessor,
        "respondent": person or None,
        "target_discipline": str(answers.target_discipline) if answers.target_discipline else None,
        "targets": kept or None,
    }
    data = {"questionnaire": ref, "questionnaire_version": new.version, "company": answers.company}
    return data | {k: v for k, v in optional.items() if v is not None}, dropped


# The keys _metadata writes, the answers themselves and the engagement inventory (new in
# format 2, written as a commented block): every other key of an answers file is a fact
# about the company (industry, outcomes, key accounts, language, …) and is copied as given.
_NOT_FACTS = frozenset(
    {
        "questionnaire",
        "questionnaire_version",
        "company",
        "assessed_on",
        "assessor",
        "respondent",
        "target_discipline",
        "targets",
        "answers",
        "engagement",
    }
)
# Facts that name a file relative to the answers file: rebased onto the new file's folder.
_PATH_FACTS = ("customers", "key_accounts")


def _facts(answers: AnswersFile, source_dir: Path, output_dir: Path) -> dict[str, Any]:
    """Every fact the old file gives, as given: migrate must never drop what was typed.

    Taken from the model's fields rather than a list of names, so that a key added to
    answers files later is carried too; ``exclude_unset`` keeps it to what the file said.
    """
    fields = [name for name in AnswersFile.model_fields if name not in _NOT_FACTS]
    given = answers.model_dump(include=set(fields), exclude_unset=True)
    facts = {name: _plain(given[name]) for name in fields if name in given}
    for name in _PATH_FACTS:
        if isinstance(facts.get(name), str):
            facts[name] = _rebased(facts[name], source_dir, output_dir)
    return facts


def _plain(value: Any) -> Any:
    """``value`` as YAML can write it: tuples as lists, numbers as the file had them."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _folder_of(source: str) -> Path:
    """The folder relative paths in ``source`` are read from, as loading reads them."""
    return Path.cwd() if source == "<stdin>" else Path(source).parent


def _rebased(relative: str, source_dir: Path, output_dir: Path) -> str:
    """``relative`` (to ``source_dir``) as the new file must write it, POSIX separators."""
    if Path(relative).is_absolute():
        return relative
    target = (source_dir / relative).resolve()
    return Path(os.path.relpath(target, output_dir.resolve())).as_posix()


def _header(source: str, old: Questionnaire, new: Questionnaire) -> list[str]:
    return [
        f"Answers moved by 'ci-assess migrate' from {source} "
        f"({old.id} {old.version} -> {new.version}).",
        f"Answers whose question means the same in {new.version} were copied. The other",
        f"questions are unanswered; a comment above each gives the {old.version} answer",
        "and why it was not copied: answer them afresh.",
    ]


def _comments(plan: MigrationPlan, old: Questionnaire) -> dict[str, list[str]]:
    comments = {qid: list(lines) for qid, lines in plan.hints.items()}
    for qid in plan.new_questions:
        comments.setdefault(qid, []).append(f"new: no {old.version} question asked this")
    return comments


def _check_loads(output: Path, text: str) -> None:
    """Never write a file that ``report`` would refuse: that would be a bug here."""
    source = str(output)
    try:
        answers_from_data(yamlio.parse(source, text), source, text, output.parent)
    except InputError as exc:
        raise RuntimeError(f"migrated answers do not load: {exc.message}") from exc

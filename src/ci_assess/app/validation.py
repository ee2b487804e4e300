"""`ci-assess validate`: tell a questionnaire from an answers file and check it."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import CiAssessError, ExitCode, InputError, internal_error_line
from ci_assess.files import yamlio
from ci_assess.files.loading import answers_from_data, read_answers, validate_model
from ci_assess.files.overlays import is_overlay_data, questionnaire_of, read_overlay


@dataclass(frozen=True)
class Checked:
    """What validating one file found: its kind, an error, or a bug (one line and traceback)."""

    name: str
    """The file as messages name it (``<stdin>`` for ``-``)."""
    kind: str | None = None
    error: CiAssessError | None = None
    internal: str | None = None
    traceback: str | None = None

    @property
    def exit_code(self) -> ExitCode:
        if self.internal is not None:
            return ExitCode.INTERNAL
        return ExitCode(self.error.exit_code) if self.error is not None else ExitCode.OK


def validate_files(paths: Iterable[str]) -> Iterator[Checked]:
    """Validate each file in turn, yielding its outcome as soon as it is known.

    A bug on one file is that file's outcome (named, with its traceback as text), not
    the end of the run: the files after it are still checked.
    """
    for path in paths:
        name = yamlio.source_name(path)
        try:
            kind = validate_file(path)
        except CiAssessError as exc:
            yield Checked(name, error=exc)
        except Exception as exc:  # a bug, on this file: the others are still checked
            yield Checked(
                name,
                internal=internal_error_line(exc, where=name),
                traceback="".join(traceback.format_exception(exc)),
            )
        else:
            yield Checked(name, kind=kind)


def validate_file(path: str) -> str:
    """Validate ``path``; return what kind of file it was. Raises InputError.

    The file is read and parsed once, then checked as what its keys say it is: an
    answers file by the same code as ``report``, so both report the same problems.
    """
    source = yamlio.source_name(path)
    text = yamlio.read_text(path)
    data = yamlio.parse(source, text)
    if is_overlay_data(data):
        read_overlay(Path(path), questionnaire_of(Path(path), data), text, data)
        return "overlay"
    if "questions" in data:
        validate_model(Questionnaire, data, source, text)
        return "questionnaire"
    if "answers" in data or "company" in data:
        read = read_answers(path, text, parsed=data)
        answers_from_data(read.data, read.source, read.text, read.base)
        return "answers"
    raise InputError.single(
        source,
        "is neither a questionnaire (no 'questions' key), an answers file (no 'answers' "
        "key) nor a language overlay (no 'overlay' key)",
        line=1,
    )

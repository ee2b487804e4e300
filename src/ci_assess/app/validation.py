"""`ci-assess validate`: tell a questionnaire from an answers file and check it."""

from __future__ import annotations

from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.errors import InputError
from ci_assess.files import yamlio
from ci_assess.files.loading import answers_from_data, read_answers, validate_model


def validate_file(path: str) -> str:
    """Validate ``path``; return what kind of file it was. Raises InputError.

    The file is read and parsed once, then checked as what its keys say it is: an
    answers file by the same code as ``report``, so both report the same problems.
    """
    source = yamlio.source_name(path)
    text = yamlio.read_text(path)
    data = yamlio.parse(source, text)
    if "questions" in data:
        validate_model(Questionnaire, data, source, text)
        return "questionnaire"
    if "answers" in data or "company" in data:
        read = read_answers(path, text, parsed=data)
        answers_from_data(read.data, read.source, read.text, read.base)
        return "answers"
    raise InputError.single(
        source,
        "is neither a questionnaire (no 'questions' key) nor an answers file (no 'answers' key)",
        line=1,
    )

"""What building the models costs: nothing at import, no builtin default factories.

Building some 40 model classes was a sixth of one report's instructions. A class
builds its validator on first use (``defer_build``), so a run pays only for the models
it validates; a questionnaire from the pickle cache validates nothing.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from ci_assess.core.models import answers, base, catalogue, migration, questionnaire, report


def model_classes() -> Iterator[type[BaseModel]]:
    """Every model class the core defines."""
    for module in (answers, base, catalogue, migration, questionnaire, report):
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, BaseModel) and cls.__module__ == module.__name__:
                yield cls


def test_no_field_has_a_builtin_type_as_default_factory() -> None:
    # pydantic inspects a factory's signature; for `list` or `dict` that means
    # tokenizing a builtin's text signature (compiling tokenize's patterns).
    found = [
        f"{cls.__name__}.{name}"
        for cls in model_classes()
        for name, field in cls.model_fields.items()
        if isinstance(field.default_factory, type)
        and not issubclass(field.default_factory, BaseModel)
    ]
    assert found == []
    assert sum(1 for _ in model_classes()) > 30, "the model modules were not read"


CHILD = """
import tokenize
from ci_assess.core.models import answers, questionnaire, report
from ci_assess.core.models.questionnaire import Questionnaire
built = [m.__name__ for m in (Questionnaire, report.Report, answers.AnswersFile)
         if m.__pydantic_complete__]
answers.AnswersFile.model_rebuild(force=True)  # what validating an answers file builds
print(built, tokenize._compile.cache_info().currsize)
"""


@pytest.mark.slow
def test_importing_the_models_builds_no_validator_and_answers_tokenize_nothing() -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=False, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "0"]


def test_a_deferred_model_still_validates_on_first_use() -> None:
    respondent = answers.Respondent.model_validate({"role": "COO"})
    assert respondent.role == "COO"
    assert answers.Respondent.__pydantic_complete__

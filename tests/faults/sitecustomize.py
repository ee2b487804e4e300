"""Faults planted in every process of a ci-assess run, for the batch tests.

A test puts this folder on PYTHONPATH, so Python imports this module at start-up in
the process it starts *and* in each worker that process spawns (a spawned worker
is a fresh interpreter: a patch made in the parent only would not reach it). Each
fault is off unless its variable is set, and then nothing of ci-assess is imported:

- ``FAULT_BUG_COMPANY=NAME``: scoring the answers of company NAME raises RuntimeError,
  a bug rather than an input error;
- ``FAULT_BUG_VALIDATE=NAME``: validating the answers of company NAME raises
  RuntimeError (``ci-assess validate``);
- ``FAULT_SLOW_RENAME=SECONDS``: each atomic write waits that long between writing
  its temporary file and renaming it, so that a test can interrupt a run while a
  temporary file exists;
- ``FAULT_START_METHOD=spawn``: a parallel batch starts its workers that way.
"""

from __future__ import annotations

import os
import pathlib
import time
from typing import Any


def _plant_bug(company: str) -> None:
    import ci_assess.app.assess as assess_module  # the module whose 'score' assess() calls

    namespace = vars(assess_module)  # 'score' is imported there, not exported
    real = namespace["score"]

    def score(questionnaire: Any, answers: Any) -> Any:
        if answers.company == company:
            raise RuntimeError(f"planted fault for {company}")
        return real(questionnaire, answers)

    namespace["score"] = score


def _plant_validation_bug(company: str) -> None:
    import ci_assess.app.validation as validation_module

    namespace = vars(validation_module)  # 'answers_from_data' is imported there
    real = namespace["answers_from_data"]

    def answers_from_data(data: Any, *args: Any, **kwargs: Any) -> Any:
        if data.get("company") == company:
            raise RuntimeError(f"planted fault for {company}")
        return real(data, *args, **kwargs)

    namespace["answers_from_data"] = answers_from_data


def _slow_renames(seconds: float) -> None:
    real = pathlib.Path.replace

    def replace(self: pathlib.Path, target: Any) -> pathlib.Path:
        if self.name.endswith(".tmp"):
            time.sleep(seconds)
        return real(self, target)

    pathlib.Path.replace = replace  # type: ignore[method-assign,assignment]


def _start_workers_by(method: str) -> None:
    from ci_assess.app import batch

    batch._start_method = lambda: method


if company := os.environ.get("FAULT_BUG_COMPANY"):
    _plant_bug(company)
if company := os.environ.get("FAULT_BUG_VALIDATE"):
    _plant_validation_bug(company)
if seconds := os.environ.get("FAULT_SLOW_RENAME"):
    _slow_renames(float(seconds))
if method := os.environ.get("FAULT_START_METHOD"):
    _start_workers_by(method)

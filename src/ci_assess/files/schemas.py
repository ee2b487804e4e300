"""JSON Schemas generated from the pydantic models: the one source of the file formats.

The same schemas are committed under ``schemas/`` (a test keeps them in sync) and
ship in the wheel, so an editor can validate answers files from a stable path.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.files.resources import bundled_dir

MODELS: dict[str, type[BaseModel]] = {
    "questionnaire": Questionnaire,
    "answers": AnswersFile,
    "report": Report,
}


def schema(kind: str) -> dict[str, Any]:
    """JSON Schema for ``kind``: questionnaire, answers or report."""
    model = MODELS[kind]
    # The report is output (serialisation); the others are input files (validation).
    if kind == "report":
        generated = model.model_json_schema(mode="serialization")
    else:
        generated = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"ci-assess/{kind}.schema.json",
        **generated,
    }


def schema_text(kind: str) -> str:
    """The schema as the stable, indented JSON text committed under ``schemas/``."""
    return json.dumps(schema(kind), indent=2, ensure_ascii=False) + "\n"


def shipped_schema_uri(kind: str) -> str:
    """``file://`` URI of the schema shipped with this installation."""
    return (bundled_dir("schemas") / f"{kind}.schema.json").resolve().as_uri()

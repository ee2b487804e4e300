"""JSON Schemas generated from the pydantic models: the one source of the file formats.

The same schemas are committed under ``schemas/`` (a test keeps them in sync) and
ship in the wheel, so an editor can validate answers files from a stable path.

The report schema is also fingerprinted: ``schemas/report.schema.version`` records,
for each report ``schema_version``, the SHA-256 of the schema's structure, and a test
fails when the structure changes while the version stays.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from pydantic import BaseModel

from ci_assess.core.models.answers import AnswersFile
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.report import Report
from ci_assess.core.overlay import OverlayHeader, generic_schema, overlay_model
from ci_assess.files.resources import bundled_dir

MODELS: dict[str, type[BaseModel]] = {
    "questionnaire": Questionnaire,
    "answers": AnswersFile,
    "report": Report,
    "overlay": OverlayHeader,  # the header only: the schema is built per language, below
}


def schema(kind: str) -> dict[str, Any]:
    """JSON Schema for ``kind``: questionnaire, answers, report or overlay."""
    model = MODELS[kind]
    # The report is output (serialisation); the others are input files (validation).
    if kind == "report":
        generated = model.model_json_schema(mode="serialization")
    elif kind == "overlay":  # any language's model, with the entry's key made generic
        generated = generic_schema(overlay_model("fr").model_json_schema(mode="validation"))
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


def _structure(node: Any) -> Any:
    """The schema without its prose: descriptions and titles (str values) left out.

    Rewording a description changes no key, type or rule, so it needs no new version;
    a property called ``title`` maps to a schema (a dict) and is kept.
    """
    if isinstance(node, dict):
        return {
            k: _structure(v)
            for k, v in node.items()
            if not (k in ("description", "title") and isinstance(v, str))
        }
    if isinstance(node, list):
        return [_structure(v) for v in node]
    return node


def report_fingerprint() -> str:
    """SHA-256 of the report schema's canonical structure, without the version itself."""
    generated = schema("report")
    del generated["properties"]["schema_version"]["default"]
    canonical = json.dumps(
        _structure(generated), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

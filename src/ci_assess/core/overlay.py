"""Language overlays of a questionnaire: their model, built from the markers, and applying one.

An overlay (``customer-intimacy.fr.yaml`` beside ``customer-intimacy.yaml``) holds only
the translatable strings of its questionnaire, keyed by the source's ids, each with the
hash of the source text it translates::

    overlay: customer-intimacy
    language: fr
    questions:
      direction.value_proposition:
        text: {fr: "…", source: 3f9a1c2e}

The overlay's model is derived from the questionnaire model: every field marked
``Text`` (``core.models.text``) is translatable, every list of items becomes a mapping
keyed by the item's id (``level`` for the scale, ``min_score`` for the maturity bands),
and nothing else (ids, levels, weights, rules) can appear. A field added to the model
as ``Text`` is therefore translatable in every overlay without touching this module.

Applying an overlay is per field: an entry whose ``source`` hash matches the source
text replaces it; a missing entry, or a stale one (the source text changed since it
was translated), leaves the source text in place and is reported.
"""

from __future__ import annotations

import hashlib
import types
import typing
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field, create_model

from ci_assess.core.language import TAG_PATTERN
from ci_assess.core.models.base import StrictModel
from ci_assess.core.models.described import description
from ci_assess.core.models.questionnaire import Questionnaire
from ci_assess.core.models.text import ID, TRANSLATABLE

Loc = tuple[str | int, ...]
HASH_LENGTH = 8
SourceHash = Annotated[
    str,
    Field(
        pattern=r"^[0-9a-f]{8}$",
        description="First 8 hex digits of the SHA-256 of the NFC source text translated.",
    ),
]
Kind = Literal["text", "text_list", "text_map", "model", "model_list", "model_map"]


def source_hash(text: str) -> str:
    """The first 8 hex digits of the SHA-256 of ``text`` in Unicode NFC, as UTF-8."""
    normal = unicodedata.normalize("NFC", text).encode("utf-8")
    return hashlib.sha256(normal).hexdigest()[:HASH_LENGTH]


# --- what the model says is translatable ---------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One field of a model that holds translatable text, directly or below it."""

    name: str
    kind: Kind
    model: type[BaseModel] | None = None
    """The item model of a ``model*`` kind."""


def _unwrap(annotation: Any) -> tuple[Any, tuple[Any, ...]]:
    """The type without ``Annotated`` and ``| None``, and the Annotated metadata seen."""
    metadata: tuple[Any, ...] = ()
    while True:
        if get_origin(annotation) is Annotated:
            metadata += annotation.__metadata__
            annotation = get_args(annotation)[0]
            continue
        if get_origin(annotation) in (typing.Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, metadata


def _classify(annotation: Any, metadata: tuple[Any, ...] = ()) -> tuple[Kind | None, Any]:
    """What a field's type holds, as far as translation goes."""
    base, inner = _unwrap(annotation)
    metadata = (*metadata, *inner)
    if base is str:
        return ("text", None) if TRANSLATABLE in metadata else (None, None)
    origin = get_origin(base)
    if origin is list:
        kind, model = _classify(get_args(base)[0])
        return {"text": "text_list", "model": "model_list"}.get(kind or ""), model  # type: ignore[return-value]
    if origin is dict:
        kind, model = _classify(get_args(base)[1])
        return {"text": "text_map", "model": "model_map"}.get(kind or ""), model  # type: ignore[return-value]
    if isinstance(base, type) and issubclass(base, BaseModel) and slots(base):
        return "model", base
    return None, None


_VISITING: set[type[BaseModel]] = set()


@cache
def slots(model: type[BaseModel]) -> tuple[Slot, ...]:
    """The fields of ``model`` with translatable text, in declaration order."""
    if model in _VISITING:  # a recursive model (a condition's any_of): no text on the way
        return ()
    _VISITING.add(model)
    try:
        found = []
        for name, info in model.model_fields.items():
            kind, item = _classify(info.annotation, tuple(info.metadata))
            if kind is not None:
                found.append(Slot(name, kind, item))
        return tuple(found)
    finally:
        _VISITING.discard(model)


def item_key(model: type[BaseModel]) -> str:
    """The field that keys a list's items in an overlay: ``id``, or the model's own."""
    key: str = getattr(model, "overlay_key", "id")
    return key


def string_fields(model: type[BaseModel]) -> Iterator[tuple[str, str, bool, bool]]:
    """Every ``str`` reachable from ``model``: (model, field, translatable, id).

    For the test that every string of the questionnaire is one or the other.
    """
    seen: set[type[BaseModel]] = set()
    todo = [model]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        for name, info in current.model_fields.items():
            for leaf, metadata in _leaves(info.annotation, tuple(info.metadata)):
                if isinstance(leaf, type) and issubclass(leaf, BaseModel):
                    todo.append(leaf)
                elif leaf is str:
                    yield current.__name__, name, TRANSLATABLE in metadata, ID in metadata


def _leaves(annotation: Any, metadata: tuple[Any, ...]) -> Iterator[tuple[Any, tuple[Any, ...]]]:
    """The leaf types of an annotation, each with the Annotated metadata on its way."""
    if get_origin(annotation) is Annotated:
        yield from _leaves(get_args(annotation)[0], (*metadata, *annotation.__metadata__))
    elif get_origin(annotation) is Literal or (
        isinstance(annotation, type) and issubclass(annotation, Enum)
    ):
        return  # a closed set of ids
    elif get_args(annotation):
        for arg in get_args(annotation):
            yield from _leaves(arg, metadata if get_origin(annotation) is not dict else ())
        if get_origin(annotation) is dict:  # a dict's key carries its own metadata
            return
    else:
        yield annotation, metadata


# --- the overlay file's model ----------------------------------------------------------


class OverlayHeader(StrictModel):
    """What every overlay starts with: the questionnaire it translates and the language."""

    overlay: Annotated[str, ID] = Field(
        pattern=r"^[a-z0-9][a-z0-9_-]*$",
        description="The id of the questionnaire this overlay translates.",
    )
    language: Annotated[str, ID] = Field(
        pattern=TAG_PATTERN,
        description="BCP 47 language tag of the translations (fr, fr-CH, de …); the file "
        "is named <questionnaire>.<language>.yaml.",
    )


class Entry(StrictModel):
    """One translated string: ``{<language>: text, source: hash}``."""

    text: str
    source: str


@cache
def entry_model(language: str) -> type[Entry]:
    """The entry of a ``language`` overlay: the translation under the language's own key."""
    return create_model(
        "Entry",
        __base__=Entry,
        text=(str, Field(alias=language, min_length=1, description="The translation.")),
        source=(SourceHash, ...),
    )


@cache
def overlay_model(language: str) -> type[OverlayHeader]:
    """The model of a ``language`` overlay of a questionnaire (strict keys throughout)."""
    entry = entry_model(language)
    fields = _overlay_fields(Questionnaire, entry)
    model: type[OverlayHeader] = create_model(
        "QuestionnaireOverlay",
        __base__=OverlayHeader,
        __doc__="A language overlay of a questionnaire: its translatable strings only.",
        **fields,
    )
    return model


def _overlay_fields(model: type[BaseModel], entry: type[Entry]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for slot in slots(model):
        info = model.model_fields[slot.name]
        annotation: Any
        if slot.kind == "text":
            annotation = entry
        elif slot.kind == "text_list":
            annotation = dict[int, entry]  # type: ignore[valid-type]
        elif slot.kind == "text_map":
            annotation = dict[_key_type(_unwrap(info.annotation)[0]), entry]  # type: ignore[misc]
        else:
            assert slot.model is not None
            sub = _item_overlay(slot.model, entry)
            if slot.kind == "model":
                annotation = sub
            elif slot.kind == "model_map":
                annotation = dict[_key_type(_unwrap(info.annotation)[0]), sub]  # type: ignore[misc]
            else:
                key_info = slot.model.model_fields[item_key(slot.model)]
                annotation = dict[_plain(key_info), sub]  # type: ignore[misc]
        # Optional by default, never null: an entry left out falls back to the source.
        fields[slot.name] = (annotation, Field(None, description=description(model, slot.name)))
    return fields


def generic_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A language's overlay schema made language-neutral: an entry's key is any tag."""
    defs = schema.get("$defs", {})
    defs["Entry"] = {
        "type": "object",
        "title": "Entry",
        "description": "One translated string: the translation under the overlay's "
        "language tag (fr: …) and source, the first 8 hex digits of the SHA-256 of the "
        "NFC source text it translates. The tag must be the file's language.",
        "properties": {"source": {"type": "string", "pattern": "^[0-9a-f]{8}$"}},
        "patternProperties": {TAG_PATTERN: {"type": "string", "minLength": 1}},
        "required": ["source"],
        "minProperties": 2,
        "maxProperties": 2,
        "additionalProperties": False,
    }
    return schema


def _key_type(mapping: Any) -> Any:
    return get_args(mapping)[0]


def _plain(info: Any) -> Any:
    """An item's key field as the type of a mapping key (its constraints kept)."""
    if info.metadata:
        return Annotated[(info.annotation, *info.metadata)]
    return info.annotation


@cache
def _item_overlay(model: type[BaseModel], entry: type[Entry]) -> type[BaseModel]:
    return create_model(
        f"{model.__name__}Overlay",
        __base__=StrictModel,
        __doc__=f"The translatable strings of one {model.__name__} of the questionnaire.",
        **_overlay_fields(model, entry),
    )


# --- applying an overlay -----------------------------------------------------------------


@dataclass
class Findings:
    """Where an overlay did not translate: each entry's key path in the overlay file."""

    missing: list[Loc] = field(default_factory=list)
    stale: list[Loc] = field(default_factory=list)
    unknown: list[Loc] = field(default_factory=list)
    """Keys naming an item the questionnaire does not have."""


@dataclass(frozen=True)
class Localised:
    """A questionnaire with an overlay applied, and what stayed in the source language."""

    questionnaire: Questionnaire
    findings: Findings


def localise(questionnaire: Questionnaire, overlay: BaseModel) -> Localised:
    """``questionnaire`` with every current entry of ``overlay`` in place of its source text.

    Ids, levels, weights and rules are the source's (the overlay cannot hold them), so
    the result scores exactly as the source does.
    """
    findings = Findings()
    translated = _apply(questionnaire, overlay, (), findings)
    assert isinstance(translated, Questionnaire)
    return Localised(translated, findings)


def _apply(obj: BaseModel, overlay: BaseModel | None, at: Loc, found: Findings) -> BaseModel:
    update: dict[str, Any] = {}
    for slot in slots(type(obj)):
        value = getattr(obj, slot.name)
        given = getattr(overlay, slot.name) if overlay is not None else None
        where = (*at, slot.name)
        new = _apply_slot(slot, value, given, where, found)
        if new is not value:
            update[slot.name] = new
    if not update:
        return obj
    values = {name: getattr(obj, name) for name in type(obj).model_fields}
    # model_construct, not model_copy: a copy would carry cached properties (a
    # questionnaire's question_map) that still hold the untranslated items.
    return type(obj).model_construct(_fields_set=set(obj.model_fields_set), **{**values, **update})


def _apply_slot(slot: Slot, value: Any, given: Any, at: Loc, found: Findings) -> Any:
    if value is None:
        return None
    if slot.kind == "text":
        return _text(value, given, at, found)
    if slot.kind == "model":
        return _apply(value, given, at, found)
    if slot.kind in ("text_list", "model_list"):
        keys = (
            list(range(len(value)))
            if slot.kind == "text_list"
            else [getattr(item, item_key(type(item))) for item in value]
        )
        items = dict(zip(keys, value, strict=True))
    else:
        items = dict(value)
    given = given or {}
    found.unknown.extend((*at, _shown(k)) for k in given if k not in items)
    out = {
        k: (
            _text(v, given.get(k), (*at, _shown(k)), found)
            if slot.kind in ("text_list", "text_map")
            else _apply(v, given.get(k), (*at, _shown(k)), found)
        )
        for k, v in items.items()
    }
    if all(out[k] is items[k] for k in items):
        return value
    return list(out.values()) if slot.kind in ("text_list", "model_list") else out


def _shown(key: Any) -> str | int:
    """A key as the file writes it: a maturity band's 25.0 is ``25``."""
    if isinstance(key, float) and key.is_integer():
        return int(key)
    return key if isinstance(key, int) else str(key)


def _text(source: str, entry: Entry | None, at: Loc, found: Findings) -> str:
    if not source:
        return source  # nothing to translate
    if entry is None:
        found.missing.append(at)
        return source
    if entry.source != source_hash(source):
        found.stale.append(at)
        return source
    return entry.text


def loc_text(loc: Loc) -> str:
    """A key path as a dotted name: ``questions.direction.value_proposition.levels.2``."""
    return ".".join(str(part) for part in loc)


def source_texts(obj: BaseModel, at: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every non-empty translatable string of ``obj``, with its key path in an overlay."""
    for slot in slots(type(obj)):
        value = getattr(obj, slot.name)
        where = (*at, slot.name)
        if value is None:
            continue
        if slot.kind == "text":
            if value:
                yield where, value
        elif slot.kind == "model":
            yield from source_texts(value, where)
        else:
            if slot.kind == "text_list":
                items: dict[Any, Any] = dict(enumerate(value))
            elif slot.kind == "model_list":
                items = {getattr(item, item_key(type(item))): item for item in value}
            else:
                items = dict(value)
            for key, item in items.items():
                if isinstance(item, BaseModel):
                    yield from source_texts(item, (*where, _shown(key)))
                elif item:
                    yield (*where, _shown(key)), item

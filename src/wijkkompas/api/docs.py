"""The API documentation page (/api/docs/), rendered on the server from the generated
OpenAPI schema, so that it is accessible (Swagger UI fails WCAG checks we cannot fix by
configuring it) and loads nothing but our own style sheet.

:func:`documentation` turns the schema into tags → operations (method, path, summary,
description, parameters, request body fields, responses) and the schemas they refer to.
The schema is generated once per process and language (it is the same for every user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

_REF = "#/components/schemas/"
_METHODS = ("get", "post", "put", "patch", "delete")
_cache: dict[str, Documentation] = {}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    ref: str  # the schema it refers to ("" for none)
    required: bool
    description: str


@dataclass(frozen=True)
class Response:
    status: str
    description: str
    media_types: list[str]
    ref: str
    type: str


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    anchor: str
    summary: str
    description: str
    parameters: list[Field]
    body_ref: str
    body_fields: list[Field]
    responses: list[Response]
    token: bool


@dataclass(frozen=True)
class Tag:
    name: str
    anchor: str
    operations: list[Operation]


@dataclass(frozen=True)
class Schema:
    name: str
    anchor: str
    description: str
    fields: list[Field]
    enum: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Documentation:
    title: str
    version: str
    description: str
    tags: list[Tag]
    schemas: list[Schema]


def schema_anchor(name: str) -> str:
    return f"schema-{name}"


def _ref_name(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref", "")
    return ref.removeprefix(_REF) if ref.startswith(_REF) else ""


def type_of(schema: dict[str, Any]) -> tuple[str, str]:
    """(a short type description, the schema it refers to or "")."""
    if not schema:
        return "any", ""
    if name := _ref_name(schema):
        return name, name
    for combinator in ("allOf", "oneOf", "anyOf"):
        if combinator in schema:
            parts = [type_of(part) for part in schema[combinator]]
            refs = [ref for _text, ref in parts if ref]
            text = " | ".join(text for text, _ref in parts)
            if schema.get("nullable"):
                text += " | null"
            return text, refs[0] if refs else ""
    kind = schema.get("type", "object")
    if kind == "array":
        text, ref = type_of(schema.get("items", {}))
        out = f"array of {text}"
    else:
        ref = ""
        out = str(kind)
        if schema.get("format"):
            out += f" ({schema['format']})"
        if "enum" in schema:
            out += ": " + ", ".join(str(v) for v in schema["enum"] if v not in (None, ""))
    if schema.get("nullable"):
        out += " | null"
    return out, ref


def _fields(schema: dict[str, Any], components: dict[str, Any]) -> list[Field]:
    target = schema
    if name := _ref_name(schema):
        target = components.get(name, {})
    required = set(target.get("required", []))
    out = []
    for prop, spec in target.get("properties", {}).items():
        text, ref = type_of(spec)
        if spec.get("readOnly"):
            text += " (read-only)"
        out.append(
            Field(
                name=prop,
                type=text,
                ref=ref,
                required=prop in required,
                description=str(spec.get("description", "")),
            )
        )
    return out


def _operation(
    path: str, method: str, spec: dict[str, Any], components: dict[str, Any]
) -> Operation:
    parameters = []
    for parameter in spec.get("parameters", []):
        text, ref = type_of(parameter.get("schema", {}))
        parameters.append(
            Field(
                name=f"{parameter['name']} ({parameter.get('in', 'query')})",
                type=text,
                ref=ref,
                required=bool(parameter.get("required")),
                description=str(parameter.get("description", "")),
            )
        )
    body_ref, body_fields = "", []
    content = spec.get("requestBody", {}).get("content", {})
    if content:
        body = content.get("application/json") or next(iter(content.values()))
        body_schema = body.get("schema", {})
        body_ref = _ref_name(body_schema)
        body_fields = _fields(body_schema, components)
    responses = []
    for status, answer in spec.get("responses", {}).items():
        media = answer.get("content", {})
        first: dict[str, Any] = next(iter(media.values()), {}) if media else {}
        text, ref = type_of(first.get("schema", {})) if first else ("", "")
        responses.append(
            Response(
                status=str(status),
                description=str(answer.get("description", "")),
                media_types=list(media),
                ref=ref,
                type=text,
            )
        )
    return Operation(
        method=method.upper(),
        path=path,
        anchor=f"op-{spec.get('operationId', method + path)}",
        summary=str(spec.get("summary", "")),
        description=str(spec.get("description", "")),
        parameters=parameters,
        body_ref=body_ref,
        body_fields=body_fields,
        responses=responses,
        token=any("tokenAuth" in item for item in spec.get("security", [])),
    )


def from_schema(schema: dict[str, Any]) -> Documentation:
    """The documentation of an OpenAPI schema (a dict)."""
    components = schema.get("components", {}).get("schemas", {})
    tags: dict[str, list[Operation]] = {}
    for path, item in schema.get("paths", {}).items():
        for method in _METHODS:
            if method not in item:
                continue
            spec = item[method]
            for tag in spec.get("tags", ["other"])[:1]:
                tags.setdefault(str(tag), []).append(_operation(path, method, spec, components))
    schemas = [
        Schema(
            name=name,
            anchor=schema_anchor(name),
            description=str(spec.get("description", "")),
            fields=_fields(spec, components),
            enum=[str(v) for v in spec.get("enum", []) if v not in (None, "")],
        )
        for name, spec in sorted(components.items())
    ]
    info = schema.get("info", {})
    return Documentation(
        title=str(info.get("title", "")),
        version=str(info.get("version", "")),
        description=str(info.get("description", "")),
        tags=[
            Tag(name=name, anchor=f"tag-{name}", operations=ops)
            for name, ops in sorted(tags.items())
        ],
        schemas=schemas,
    )


def documentation() -> Documentation:
    """The documentation of this site's API, generated once per process and language."""
    language = get_language() or ""
    if language not in _cache:
        from drf_spectacular.generators import SchemaGenerator

        schema = SchemaGenerator().get_schema(request=None, public=True)
        _cache[language] = from_schema(schema)
    return _cache[language]

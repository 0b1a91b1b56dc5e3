"""/api/docs/: every operation of the schema on one server-rendered page, for everyone."""

from __future__ import annotations

import html

import pytest
from drf_spectacular.generators import SchemaGenerator

from wijkkompas.api.docs import from_schema, type_of

pytestmark = pytest.mark.django_db


def test_every_operation_is_documented(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in ("get", "post", "put", "patch", "delete"):
            if method in item:
                assert f"{method.upper()} {path}" in page, (method, path)
                assert item[method]["summary"] in page
    assert "swagger" not in page.lower()


def test_types_and_request_bodies():
    assert type_of({"type": "string", "format": "date", "nullable": True}) == (
        "string (date) | null",
        "",
    )
    assert type_of({"type": "array", "items": {"$ref": "#/components/schemas/Cell"}}) == (
        "array of Cell",
        "Cell",
    )
    doc = from_schema(
        {
            "paths": {
                "/api/v1/things/": {
                    "post": {
                        "tags": ["things"],
                        "summary": "Add a thing",
                        "requestBody": {
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ThingRequest"}
                                }
                            }
                        },
                        "responses": {"201": {"description": ""}},
                    }
                }
            },
            "components": {
                "schemas": {
                    "ThingRequest": {
                        "type": "object",
                        "properties": {"name": {"type": "string", "maxLength": 10}},
                        "required": ["name"],
                    }
                }
            },
        }
    )
    operation = doc.tags[0].operations[0]
    assert [(f.name, f.required) for f in operation.body_fields] == [("name", True)]

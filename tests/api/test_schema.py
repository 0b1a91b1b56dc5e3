"""The OpenAPI schema validates without warnings and is the committed src/openapi.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from drf_spectacular.management.commands.spectacular import (
    SchemaGenerationError,
    SchemaValidationError,
)

COMMITTED = Path(__file__).parents[2] / "src" / "openapi.yaml"
REGENERATE = (
    "regenerate it with `make openapi` (DJANGO_SETTINGS_MODULE=wijkkompas.conf.test "
    "wijkkompas spectacular --validate --fail-on-warn --file src/openapi.yaml) and commit it"
)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("schema") / "openapi.yaml"
    try:
        call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    except (SchemaGenerationError, SchemaValidationError) as exc:
        pytest.fail(f"The OpenAPI schema has warnings or errors ({exc}); see the output above")
    return target.read_text()


def test_schema_validates_without_warnings(generated: str) -> None:
    assert "/api/v1/" in generated


def test_committed_schema_is_up_to_date(generated: str) -> None:
    assert COMMITTED.exists(), f"src/openapi.yaml is missing: {REGENERATE}"
    assert COMMITTED.read_text() == generated, (
        f"src/openapi.yaml is not the schema the code describes: {REGENERATE}"
    )

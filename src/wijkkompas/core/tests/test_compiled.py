"""Compiled queries give the same rows as the queryset, and skip the ORM on a hit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.test.utils import CaptureQueriesContext

from wijkkompas.areas.models import Municipality
from wijkkompas.core import compiled

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    compiled.clear()
    yield
    compiled.clear()


def _municipalities():
    return (
        Municipality.objects.filter(code__startswith="GM99")
        .annotate(title=Concat(F("name"), Value(" ("), F("code"), Value(")")))
        .order_by("code")
        .values("pk", "code", "title", "shares_aggregates")
    )


def _make(n: int) -> None:
    Municipality.objects.bulk_create(
        Municipality(code=f"GM99{i:02d}", name=f"Gemeente {i}") for i in range(n)
    )


def test_rows_equal_the_querysets_rows():
    _make(3)
    rows = compiled.values_rows(("test", 1), _municipalities)
    assert rows == list(_municipalities())
    assert [row["title"] for row in rows] == [f"Gemeente {i} (GM99{i:02d})" for i in range(3)]
    # Converters ran: a real bool, not SQLite's 0 or 1.
    assert all(row["shares_aggregates"] is False for row in rows)


def test_a_hit_skips_the_orm_but_still_reads_the_data_of_now():
    _make(2)
    calls = []

    def build():
        calls.append(1)
        return _municipalities()

    assert len(compiled.values_rows(("test", 2), build)) == 2
    _make_more = Municipality.objects.create(code="GM9950", name="Nieuw")
    with CaptureQueriesContext(connection) as ctx:
        rows = compiled.values_rows(("test", 2), build)
    assert calls == [1]
    assert len(ctx.captured_queries) == 1  # counted like any other query
    assert [row["code"] for row in rows] == ["GM9900", "GM9901", "GM9950"]
    assert _make_more.pk in {row["pk"] for row in rows}


def test_another_key_compiles_again():
    _make(1)
    calls = []

    def build():
        calls.append(1)
        return _municipalities()

    compiled.values_rows(("test", "a"), build)
    compiled.values_rows(("test", "b"), build)
    assert calls == [1, 1]


def test_a_queryset_that_cannot_match_makes_no_query():
    with CaptureQueriesContext(connection) as ctx:
        rows = compiled.values_rows(
            ("test", "empty"), lambda: Municipality.objects.filter(pk__in=[]).values("pk")
        )
    assert rows == []
    assert len(ctx.captured_queries) == 0


def test_only_values_querysets():
    with pytest.raises(TypeError):
        compiled.values_rows(("test", "models"), lambda: Municipality.objects.all())


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(compiled, "MAX_ENTRIES", 3)
    for i in range(5):
        compiled.values_rows(("test", "bound", i), lambda: Municipality.objects.values("pk"))
    assert len(compiled._cache) == 3
    assert ("test", "bound", 0) not in compiled._cache


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_prepares_the_statement_on_the_connection():
    _make(1)
    for _ in range(2):
        compiled.values_rows(("test", "prepared"), _municipalities)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any("GM99" in statement for statement in statements)

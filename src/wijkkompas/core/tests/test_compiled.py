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
    kept = {key for key, _alias, _args in compiled._cache}
    assert kept == {("test", "bound", 2), ("test", "bound", 3), ("test", "bound", 4)}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_prepares_the_statement_on_the_connection():
    _make(1)
    for _ in range(2):
        compiled.values_rows(("test", "prepared"), _municipalities)
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert any("GM99" in statement for statement in statements)


# --- arguments: one compiled entry for every value ----------------------------------------


def _by_code_and_pk(code, pk):
    return (
        Municipality.objects.filter(code__startswith="GM99", code__gte=code, pk__gt=pk)
        .annotate(title=Concat(F("name"), Value(" 100%")))
        .order_by("code")
        .values("pk", "code", "title")
    )


def test_arguments_are_bound_on_every_run_and_compiled_once():
    _make(4)
    first = Municipality.objects.get(code="GM9900").pk
    calls = []

    def build(code, pk):
        calls.append((code, pk))
        return _by_code_and_pk(code, pk)

    for code, pk in [("GM9901", 0), ("GM9902", first), ("GM9900", first)]:
        rows = compiled.values_rows(("test", "args"), build, args={"code": code, "pk": pk})
        assert rows == list(_by_code_and_pk(code, pk))
    assert len(calls) == 1
    # The builder saw placeholders, never a real value.
    assert calls[0][0] != "GM9901" and calls[0][1] != 0
    # A literal % in the SQL survives the parameters.
    assert rows[0]["title"].endswith(" 100%")


def test_a_date_argument():
    from datetime import date

    from wijkkompas.accounts.models import User

    User.objects.create(username="a", date_joined="2026-01-05T10:00:00Z")
    User.objects.create(username="b", date_joined="2026-03-05T10:00:00Z")

    def build(day):
        return User.objects.filter(date_joined__date__lt=day).values("username")

    for day, names in [(date(2026, 2, 1), ["a"]), (date(2026, 4, 1), ["a", "b"])]:
        rows = compiled.values_rows(("test", "date"), build, args={"day": day})
        assert sorted(row["username"] for row in rows) == names


def test_an_argument_that_does_not_reach_the_sql_unchanged_is_refused():
    with pytest.raises(TypeError):
        compiled.values_rows(
            ("test", "contains"),
            lambda name: Municipality.objects.filter(name__contains=name).values("pk"),
            args={"name": "Olde"},
        )
    with pytest.raises(TypeError):
        compiled.values_rows(
            ("test", "float"),
            lambda x: Municipality.objects.values("pk"),
            args={"x": 1.5},
        )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_one_prepared_statement_serves_every_argument():
    _make(3)
    for code in ("GM9900", "GM9901", "GM9902", "GM9900"):
        compiled.values_rows(
            ("test", "prepared-args"), _by_code_and_pk, args={"code": code, "pk": 0}
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE statement LIKE %s", ["%100%%"]
        )
        statements = [row[0] for row in cursor.fetchall()]
    assert len(statements) == 1
    assert "$1" in statements[0] and "GM99" in statements[0]


# --- model instances ------------------------------------------------------------------------


def test_objects_are_the_querysets_instances_with_related_rows_and_annotations():
    from django.db.models import Count

    from wijkkompas.areas.models import District, Neighbourhood

    _make(2)
    for municipality in Municipality.objects.filter(code__startswith="GM99"):
        district = District.objects.create(
            municipality=municipality, code=f"WK{municipality.code[2:]}01", name="Wijk"
        )
        for i in range(2):
            Neighbourhood.objects.create(
                district=district, code=f"BU{municipality.code[2:]}01{i:02d}", name=f"Buurt {i}"
            )

    def build(code):
        return (
            Neighbourhood.objects.filter(district__municipality__code=code)
            .select_related("district__municipality")
            .annotate(siblings=Count("district__neighbourhoods"))
            .order_by("code")
        )

    for code in ("GM9900", "GM9901"):
        with CaptureQueriesContext(connection) as ctx:
            got = compiled.objects(("test", "objects"), build, args={"code": code})
            names = [(n.code, n.district.municipality.code, n.siblings) for n in got]
        assert len(ctx.captured_queries) == 1  # related rows came with it
        expected = list(build(code))
        assert got == expected
        assert names == [(n.code, n.district.municipality.code, n.siblings) for n in expected]
        assert not got[0]._state.adding and got[0]._state.db == "default"


def test_objects_refuse_prefetch_and_values():
    with pytest.raises(TypeError):
        compiled.objects(
            ("test", "prefetch"), lambda: Municipality.objects.prefetch_related("districts")
        )
    with pytest.raises(TypeError):
        compiled.objects(("test", "values"), lambda: Municipality.objects.values("pk"))

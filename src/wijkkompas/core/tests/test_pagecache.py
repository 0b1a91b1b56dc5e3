"""Recording what a page read (``core.compiled``) and checking it again
(``core.pagecache.fingerprint``); the log of a kept page (``audit.services.log_replay``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.models import Municipality
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_access, log_batch, log_replay
from wijkkompas.core import compiled, pagecache

pytestmark = pytest.mark.django_db


def _names(prefix: str) -> list[dict[str, Any]]:
    """Municipalities whose code starts with ``prefix`` (an argument bound per call)."""
    return compiled.values_rows(
        ("test.pagecache.names",),
        lambda low: (
            Municipality.objects.filter(code__gte=low, code__lt="GM1")
            .order_by("code")
            .values("code", "name")
        ),
        args={"low": f"{prefix}"},
    )


@pytest.fixture(autouse=True)
def fresh() -> Any:
    compiled.clear()
    yield
    compiled.clear()


def test_a_recording_holds_every_compiled_query_with_the_digest_of_its_rows():
    MunicipalityFactory(code="GM0001", name="Testdorp")
    with pagecache.recording() as recording:
        rows = _names("GM0")
        ids = compiled.values_once(Municipality.objects.filter(code__in=["GM0001"]).values("pk"))
    assert [r["name"] for r in rows] == ["Testdorp"] and len(ids) == 1
    assert recording.keepable and len(recording.records) == 2
    digests = tuple(r.digest for r in recording.records)
    assert pagecache.fingerprint(recording.records) == digests
    assert len(set(digests)) == 2 and compiled.EMPTY_DIGEST not in digests


def test_the_fingerprint_changes_with_any_change_of_the_rows():
    gm: Any = MunicipalityFactory(code="GM0001", name="Testdorp")
    with pagecache.recording() as recording:
        _names("GM0")
    before = pagecache.fingerprint(recording.records)
    Municipality.objects.filter(pk=gm.pk).update(name="Testdorp aan Zee")  # no save()
    changed = pagecache.fingerprint(recording.records)
    assert changed != before
    MunicipalityFactory(code="GM0002", name="Testwoude")
    assert pagecache.fingerprint(recording.records) not in (before, changed)
    Municipality.objects.filter(code="GM0002").delete()
    assert pagecache.fingerprint(recording.records) == changed
    Municipality.objects.filter(pk=gm.pk).delete()
    assert pagecache.fingerprint(recording.records) == (compiled.EMPTY_DIGEST,)


def test_a_query_outside_core_compiled_makes_the_page_not_keepable():
    with pagecache.recording() as recording:
        _names("GM0")
        list(Municipality.objects.all())
    assert recording.records and recording.foreign and not recording.keepable


def test_the_store_expires_and_is_bounded(monkeypatch, settings):
    pagecache.clear()
    settings.WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS = 300
    monkeypatch.setattr(pagecache, "MAX_ENTRIES", 2)
    for key in ("a", "b", "c"):
        pagecache.put(key, body=key, content_type="text/html", records=[], log=[])
    assert pagecache.get("a") is None and pagecache.get("c") is not None
    settings.WIJKKOMPAS_CASE_PAGE_CACHE_SECONDS = -1
    pagecache.put("d", body="d", content_type="text/html", records=[], log=[])
    assert pagecache.get("d") is None
    pagecache.clear()


def _read(user: Any, subjects: list[int]) -> None:
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.SUPPORT,
        object_type="residents.Resident",
        object_id="7",
        subjects=subjects,
    )


def test_a_replayed_log_says_the_same_with_its_own_time_and_trace():
    user: Any = UserFactory(role=Role.PROFESSIONAL, municipality=MunicipalityFactory())
    logged: list[Any] = []
    with log_batch(record=logged):
        _read(user, [7, 8])
        _read(user, [])
    first = list(AccessLogEntry.objects.filter(user=user).order_by("pk"))
    assert log_replay(logged)
    again = list(AccessLogEntry.objects.filter(user=user).order_by("pk"))[len(first) :]
    assert len(again) == 2
    for old, new in zip(first, again, strict=True):
        assert (old.operation, old.purpose, old.object_id, old.role, old.municipality_id) == (
            new.operation,
            new.purpose,
            new.object_id,
            new.role,
            new.municipality_id,
        )
        assert old.subject_ids() == new.subject_ids()
        assert new.span_id != old.span_id


@pytest.mark.skipif(connection.vendor != "postgresql", reason="one statement on PostgreSQL")
def test_the_replay_writes_nothing_when_the_fingerprint_differs():
    user: Any = UserFactory(role=Role.PROFESSIONAL, municipality=MunicipalityFactory())
    logged: list[Any] = []
    with log_batch(record=logged):
        _read(user, [7])
    count = AccessLogEntry.objects.filter(user=user).count()
    assert not log_replay(logged, only_if=("ARRAY['a']::text[]", [], ["b"]))
    assert AccessLogEntry.objects.filter(user=user).count() == count
    assert log_replay(logged, only_if=("ARRAY[%s]::text[]", ["a"], ["a"]))
    assert AccessLogEntry.objects.filter(user=user).count() == count + 1

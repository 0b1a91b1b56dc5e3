"""The access log is append-only: the model refuses updates and deletes on every database,
and on PostgreSQL a trigger refuses UPDATE and DELETE in SQL too, except the retention
purge of the log itself (``access_log_purge``, with ``SET LOCAL wijkkompas.audit_purge``)."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry, AccessLogSubject, AppendOnlyError
from wijkkompas.audit.services import access_log_purge, log_access

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only"
)


def _entry(user=None, *, days_ago: int = 0, subjects=(5, 6)):
    user = user or UserFactory.create(role=Role.PROFESSIONAL)
    if not days_ago:
        return log_access(user=user, action=Event.READ, purpose=Purpose.SUPPORT, subjects=subjects)
    # An entry written long ago (``at`` defaults to now; it is never changed afterwards).
    old = AccessLogEntry.objects.create(
        at=timezone.now() - datetime.timedelta(days=days_ago),
        event=Event.READ,
        purpose=Purpose.SUPPORT,
        municipality_id=user.municipality_id,
    )
    AccessLogSubject.objects.bulk_create(
        [AccessLogSubject(entry=old, resident_id=pk) for pk in subjects]
    )
    return old


def test_model_refuses_update_and_delete():
    entry = _entry()
    entry.purpose = Purpose.RISK
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).update(purpose=Purpose.RISK)
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLogSubject.objects.filter(entry=entry).delete()
    with pytest.raises(AppendOnlyError):
        AccessLogSubject.objects.filter(entry=entry).update(resident_id=1)
    assert AccessLogEntry.objects.get(pk=entry.pk).purpose == Purpose.SUPPORT


def test_deleting_an_account_leaves_the_log_as_it_was():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    entry = _entry(user)
    user_pk = user.pk
    user.delete()
    entry = AccessLogEntry.objects.get(pk=entry.pk)
    assert entry.user_id == user_pk and entry.username


def _sql(statement: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement, params)


@on_postgresql
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_accesslogentry SET purpose = 'risk' WHERE id = %s",
        "DELETE FROM audit_accesslogentry WHERE id = %s",
        "UPDATE audit_accesslogsubject SET resident_id = 1 WHERE entry_id = %s",
        "DELETE FROM audit_accesslogsubject WHERE entry_id = %s",
    ],
)
def test_trigger_refuses_update_and_delete(statement):
    entry = _entry()
    with pytest.raises(DatabaseError, match="append-only"):
        _sql(statement, [entry.pk])
    assert AccessLogEntry.objects.filter(pk=entry.pk, purpose=Purpose.SUPPORT).exists()
    assert AccessLogSubject.objects.filter(entry=entry).count() == 2


@on_postgresql
def test_trigger_setting_is_transaction_local():
    entry = _entry()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL wijkkompas.audit_purge = 'on'")
        cursor.execute("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", [entry.pk])
        transaction.set_rollback(True)
    # A later transaction without the setting is refused again.
    with pytest.raises(DatabaseError, match="append-only"):
        _sql("DELETE FROM audit_accesslogsubject WHERE entry_id = %s", [entry.pk])
    # The setting never allows an update.
    with pytest.raises(DatabaseError, match="append-only"):
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL wijkkompas.audit_purge = 'on'")
            cursor.execute(
                "UPDATE audit_accesslogentry SET purpose = 'risk' WHERE id = %s", [entry.pk]
            )


def test_purge_deletes_old_entries_only_and_logs_itself():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    old = _entry(user, days_ago=400, subjects=(7,))
    recent = _entry(user, subjects=(8,))
    counts = access_log_purge(before=timezone.now() - datetime.timedelta(days=365))
    assert counts == {user.municipality_id: 1}
    assert not AccessLogEntry.objects.filter(pk=old.pk).exists()
    assert not AccessLogSubject.objects.filter(resident_id=7).exists()
    assert AccessLogEntry.objects.filter(pk=recent.pk).exists()
    purge = AccessLogEntry.objects.get(purpose=Purpose.RETENTION)
    assert purge.event == Event.DELETE and purge.object_count == 1
    assert purge.object_type == "audit.AccessLogEntry"
    assert purge.municipality_id == user.municipality_id
    assert not purge.subjects.exists()
    # After the purge the log is append-only again.
    with pytest.raises(AppendOnlyError):
        AccessLogEntry.objects.filter(pk=recent.pk).delete()
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError, match="append-only"):
            _sql("DELETE FROM audit_accesslogentry WHERE id = %s", [recent.pk])


def test_purge_with_nothing_to_do_writes_nothing():
    _entry()
    before = AccessLogEntry.objects.count()
    assert access_log_purge(before=timezone.now() - datetime.timedelta(days=1)) == {}
    assert AccessLogEntry.objects.count() == before


def test_purge_command(capsys):
    from django.core.management import call_command

    _entry(days_ago=30 * 365)
    call_command("purge_access_log")
    assert "1" in capsys.readouterr().out
    assert AccessLogEntry.objects.filter(purpose=Purpose.RETENTION).exists()

"""Access export (AVG art. 15): the resident's own data with who viewed it, as JSON and PDF;
built for the resident themselves or, through a background task, for the privacy officer
of a registered access request, who downloads it once without seeing the content."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.http import Http404

from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.rights import services
from wijkkompas.rights.constants import ExportStatus, RequestKind, RequestStatus
from wijkkompas.rights.models import AccessExport
from wijkkompas.rights.tests.factories import DataRequestFactory

pytestmark = pytest.mark.django_db


def test_own_export_holds_own_data_and_who_viewed_it(case):
    log_access(
        user=case.professional,
        action=Event.READ,
        purpose=Purpose.SUPPORT,
        obj=case.resident,
        subjects=[case.resident.pk],
    )
    bundle = services.own_export(user=case.resident_user)
    data = json.loads(bundle.json_bytes)
    assert data["personal_data"]["resident"]["name"] == "Anna Geheimnaam"
    assert data["personal_data"]["resident"]["bsn"] == "111222333"
    assert data["personal_data"]["household"]["number_of_members"] == 2
    assert data["assessments"][0]["scores"][0]["value"] == 3
    assert data["assessments"][0]["scores"][0]["domain"]
    assert "Schulden op een rij" in json.dumps(data["plan"])
    assert data["personal_data"]["consents"]
    # What others said, and risk signals of the household, only through the privacy officer.
    assert data["conversations"] == []
    assert "risk_signals" not in data["personal_data"]
    assert "case_discussions" not in data["plan"]
    assert "Vraag over schulden" not in bundle.json_bytes.decode()
    assert data["not_in_this_download"]
    viewers = data["who_viewed_your_data"]
    assert any(
        v["account"] == case.professional.username and v["purpose"] == str(Purpose.SUPPORT.label)
        for v in viewers
    )
    assert data["your_rights"]["retention"]
    assert bundle.pdf_bytes.startswith(b"%PDF")
    with zipfile.ZipFile(io.BytesIO(bundle.zip_bytes())) as archive:
        assert sorted(archive.namelist()) == ["gegevens.json", "gegevens.pdf"]


def test_own_export_never_holds_another_household(case):
    text = services.own_export(user=case.resident_user).json_bytes.decode()
    for other in ("Carla Anderhuis", "Vraag van een ander", "Familie Anders", "Dirk Elders"):
        assert other not in text
    # Nor the other member's personal details: the household is named, not its members.
    assert "Bert Huisgenoot" not in text


def test_own_export_is_logged_with_the_household_as_subjects(case):
    services.own_export(user=case.resident_user)
    entry = AccessLogEntry.objects.get(purpose=Purpose.DATA_REQUEST, user=case.resident_user)
    assert entry.event == Event.READ
    assert entry.subject_ids() == sorted([case.resident.pk, case.partner.pk])
    assert "Anna" not in entry.object_id + entry.operation


def test_own_export_for_accounts_without_a_resident_is_404(case):
    for user in (case.professional, case.officer):
        with pytest.raises(Http404):
            services.own_export(user=user)


def test_full_export_for_an_access_request_holds_conversations_and_risk_signals(case):
    data_request = _access_request(case)
    assert data_request.pk
    bundle = services.access_export_build(user=case.officer, resident_id=case.resident.pk)
    data = json.loads(bundle.json_bytes)
    assert [c["question"] for c in data["conversations"]] == ["Vraag over schulden"]
    assert data["personal_data"]["risk_signals"]
    assert "case_discussions" in data["plan"]
    assert data["not_in_this_download"] == ""


@pytest.mark.parametrize("who", ["professional", "officer", "foreign_officer"])
def test_export_of_someone_else_is_404(case, who):
    with pytest.raises(Http404):
        services.access_export_build(user=getattr(case, who), resident_id=case.resident.pk)
    with pytest.raises(Http404):
        services.access_export_build(user=case.resident_user, resident_id=case.partner.pk)


def _access_request(case, **kwargs):
    return DataRequestFactory.create(
        municipality=case.team.municipality, resident_id=case.resident.pk, **kwargs
    )


def test_officer_export_is_built_by_a_task_stored_encrypted_and_downloaded_once(
    case, django_capture_on_commit_callbacks, settings
):
    data_request = _access_request(case)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.access_export_request(user=case.officer, pk=data_request.pk)
    export.refresh_from_db()
    assert export.status == ExportStatus.READY and export.size and len(export.sha256) == 64
    data_request.refresh_from_db()
    assert data_request.status == RequestStatus.IN_PROGRESS
    stored = settings.WIJKKOMPAS_EXPORT_DIR / export.file_name
    assert stored.exists() and b"Geheimnaam" not in stored.read_bytes()
    assert b"PK" != stored.read_bytes()[:2]  # encrypted, not a plain ZIP file
    with django_capture_on_commit_callbacks(execute=True):
        download = services.access_export_download(user=case.officer, pk=data_request.pk)
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        data = json.loads(archive.read("gegevens.json"))
    assert data["personal_data"]["resident"]["id"] == case.resident.pk
    assert not stored.exists()
    export.refresh_from_db()
    assert export.status == ExportStatus.DOWNLOADED and export.downloaded_by == case.officer
    with pytest.raises(ApplicationError):
        services.access_export_download(user=case.officer, pk=data_request.pk)
    entries = AccessLogEntry.objects.filter(purpose=Purpose.DATA_REQUEST, user=case.officer)
    assert {e.event for e in entries} == {Event.CREATE, Event.READ}
    assert all(case.resident.pk in e.subject_ids() for e in entries)


def test_task_arguments_are_ids_only(case, django_capture_on_commit_callbacks, monkeypatch):
    from unittest import mock

    from wijkkompas.rights import tasks

    fake = mock.Mock()
    monkeypatch.setattr(tasks, "build_access_export", fake)
    data_request = _access_request(case)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.access_export_request(user=case.officer, pk=data_request.pk)
    fake.enqueue.assert_called_once_with(export_id=export.pk)


def test_export_only_for_open_access_requests(case):
    erasure = _access_request(case, kind=RequestKind.ERASURE)
    with pytest.raises(ApplicationError):
        services.access_export_request(user=case.officer, pk=erasure.pk)
    done = _access_request(case, status=RequestStatus.COMPLETED)
    with pytest.raises(ApplicationError):
        services.access_export_request(user=case.officer, pk=done.pk)
    foreign = DataRequestFactory.create(
        municipality=case.foreign_officer.municipality, resident_id=case.foreign_resident.pk
    )
    with pytest.raises(Http404):
        services.access_export_request(user=case.officer, pk=foreign.pk)


def test_a_failing_build_marks_the_export_failed_without_content(case, monkeypatch):
    data_request = _access_request(case)
    export = AccessExport.objects.create(
        data_request=data_request,
        municipality_id=data_request.municipality_id,
        requested_by=case.officer,
    )

    def boom(**kwargs):
        raise RuntimeError("Anna Geheimnaam")

    monkeypatch.setattr(services, "access_export_build", boom)
    export = services.access_export_store(export_id=export.pk)
    assert export.status == ExportStatus.FAILED and export.error == "RuntimeError"
    assert not export.file_name


def test_expired_exports_are_removed(case, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    data_request = _access_request(case)
    with django_capture_on_commit_callbacks(execute=True):
        export = services.access_export_request(user=case.officer, pk=data_request.pk)
    export.refresh_from_db()
    later = timezone.now() + datetime.timedelta(days=31)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.exports_expire(now=later) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not export.file_name

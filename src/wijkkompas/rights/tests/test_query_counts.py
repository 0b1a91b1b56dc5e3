"""The register pages run as many queries with 2 requests as with 60 (limits in
query_counts.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wijkkompas.rights.constants import ExportStatus
from wijkkompas.rights.models import AccessExport, PurgeRun
from wijkkompas.rights.tests.factories import DataRequestFactory

pytestmark = pytest.mark.django_db

LIMITS = json.loads((Path(__file__).parent / "query_counts.json").read_text())


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _add(case, n):
    gm = case.team.municipality
    first = None
    for _ in range(n):
        data_request = DataRequestFactory.create(municipality=gm, resident_id=case.resident.pk)
        first = first or data_request
        for status in (ExportStatus.DOWNLOADED, ExportStatus.FAILED):
            AccessExport.objects.create(
                data_request=data_request, municipality=gm, status=status, requested_by=case.officer
            )
        PurgeRun.objects.create(
            municipality=gm,
            closed_before=timezone.localdate(),
            resident_ids=[1, 2],
            counts={"x": 1},
        )
    return first


@pytest.mark.parametrize("name", ["rights:list", "rights:detail", "rights:purges"])
def test_pages_do_not_grow(case, login_client, name):
    client = login_client(case.officer)
    small = _add(case, 2)
    url = reverse(name, args=[small.pk]) if name == "rights:detail" else reverse(name)
    _count(client, url)
    before = _count(client, url)
    _add(case, 60)
    for _extra in range(5):
        AccessExport.objects.create(
            data_request=small,
            municipality=case.team.municipality,
            status=ExportStatus.DOWNLOADED,
            requested_by=case.officer,
            downloaded_by=case.officer,
        )
    after = _count(client, url)
    assert before == after <= LIMITS[name], (before, after)

"""The signals app reads no personal data on its pages: digests hold de-identified text
and are read only by the recomputation (a task), never shown as such. Nothing to log;
this test guards that the page does not write access-log entries."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.audit.models import AccessLogEntry

from .factories import area

pytestmark = pytest.mark.django_db


def test_the_signals_page_logs_no_personal_data_read(login_client):
    a = area()
    client = login_client(UserFactory(role=Role.POLICY_OFFICER, municipality=a.gm))
    before = AccessLogEntry.objects.count()
    assert client.get("/signalen/").status_code == 200
    assert AccessLogEntry.objects.count() == before

"""The Logboek Dataverwerkingen ``foreign_operation``: a call from another application with
a W3C ``traceparent`` header is recorded on every entry of that request."""

from __future__ import annotations

import pytest

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.audit.services import foreign_operation
from wijkkompas.conversations.tests.conftest import world  # noqa: F401 - fixture

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
SPAN = "00f067aa0ba902b7"


@pytest.mark.parametrize(
    "header, expected",
    [
        (f"00-{TRACE}-{SPAN}-01", (TRACE, SPAN)),
        (f"00-{TRACE.upper()}-{SPAN}-00", (TRACE, SPAN)),
        (f"01-{TRACE}-{SPAN}-01", ("", "")),  # unknown version
        (f"00-{'0' * 32}-{SPAN}-01", ("", "")),  # all-zero trace id is invalid
        (f"00-{TRACE}-{'0' * 16}-01", ("", "")),
        ("00-xyz", ("", "")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_traceparent_is_parsed_strictly(header, expected):
    assert foreign_operation(header) == expected


@pytest.mark.django_db
def test_an_api_call_with_traceparent_records_the_foreign_operation(world, login_client):  # noqa: F811
    client = login_client(world.user(Role.PROFESSIONAL))
    url = f"/api/v1/conversations/{world.conversation.pk}/"
    assert client.get(url, HTTP_TRACEPARENT=f"00-{TRACE}-{SPAN}-01").status_code == 200
    entry = AccessLogEntry.objects.filter(object_type="conversations.Conversation").latest("pk")
    assert (entry.foreign_trace_id, entry.foreign_span_id) == (TRACE, SPAN)
    assert entry.trace_id != TRACE  # our own trace stays our own
    assert client.get(url).status_code == 200
    entry = AccessLogEntry.objects.filter(object_type="conversations.Conversation").latest("pk")
    assert (entry.foreign_trace_id, entry.foreign_span_id) == ("", "")

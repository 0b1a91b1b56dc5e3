"""One structured log line per request, with no personal data in any line: not for a page
that shows a resident's name and BSN, nor for a form that writes them."""

from __future__ import annotations

import json
import logging

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.ops.logs import console_formatter, json_formatter
from wijkkompas.residents.tests.conftest import SECRET_BSN, build_world

pytestmark = pytest.mark.django_db

ADDRESS = "Kerkstraat 12, Wezep"


def _lines(caplog) -> list[str]:
    formatter = json_formatter()
    return [formatter.format(record) for record in caplog.records]


def test_one_json_line_per_request_without_personal_data(login_client, caplog):
    world = build_world()
    resident = world.consented
    client = login_client(world.user(Role.PROFESSIONAL))
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="wijkkompas.requests")  # on in production
    shown = client.get(reverse("residents:detail", args=[resident.pk]))
    assert shown.status_code == 200 and resident.name in shown.content.decode()
    written = client.post(
        reverse("residents:edit", args=[resident.pk]),
        {"name": "Anneke de Vries-Bakker", "birth_year": "1961", "address": ADDRESS},
    )
    assert written.status_code == 302  # saved
    lines = _lines(caplog)
    requests = [json.loads(line) for line in lines if '"event": "request"' in line]
    assert [(r["method"], r["route"]) for r in requests] == [
        ("GET", "residents:detail"),
        ("POST", "residents:edit"),
    ]
    first = requests[0]
    assert first["status"] == 200
    assert len(first["trace_id"]) == 32
    assert isinstance(first["duration_ms"], float)
    assert 0 < first["cpu_ms"] <= first["duration_ms"] + 1
    everything = "\n".join(lines)
    for secret in (resident.name, "Anneke de Vries-Bakker", SECRET_BSN, ADDRESS, "Vries"):
        assert secret not in everything
    assert str(resident.pk) not in first.get("route", "")  # the route name, not the path


def test_console_format_for_development(caplog):
    caplog.set_level(logging.INFO, logger="wijkkompas.requests")
    logging.getLogger("wijkkompas.requests").info("request", extra={"status": 200})
    line = console_formatter().format(caplog.records[-1])
    assert "request" in line and "status=200" in line

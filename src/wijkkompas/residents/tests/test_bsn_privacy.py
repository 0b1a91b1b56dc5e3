"""The BSN never leaves the database in full: not in lists (caseload, household page,
index), not on the resident page (masked: the last four digits), not in forms, URLs,
messages, the access log or Python's log output."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry, AccessLogSubject

from .conftest import SECRET_BSN

pytestmark = pytest.mark.django_db

MASKED = "*****2333"


def _pages(world):
    return [
        reverse("residents:index"),
        reverse("residents:caseload", args=[world.team.pk]),
        reverse("residents:caseload", args=[world.team.pk]) + "?gesloten=1",
        reverse("residents:household_detail", args=[world.household.pk]),
        reverse("residents:detail", args=[world.consented.pk]),
        reverse("residents:edit", args=[world.consented.pk]),
        reverse("residents:consent_add", args=[world.consented.pk]),
        reverse("residents:risk_add", args=[world.household.pk]),
        reverse("residents:register") + f"?household={world.household.pk}",
    ]


def _split(bsn: str) -> list[str]:
    """The number as typed in several ways."""
    return [bsn, f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}", f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}"]


@pytest.mark.parametrize("caseload_for_all", [False, True])
def test_bsn_in_no_response_and_no_log(world, login_client, caplog, caseload_for_all):
    world.team.caseload_visible_without_consent = caseload_for_all
    world.team.save()
    mark = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    caplog.set_level(logging.DEBUG)
    for role in (Role.PROFESSIONAL, "colleague"):
        client = login_client(world.user(role))
        for url in _pages(world):
            response = client.get(url)
            assert SECRET_BSN not in url
            html = response.content.decode()
            for form in _split(SECRET_BSN):
                assert form not in html, (role, url)
        search = client.post(reverse("residents:caseload", args=[world.team.pk]), {"naam": "de"})
        assert SECRET_BSN not in search.content.decode()
    detail = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:detail", args=[world.consented.pk]))
        .content.decode()
    )
    assert MASKED in detail
    caseload = (
        login_client(world.user(Role.PROFESSIONAL))
        .get(reverse("residents:caseload", args=[world.team.pk]))
        .content.decode()
    )
    assert MASKED not in caseload and "2333" not in caseload  # not even masked in a list
    for entry in AccessLogEntry.objects.filter(pk__gt=mark):
        assert SECRET_BSN not in " ".join(str(v) for v in entry.__dict__.values())
    assert not AccessLogSubject.objects.filter(resident_id=int(SECRET_BSN)).exists()
    assert SECRET_BSN not in caplog.text


def test_bsn_typed_in_a_form_is_not_echoed_nor_logged(world, login_client, caplog):
    caplog.set_level(logging.DEBUG)
    client = login_client(world.user(Role.PROFESSIONAL))
    for bsn in ("123456789", SECRET_BSN):  # invalid, and already registered
        response = client.post(
            reverse("residents:edit", args=[world.org_only.pk]),
            {"name": "Carla Jansen", "bsn": bsn},
        )
        assert response.status_code == 200
        assert bsn not in response.content.decode()
        assert bsn not in caplog.text
    response = client.post(
        reverse("residents:edit", args=[world.org_only.pk]),
        {"name": "Carla Jansen", "bsn": "123456782"},
    )
    assert response.status_code == 302 and "123456782" not in response["Location"]
    followed = client.get(response["Location"]).content.decode()
    assert "123456782" not in followed and "*****6782" in followed

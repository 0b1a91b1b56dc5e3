"""The self-sufficiency section of the resident page (components.sections)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from wijkkompas.accounts.constants import Role
from wijkkompas.components.sections import registered_sections, render_sections
from wijkkompas.instruments.sections import resident_profile
from wijkkompas.instruments.tests.factories import make_assessment
from wijkkompas.residents.tests.factories import ConsentFactory, ResidentFactory

pytestmark = pytest.mark.django_db


def request_for(user):
    request = RequestFactory().get("/inwoners/1/")
    request.user = user
    return request


def test_the_section_is_registered_for_the_resident_page():
    assert "wijkkompas.instruments.sections.resident_profile" in registered_sections("resident")


def test_the_section_shows_the_profile(world):
    make_assessment(
        resident=world.resident,
        version=world.zrm,
        assessed_on=dt.date(2025, 2, 3),
        scores={"financien": 2},
    )
    request = request_for(world.user(Role.PROFESSIONAL))
    html = next(
        s.html
        for s in render_sections("resident", request=request, obj=world.resident)
        if s.key.endswith("resident_profile")
    )
    assert "Self-sufficiency over time" in html and 'role="img"' in html
    assert "2 – Niet zelfredzaam" in html


def test_the_section_says_when_nothing_was_scored_or_consent_is_missing(world):
    section = resident_profile(
        request=request_for(world.user(Role.PROFESSIONAL)), obj=world.resident
    )
    assert section is not None and section.context["may_see"] and not section.context["profile"]
    other = ResidentFactory(household__team=world.team)
    ConsentFactory(resident=other, covers_assessments=False)
    section = resident_profile(request=request_for(world.user(Role.PROFESSIONAL)), obj=other)
    assert section is not None and not section.context["may_see"]


@pytest.mark.parametrize("role", [Role.POLICY_OFFICER, Role.ADMIN, Role.RESIDENT])
def test_roles_without_case_work_get_no_section(world, role):
    assert (
        resident_profile(request=SimpleNamespace(user=world.user(role)), obj=world.resident) is None
    )

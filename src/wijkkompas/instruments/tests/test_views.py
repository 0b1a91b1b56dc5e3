"""The instrument pages: who may see, import and switch versions; nothing leaks across
municipalities."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.instruments.constants import MAX_FILE_SIZE
from wijkkompas.instruments.models import CriterionText, Instrument, InstrumentVersion
from wijkkompas.instruments.tests.conftest import load_criteria
from wijkkompas.instruments.tests.factories import make_version

pytestmark = pytest.mark.django_db

ALL_ROLES = [role.value for role in Role]
WAT_TELT = (
    b'{"instrument": {"code": "wat-telt", "name": "Wat telt", "kind": "matrix"},'
    b' "version": {"label": "1"},'
    b' "domains": [{"code": "wonen", "name": "Wonen"}, {"code": "werk", "name": "Werk"}],'
    b' "levels": [{"value": 1, "name": "Slecht"}, {"value": 2, "name": "Goed"}]}'
)


def upload(content: bytes, name: str = "wat-telt.json") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_every_signed_in_role_sees_the_shipped_instruments(world, login_client, role):
    client = login_client(world.user(role))
    page = client.get(reverse("instruments:list"))
    assert page.status_code == 200
    assert "Zelfredzaamheid-Matrix" in page.content.decode()
    detail = client.get(reverse("instruments:version", args=[world.zrm.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "Maatschappelijke participatie" in body and "Volledig zelfredzaam" in body


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in (reverse("instruments:list"), reverse("instruments:version", args=[world.zrm.pk])):
        assert client.get(url).status_code == 302


def test_the_list_shows_own_instruments_and_never_another_municipalitys(world, login_client):
    make_version(instrument__municipality=world.gm, instrument__name="Eigen meetlat")
    foreign = make_version(
        instrument__municipality=world.other_gm, instrument__name="Vreemde meetlat"
    )
    client = login_client(world.user(Role.PROFESSIONAL))
    body = client.get(reverse("instruments:list")).content.decode()
    assert "Eigen meetlat" in body and "Vreemde meetlat" not in body
    assert client.get(reverse("instruments:version", args=[foreign.pk])).status_code == 404


def test_criteria_of_another_municipality_are_never_shown(world, login_client):
    load_criteria(world.zrm, world.other_gm, "Vreemdcriterium")
    client = login_client(world.user(Role.ADMIN))
    body = client.get(reverse("instruments:version", args=[world.zrm.pk])).content.decode()
    assert "Vreemdcriterium" not in body
    assert "has not loaded criterion texts" in body
    load_criteria(world.zrm, world.gm, "Eigencriterium")
    body = client.get(reverse("instruments:version", args=[world.zrm.pk])).content.decode()
    assert "Eigencriterium financien 1" in body and "Vreemdcriterium" not in body
    # The operator sees every municipality's rows, but the grid only shows their own.
    operator = login_client(world.user("operator"))
    body = operator.get(reverse("instruments:version", args=[world.zrm.pk])).content.decode()
    assert "criterium" not in body


def test_only_the_administrator_sees_the_import_button(world, login_client):
    admin = login_client(world.user(Role.ADMIN)).get(reverse("instruments:list"))
    assert reverse("instruments:import") in admin.content.decode()
    professional = login_client(world.user(Role.PROFESSIONAL)).get(reverse("instruments:list"))
    assert reverse("instruments:import") not in professional.content.decode()


@pytest.mark.parametrize("role", [r for r in ALL_ROLES if r != Role.ADMIN])
def test_other_roles_may_not_upload(world, login_client, role):
    client = login_client(world.user(role))
    url = reverse("instruments:import")
    assert client.get(url).status_code == 403
    assert client.post(url, {"file": upload(WAT_TELT)}).status_code == 403
    assert not Instrument.objects.filter(code="wat-telt").exists()


def test_the_administrator_uploads_an_instrument(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    url = reverse("instruments:import")
    form = client.get(url)
    assert form.status_code == 200 and 'enctype="multipart/form-data"' in form.content.decode()
    response = client.post(url, {"file": upload(WAT_TELT)}, follow=True)
    version = InstrumentVersion.objects.get(instrument__code="wat-telt")
    assert version.instrument.municipality == world.gm
    assert response.redirect_chain[-1][0] == reverse("instruments:version", args=[version.pk])
    assert "has been added with 2 domains and 2 levels" in response.content.decode()
    again = client.post(url, {"file": upload(WAT_TELT)}, follow=True)
    assert "Nothing changed" in again.content.decode()
    assert InstrumentVersion.objects.filter(instrument__code="wat-telt").count() == 1


def test_the_administrator_uploads_criteria_for_the_zrm(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    content = b"domain,level,text\nfinancien,1,Groeiende schulden\n"
    response = client.post(
        reverse("instruments:import"),
        {"file": upload(content, "zrm-criteria.csv"), "version": world.zrm.pk},
        follow=True,
    )
    assert "1 added, 0 changed" in response.content.decode()
    assert "Groeiende schulden" in response.content.decode()  # the grid on the detail page
    assert CriterionText.objects.get().municipality == world.gm


def test_every_problem_of_a_bad_file_is_shown_and_nothing_saved(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    content = b"domain,level,text\ngezin,1,x\nfinancien,9,y\n"
    response = client.post(
        reverse("instruments:import"),
        {"file": upload(content, "zrm.csv"), "version": world.zrm.pk},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: unknown domain gezin" in body and "Line 3: level 9" in body
    assert 'role="alert"' in body  # the error summary
    assert not CriterionText.objects.exists()


def test_a_csv_without_a_version_asks_for_one(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    response = client.post(
        reverse("instruments:import"), {"file": upload(b"domain,level,text\n", "x.csv")}
    )
    assert "Choose the instrument version the criterion texts belong to." in (
        response.content.decode()
    )


def test_a_file_over_1_mb_is_refused(world, login_client):
    client = login_client(world.user(Role.ADMIN))
    response = client.post(
        reverse("instruments:import"), {"file": upload(b" " * (MAX_FILE_SIZE + 10))}
    )
    assert "larger than 1 MB" in response.content.decode()


def test_another_municipalitys_version_cannot_be_chosen(world, login_client):
    foreign = make_version(instrument__municipality=world.other_gm)
    client = login_client(world.user(Role.ADMIN))
    response = client.post(
        reverse("instruments:import"),
        {"file": upload(b"domain,level,text\nd1,1,x\n", "x.csv"), "version": foreign.pk},
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not CriterionText.objects.exists()


def test_the_administrator_switches_an_own_version_off_and_on(world, login_client):
    version = make_version(instrument__municipality=world.gm)
    client = login_client(world.user(Role.ADMIN))
    url = reverse("instruments:version_use", args=[version.pk])
    page = client.get(url)
    assert page.status_code == 200 and "out of use?" in page.content.decode()
    client.post(url, {"is_active": "0"})
    version.refresh_from_db()
    assert not version.is_active
    client.post(url, {"is_active": "1"})
    version.refresh_from_db()
    assert version.is_active


def test_shipped_versions_are_switched_by_the_operator_only(world, login_client):
    url = reverse("instruments:version_use", args=[world.zrm.pk])
    assert login_client(world.user(Role.ADMIN)).post(url, {"is_active": "0"}).status_code == 403
    world.zrm.refresh_from_db()
    assert world.zrm.is_active
    login_client(world.user("operator")).post(url, {"is_active": "0"})
    world.zrm.refresh_from_db()
    assert not world.zrm.is_active


def test_switching_is_refused_to_other_roles_and_municipalities(world, login_client):
    version = make_version(instrument__municipality=world.gm)
    url = reverse("instruments:version_use", args=[version.pk])
    assert login_client(world.user(Role.TEAM_LEAD)).post(url, {"is_active": "0"}).status_code == 403
    assert login_client(world.user("other_admin")).get(url).status_code == 404
    version.refresh_from_db()
    assert version.is_active

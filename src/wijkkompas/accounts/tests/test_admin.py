"""The admin site at /beheer/: staff only, second factor required, tenant-bound."""

import pytest
from django.test import Client
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import TOTPDeviceFactory, UserFactory
from wijkkompas.audit.services import log_event

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_normal_login():
    response = Client().get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))


def test_staff_without_second_factor_is_sent_to_the_second_step():
    user = UserFactory.create(role=Role.POLICY_OFFICER, is_staff=True)
    TOTPDeviceFactory.create(user=user)
    client = Client()
    client.force_login(user)
    response = client.get("/beheer/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:otp"))


def test_non_staff_is_refused(login_client):
    client = login_client(UserFactory.create(role=Role.ADMIN, is_staff=False))
    response = client.get("/beheer/", follow=True)
    assert response.status_code == 403


def test_admin_login_page_redirects_verified_staff_to_index(login_client):
    client = login_client(UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True))
    response = client.get(reverse("admin:login"))
    assert response["Location"] == reverse("admin:index")


def test_superuser_sees_users_and_read_only_log(login_client):
    admin = UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True)
    client = login_client(admin)
    assert client.get("/beheer/").status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    other = UserFactory.create()
    page = client.get(reverse("admin:accounts_user_change", args=[other.pk]))
    assert page.status_code == 200
    assert b'name="role"' in page.content
    assert b'name="municipality"' in page.content
    entry = log_event(event="login", user=other)
    assert client.get(reverse("admin:audit_accesslogentry_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:audit_accesslogentry_change", args=[entry.pk])).status_code == 200
    )
    assert client.get(reverse("admin:audit_accesslogentry_add")).status_code == 403


def test_functional_admin_sees_only_own_municipality(login_client):
    from django.contrib.auth.models import Permission

    admin = UserFactory.create(role=Role.ADMIN, is_staff=True)
    admin.user_permissions.set(Permission.objects.filter(codename__in=["view_user", "change_user"]))
    colleague = UserFactory.create(municipality=admin.municipality)
    stranger = UserFactory.create()
    client = login_client(admin)
    page = client.get(reverse("admin:accounts_user_changelist"))
    assert page.status_code == 200
    assert colleague.username in page.content.decode()
    assert stranger.username not in page.content.decode()
    assert client.get(reverse("admin:accounts_user_change", args=[stranger.pk])).status_code == 302
    page = client.get(reverse("admin:accounts_user_change", args=[colleague.pk]))
    assert b'name="is_superuser"' not in page.content

"""The functional administrator gets the admin site for users and reference data."""

import pytest
from django.contrib.auth.models import Group

from wijkkompas.accounts.constants import ADMIN_GROUP_NAME, Role
from wijkkompas.accounts.services import user_apply_role
from wijkkompas.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_group_exists_after_migrate_with_exactly_its_permissions():
    group = Group.objects.get(name=ADMIN_GROUP_NAME)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_user",
        "add_user",
        "change_user",
        "view_discipline",
        "add_discipline",
        "change_discipline",
    }


@pytest.mark.parametrize("role", list(Role))
def test_only_the_admin_role_gets_staff_and_the_group(role):
    user = UserFactory.create(role=role)
    user_apply_role(user=user)
    user.refresh_from_db()
    is_admin = role == Role.ADMIN
    assert user.is_staff is is_admin
    assert user.groups.filter(name=ADMIN_GROUP_NAME).exists() is is_admin


def test_role_change_takes_the_admin_site_away():
    user = UserFactory.create(role=Role.ADMIN)
    user_apply_role(user=user)
    user.role = Role.PROFESSIONAL
    user.save()
    user_apply_role(user=user)
    user.refresh_from_db()
    assert not user.is_staff
    assert not user.groups.exists()


def test_functional_admin_manages_users_of_own_municipality_only(login_client):
    admin_user = UserFactory.create(role=Role.ADMIN)
    user_apply_role(user=admin_user)
    own = UserFactory.create(municipality=admin_user.municipality, username="own-user")
    other = UserFactory.create(username="other-user")
    client = login_client(admin_user)
    listing = client.get("/beheer/accounts/user/")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "own-user" in html and "other-user" not in html
    assert other.municipality is not None
    assert other.municipality.name not in html  # not even in the filters
    assert client.get(f"/beheer/accounts/user/{own.pk}/change/").status_code == 200
    assert client.get(f"/beheer/accounts/user/{other.pk}/change/").status_code in {302, 404}
    assert client.get("/beheer/organisations/discipline/").status_code == 200

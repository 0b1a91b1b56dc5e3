"""Opting in and out: the choice, its history and who may make it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from wijkkompas.accounts.constants import Role
from wijkkompas.areas import services as area_services
from wijkkompas.circle import services
from wijkkompas.circle.models import SharingChoice
from wijkkompas.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


def test_opt_in_and_out_is_recorded(circle: Any) -> None:
    officer = circle.user(Role.POLICY_OFFICER)
    services.sharing_choose(user=officer, shares=True, note="Wij leren mee")
    circle.gm.refresh_from_db()
    assert circle.gm.shares_aggregates
    services.sharing_choose(user=officer, shares=False)
    circle.gm.refresh_from_db()
    assert not circle.gm.shares_aggregates
    history = list(SharingChoice.objects.filter(municipality=circle.gm).order_by("pk"))
    assert [(c.shares, c.note, c.chosen_by) for c in history] == [
        (True, "Wij leren mee", officer),
        (False, "", officer),
    ]
    assert all(c.chosen_at for c in history)


def test_the_same_choice_again_is_refused(circle: Any) -> None:
    with pytest.raises(ApplicationError):
        services.sharing_choose(user=circle.user(Role.POLICY_OFFICER), shares=False)
    assert not SharingChoice.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.RESEARCHER, Role.TEAM_LEAD, Role.PROFESSIONAL, Role.PRIVACY_OFFICER, "operator"]
)
def test_only_policy_officer_and_admin_choose(role: str, circle: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.sharing_choose(user=circle.user(role), shares=True)
    circle.gm.refresh_from_db()
    assert not circle.gm.shares_aggregates


def test_admin_chooses_and_the_municipality_form_is_recorded_too(circle: Any) -> None:
    admin = circle.user(Role.ADMIN)
    services.sharing_choose(user=admin, shares=True)
    area_services.municipality_update(
        user=admin, municipality=circle.gm, name="Oldebroek", shares_aggregates=False
    )
    # Saving the form without changing the choice records nothing.
    area_services.municipality_update(
        user=admin, municipality=circle.gm, name="Oldebroek", shares_aggregates=False
    )
    assert list(
        SharingChoice.objects.filter(municipality=circle.gm)
        .order_by("pk")
        .values_list("shares", "chosen_by")
    ) == [(True, admin.pk), (False, admin.pk)]


def test_a_policy_officer_cannot_choose_for_another_municipality(circle: Any) -> None:
    with pytest.raises(PermissionDenied):
        area_services.municipality_set_sharing(
            user=circle.user(Role.POLICY_OFFICER), municipality=circle.velsen, shares=True
        )

"""The self-assessments hold no personal data (they describe how a municipality or team is
organised): none of the models is personal, and the pages write no personal-data read or
write to the access log, only refusals."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.selfassessments.models import SelfAssessment, SelfAssessmentAnswer
from wijkkompas.selfassessments.tests.factories import submitted

pytestmark = pytest.mark.django_db


def test_no_personal_models() -> None:
    for model in (SelfAssessment, SelfAssessmentAnswer):
        assert not model.access_policy.personal


def test_pages_log_no_personal_data_access(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.POLICY_OFFICER))
    client.post(reverse("selfassessments:create"), {"round": world.nulmeting.pk})
    assessment = SelfAssessment.objects.get()
    client.get(reverse("selfassessments:edit", args=[assessment.pk]))
    client.get(reverse("selfassessments:detail", args=[assessment.pk]))
    client.get(reverse("selfassessments:comparison"))
    client.get(reverse("selfassessments:trend"))
    assert not AccessLogEntry.objects.filter(
        event__in=["read", "create", "update", "delete"]
    ).exists()


def test_out_of_scope_is_logged_as_refusal(world: Any, login_client: Any) -> None:
    foreign = submitted(
        measurement_round=world.nulmeting, municipality=world.private, scores=(1, 2)
    )
    response = login_client(world.user(Role.POLICY_OFFICER)).get(
        reverse("selfassessments:detail", args=[foreign.pk])
    )
    assert response.status_code == 404
    assert AccessLogEntry.objects.filter(event="refused").exists()

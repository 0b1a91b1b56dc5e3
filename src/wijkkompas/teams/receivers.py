"""Keep the team summaries right when organisations or areas change (see summaries.py)."""

from typing import Any

from django.dispatch import receiver

from wijkkompas.areas.signals import area_changed
from wijkkompas.organisations.signals import organisation_changed

from .models import Membership, Team
from .summaries import team_summaries_refresh


@receiver(organisation_changed, dispatch_uid="wijkkompas.teams.organisation_changed")
def _organisation_changed(sender: Any, organisation_id: int, **kwargs: Any) -> None:
    team_ids = Membership.objects.filter(organisation_id=organisation_id).values_list(
        "team_id", flat=True
    )
    team_summaries_refresh(set(team_ids))


@receiver(area_changed, dispatch_uid="wijkkompas.teams.area_changed")
def _area_changed(
    sender: Any, district_id: int | None = None, neighbourhood_id: int | None = None, **kwargs: Any
) -> None:
    teams = Team.objects.none()
    if district_id is not None:
        teams = Team.objects.filter(districts=district_id)
    elif neighbourhood_id is not None:
        teams = Team.objects.filter(neighbourhoods=neighbourhood_id)
    team_summaries_refresh(set(teams.values_list("pk", flat=True)))

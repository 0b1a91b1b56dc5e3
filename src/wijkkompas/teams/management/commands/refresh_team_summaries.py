"""Recompute every team's derived summary (see wijkkompas.teams.summaries)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from wijkkompas.teams.selectors import all_team_ids
from wijkkompas.teams.services import team_summaries_refresh


class Command(BaseCommand):
    help = (
        "Recompute the derived summary (areas; members per ring, craft, discipline) of all teams."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = team_summaries_refresh(all_team_ids())
        self.stdout.write(self.style.SUCCESS(f"Refreshed the summaries of {count} teams."))

"""Write digests for conversations that have none (e.g. saved before signals existed) and
recompute a municipality's year of signals.

    wijkkompas signals_digest --municipality GM0269 [--year 2026] [--all]
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from wijkkompas.areas import selectors as area_selectors
from wijkkompas.signals import selectors, services


class Command(BaseCommand):
    help = "Build missing conversation digests and recompute the signals of a year."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--municipality", required=True, help="CBS code, e.g. GM0269")
        parser.add_argument("--year", type=int, default=timezone.localdate().year)
        parser.add_argument("--all", action="store_true", help="rewrite every digest")

    def handle(self, *args: Any, **options: Any) -> None:
        municipality = (
            area_selectors.public_municipality_list().filter(code=options["municipality"]).first()
        )
        if municipality is None:
            raise CommandError(f"No municipality {options['municipality']}")
        ids = selectors.conversations_without_digest(
            municipality_id=municipality.pk, everything=options["all"]
        )
        cache: dict[Any, Any] = {}
        written = 0
        for i in range(0, len(ids), 2000):
            written += services.digests_bulk_write(conversation_ids=ids[i : i + 2000], cache=cache)
        rows = services.signals_recompute(municipality_id=municipality.pk, year=options["year"])
        self.stdout.write(f"{written} digests written, {rows} signal rows for {options['year']}")

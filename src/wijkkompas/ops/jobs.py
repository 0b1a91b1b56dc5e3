"""Periodic jobs of the scheduler that are not a task of their own app."""

from __future__ import annotations

from django.utils import timezone

from wijkkompas.areas import selectors as area_selectors
from wijkkompas.signals import services as signal_services


def refresh_signals() -> dict[str, int]:
    """Recompute this year's signals of every municipality (nightly, beside the updates
    per conversation), as ``wijkkompas signals_digest`` does for one."""
    year = timezone.localdate().year
    municipalities = list(area_selectors.public_municipality_list().values_list("pk", flat=True))
    for municipality_id in municipalities:
        signal_services.signals_recompute(municipality_id=municipality_id, year=year)
    return {"municipalities": len(municipalities), "year": year}

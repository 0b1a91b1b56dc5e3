"""The demo's neighbourhood signals: digests of the demo conversations of Oldebroek (Wezep)
and the signals of this year and last year.

Call after the cases are loaded (the conversations exist). Idempotent: digests are rewritten
and a recomputation replaces the rows of its year. De-identification loads the deduce model
once (about 10 s with its cache built by ``make install``).
"""

from __future__ import annotations

from django.utils import timezone

from wijkkompas.areas.models import Municipality
from wijkkompas.signals import selectors as signal_selectors
from wijkkompas.signals import services as signal_services

DEMO_MUNICIPALITY = "GM0269"  # Oldebroek


def signals_demo_load() -> int:
    """Digests and signals of the demo municipality; returns the number of signal rows."""
    municipality = Municipality.objects.filter(code=DEMO_MUNICIPALITY).first()
    if municipality is None:
        return 0
    ids = signal_selectors.conversations_without_digest(
        municipality_id=municipality.pk, everything=True
    )
    cache: dict = {}
    for i in range(0, len(ids), 2000):
        signal_services.digests_bulk_write(conversation_ids=ids[i : i + 2000], cache=cache)
    year = timezone.localdate().year
    rows = 0
    for y in (year - 1, year):
        rows += signal_services.signals_recompute(municipality_id=municipality.pk, year=y)
    return rows

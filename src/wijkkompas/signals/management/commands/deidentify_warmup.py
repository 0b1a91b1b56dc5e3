"""Build the lookup cache of the de-identification model (``deduce``) and check it works.

``make install`` runs this once, so the first conversation saved after an install does not
wait about two minutes for the cache: with it, loading takes about ten seconds.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from wijkkompas.signals import text


class Command(BaseCommand):
    help = "Build the deduce lookup cache (de-identification of free text for signals)."
    requires_system_checks: list[str] = []

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        sample = "Jan Jansen woont aan de Dorpsstraat 12 in Wezep, telefoon 06-12345678."
        cleaned = text.deidentify(sample)
        if "Jansen" in cleaned or "12345678" in cleaned:
            raise SystemExit("De-identification does not work: check the deduce install.")
        self.stdout.write(f"deduce ready in {time.perf_counter() - started:.1f} s")

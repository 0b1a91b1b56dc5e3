"""``wijkkompas load_demo``: load the demo (idempotent) and say what exists."""

from typing import Any

from django.core.management.base import BaseCommand

from wijkkompas.demo.services import demo_load, demo_overview


class Command(BaseCommand):
    help = (
        "Load the demo: Oldebroek (Wezep, Krachtstroom) and the eleven Kenniskring "
        "municipalities, with one demo account per role, and the Krachtstroom team's "
        "households, conversations and plans and a generated year of its conversations "
        "across Wezep's neighbourhoods (dated relative to today). Running it again "
        "creates nothing; it moves the case dates along to the new day."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        summary = demo_load()
        created = sum(summary.created.values())
        kept = sum(summary.updated.values())
        self.stdout.write(
            self.style.SUCCESS(f"Demo loaded: {created} rows created, {kept} already there.")
        )
        self.stdout.write("Real municipality names; all people and teams are fictional.")
        for line in demo_overview():
            self.stdout.write(f"  {line}")

"""``wijkkompas generate --scale small|large [--seed N] [--reset]``: fictional bench data."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkkompas.demo.generator import (
    DEFAULT_SEED,
    SCALES,
    GeneratedDataExists,
    bench_data_generate,
    generated_data_remove,
)


class Command(BaseCommand):
    help = (
        "Fill the database with fictional data at a given size (bulk inserts), for "
        "benchmarks and load tests. Generated municipalities have CBS codes GM8001 and up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (repeatable)"
        )
        parser.add_argument(
            "--reset", action="store_true", help="remove earlier generated data (GM8xxx) first"
        )
        parser.add_argument(
            "--remove", action="store_true", help="only remove generated data, generate nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["remove"]:
                removed = generated_data_remove()
                self.stdout.write(f"Removed {removed} generated municipalities and their data.")
                return
            result = bench_data_generate(
                scale=options["scale"], seed=options["seed"], reset=options["reset"]
            )
        except GeneratedDataExists as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {result.scale!r} (seed {result.seed}) in {result.seconds:.2f} s: "
                f"{counts} ({result.rows / max(result.seconds, 1e-9):,.0f} rows/s)."
            )
        )

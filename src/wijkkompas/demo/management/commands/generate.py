"""``wijkkompas generate --scale small|large [--conversations N] [--seed N] [--reset]``:
fictional bench data; ``--top-up --conversations N`` adds case data to what is there."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wijkkompas.demo.generator import (
    DEFAULT_SEED,
    SCALES,
    GeneratedDataExists,
    bench_cases_top_up,
    bench_data_generate,
    generated_data_remove,
)


class Command(BaseCommand):
    help = (
        "Fill the database with fictional data at a given size (COPY on PostgreSQL, bulk "
        "inserts elsewhere), for benchmarks and load tests. Generated municipalities have CBS "
        "codes GM8001 and up."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--conversations",
            type=int,
            help="case data size in conversations (default: the scale's; 0: no case data)",
        )
        parser.add_argument(
            "--top-up",
            action="store_true",
            help="add case data until there are --conversations conversations in total",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help="random seed (repeatable)"
        )
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            help="the day the generated dates are relative to (YYYY-MM-DD; default: today)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="remove earlier generated data (GM8xxx) first"
        )
        parser.add_argument(
            "--remove", action="store_true", help="only remove generated data, generate nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def say(message: str) -> None:
            self.stdout.write(message)

        try:
            if options["remove"]:
                removed = generated_data_remove()
                self.stdout.write(f"Removed {removed} generated municipalities and their data.")
                return
            if options["top_up"]:
                if options["conversations"] is None:
                    raise CommandError("--top-up needs --conversations")
                result = bench_cases_top_up(
                    conversations=options["conversations"],
                    seed=options["seed"],
                    today=options["today"],
                    say=say,
                )
            else:
                result = bench_data_generate(
                    scale=options["scale"],
                    seed=options["seed"],
                    reset=options["reset"],
                    conversations=options["conversations"],
                    today=options["today"],
                    say=say,
                )
        except (GeneratedDataExists, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated scale {result.scale!r} (seed {result.seed}) in {result.seconds:.2f} s: "
                f"{counts} ({result.rows / max(result.seconds, 1e-9):,.0f} rows/s)."
            )
        )

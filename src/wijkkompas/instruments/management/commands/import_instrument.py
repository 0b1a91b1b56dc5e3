"""Import an instrument (JSON) or criterion texts (CSV) from a file: the operator's route.

    wijkkompas import_instrument docs/examples/wat-telt.json --municipality GM0363
    wijkkompas import_instrument zrm-criteria.csv --municipality GM0363 \\
        --instrument zrm --instrument-version 2017
    wijkkompas import_instrument other.json            # shipped to every municipality

The same service as the page (``instruments.services.instrument_import``): all or nothing,
and importing the same file again changes nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments.constants import MAX_FILE_SIZE
from wijkkompas.instruments.selectors import municipality_for_code, version_for_import
from wijkkompas.instruments.services import InstrumentFileError, instrument_import


class Command(BaseCommand):
    help = (
        "Import an instrument (JSON) or criterion texts (CSV) from a file, for a "
        "municipality or (without --municipality) for every municipality."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="The JSON or CSV file (UTF-8, at most 1 MB).")
        parser.add_argument(
            "--municipality",
            metavar="GMxxxx",
            help="CBS code of the municipality the instrument or criterion texts are for.",
        )
        parser.add_argument(
            "--instrument",
            metavar="CODE",
            help="For a CSV file: the code of the instrument the criterion texts belong to.",
        )
        parser.add_argument(
            "--instrument-version",
            dest="version_label",
            metavar="LABEL",
            help="For a CSV file: the version label (e.g. 2017).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_SIZE + 1)
        municipality = None
        if options["municipality"]:
            municipality = municipality_for_code(options["municipality"])
            if municipality is None:
                raise CommandError(f"No municipality with code {options['municipality']}.")
        version = None
        if options["instrument"] or options["version_label"]:
            if not (options["instrument"] and options["version_label"]):
                raise CommandError(
                    "Give both --instrument and --instrument-version for a CSV file."
                )
            version = version_for_import(
                municipality=municipality,
                instrument_code=options["instrument"],
                label=options["version_label"],
            )
            if version is None:
                raise CommandError(
                    f"No instrument {options['instrument']} with version "
                    f"{options['version_label']} for this municipality."
                )
        try:
            result = instrument_import(
                user=None,
                content=content,
                filename=path.name,
                municipality=municipality,
                version=version,
            )
        except InstrumentFileError as error:
            for problem in error.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{path.name} was not imported: nothing changed.") from error
        except ApplicationError as error:
            raise CommandError(str(error.message)) from error
        style = self.style.SUCCESS if result.changed else self.style.WARNING
        self.stdout.write(style(result.message))

"""``wijkkompas restore DIRECTORY``: restore a backup of ``wijkkompas backup`` into the
(empty) database of ``DATABASE_URL`` and the uploaded files into ``MEDIA_ROOT``, then prove
it: every table must hold exactly the rows the manifest counted at backup time.

It refuses a damaged backup (a file whose SHA-256 differs from the manifest), a database that
already has tables and a ``MEDIA_ROOT`` that already holds files: a restore never mixes with
existing data. ``pg_restore`` runs in one transaction, so a failed restore leaves the
database empty.
"""

from __future__ import annotations

import json
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from .backup import (
    DUMP,
    FORMAT,
    MANIFEST,
    MEDIA,
    connect,
    count_rows,
    database_settings,
    libpq_environment,
    pg_tool,
    sha256,
)


class Command(BaseCommand):
    help = "Restore a backup (wijkkompas backup) into an empty database and check every table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", help="the backup's directory")
        parser.add_argument(
            "--no-media", action="store_true", help="Do not restore the uploaded files."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        database = database_settings()
        directory = Path(options["directory"])
        manifest = self.read_manifest(directory)
        with connect(database) as conn, conn.cursor() as cursor:
            if count_rows(cursor):
                raise CommandError(
                    f"The database {database['NAME']} already has tables: restore into a new, "
                    "empty database (createdb) and point DATABASE_URL at it."
                )
        media_root = Path(settings.MEDIA_ROOT)
        restore_media = not options["no_media"] and MEDIA in manifest["files"]
        if restore_media and media_root.is_dir() and any(media_root.iterdir()):
            raise CommandError(f"{media_root} (MEDIA_ROOT) is not empty: choose an empty one.")

        result = subprocess.run(
            [
                pg_tool("pg_restore"),
                "--exit-on-error",
                "--single-transaction",
                "--no-owner",
                "--dbname",
                str(database["NAME"]),
                str(directory / DUMP),
            ],
            env=libpq_environment(database),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed (nothing restored): {result.stderr.strip()}")

        restored_files = 0
        if restore_media:
            media_root.mkdir(parents=True, exist_ok=True)
            with tarfile.open(directory / MEDIA, "r:gz") as tar:
                members = [m for m in tar.getmembers() if m.isfile()]
                tar.extractall(media_root, members=members, filter="data")
                restored_files = len(members)

        with connect(database) as conn, conn.cursor() as cursor:
            found = count_rows(cursor)
        expected: dict[str, int] = manifest["tables"]
        differences = [
            f"{table}: {found.get(table)} rows, expected {rows}"
            for table, rows in sorted(expected.items())
            if found.get(table) != rows
        ]
        differences += [
            f"{table}: not in the backup" for table in sorted(set(found) - set(expected))
        ]
        if differences:
            raise CommandError("The restored database differs: " + "; ".join(differences))
        if restore_media and restored_files != manifest["media_files"]:
            raise CommandError(
                f"{restored_files} uploaded files restored, expected {manifest['media_files']}."
            )
        self.stdout.write(
            f"Restored {directory} into {database['NAME']}: {len(found)} tables, "
            f"{sum(found.values())} rows (every table as counted at backup time), "
            f"{restored_files} uploaded files."
        )

    def read_manifest(self, directory: Path) -> dict[str, Any]:
        try:
            manifest = json.loads((directory / MANIFEST).read_text())
        except (OSError, ValueError) as exc:
            raise CommandError(f"{directory} is not a backup of wijkkompas backup: {exc}") from None
        if manifest.get("format") != FORMAT:
            raise CommandError(f"Unknown backup format {manifest.get('format')!r}.")
        for name, digest in manifest["files"].items():
            path = directory / name
            if not path.is_file() or sha256(path) != digest:
                raise CommandError(f"{path} is missing or damaged (its SHA-256 differs).")
        return manifest

"""``wijkkompas backup [DIRECTORY]``: a consistent backup of the PostgreSQL database and of
the uploaded files (``MEDIA_ROOT``: story photos), restorable with ``wijkkompas restore``.

The directory receives:

- ``database.dump``: ``pg_dump --format=custom`` of the whole database (every table, the
  access log included), taken from one snapshot while the application keeps running;
- ``media.tar.gz``: the uploaded files (when ``MEDIA_ROOT`` exists);
- ``manifest.json``: when, from which database, the number of rows of every table *in the
  same snapshot as the dump*, and the SHA-256 of each file, so that the restore can prove it
  found every row and that no file was damaged on the way.

Files waiting for an import (``var/imports``) and access exports waiting to be handed over
(``var/exports``) are short-lived and not backed up (see docs/operators/backup.md).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

MANIFEST = "manifest.json"
DUMP = "database.dump"
MEDIA = "media.tar.gz"
FORMAT = 1

#: Every table of the public schema with its number of rows, counted in one query.
COUNT_ROWS = """
SELECT c.relname,
       (xpath('/row/n/text()',
              query_to_xml(format('SELECT count(*) AS n FROM public.%I', c.relname),
                           false, true, '')))[1]::text::bigint
FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname = 'public' AND c.relkind IN ('r', 'p')
ORDER BY c.relname
"""


def database_settings() -> dict[str, Any]:
    from django.db import connections

    database = settings.DATABASES["default"]
    if connections["default"].vendor != "postgresql":
        raise CommandError(
            "wijkkompas backup works on PostgreSQL (DATABASE_URL=postgres://…). A SQLite "
            "database is one file: stop the app and copy it."
        )
    return database


def libpq_environment(database: dict[str, Any]) -> dict[str, str]:
    """The environment for pg_dump/pg_restore/psycopg: the connection without a password
    on the command line."""
    env = dict(os.environ)
    env.update(
        PGHOST=str(database.get("HOST") or "127.0.0.1"),
        PGPORT=str(database.get("PORT") or "5432"),
        PGUSER=str(database.get("USER") or "postgres"),
        PGDATABASE=str(database["NAME"]),
    )
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = str(database["PASSWORD"])
    return env


def connect(database: dict[str, Any]) -> Any:
    import psycopg

    return psycopg.connect(
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or "5432",
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        dbname=database["NAME"],
        autocommit=True,
    )


def count_rows(cursor: Any) -> dict[str, int]:
    cursor.execute(COUNT_ROWS)
    return {name: int(count) for name, count in cursor.fetchall()}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` from ``WIJKKOMPAS_PG_BIN`` or the PATH."""
    directory = os.environ.get("WIJKKOMPAS_PG_BIN")
    found = str(Path(directory) / name) if directory else shutil.which(name)
    if not found:
        raise CommandError(f"{name} not found: install the PostgreSQL client (postgresql-client).")
    return found


class Command(BaseCommand):
    help = "Back up the database (pg_dump, one snapshot) and the uploaded files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            help="where to write the backup (default: var/backups/<UTC time>); must be new "
            "or empty",
        )
        parser.add_argument("--no-media", action="store_true", help="Leave out the uploaded files.")

    def handle(self, *args: Any, **options: Any) -> None:
        database = database_settings()
        started = timezone.now()
        directory = Path(
            options["directory"]
            or Path(settings.VAR_DIR) / "backups" / started.strftime("%Y%m%dT%H%M%SZ")
        )
        if directory.exists() and any(directory.iterdir()):
            raise CommandError(f"{directory} is not empty: choose a new directory.")
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)

        # One snapshot for the counts and the dump: the manifest's counts are exactly what
        # the dump holds, even while the application writes.
        with connect(database) as conn:
            conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
            server = conn.execute("SHOW server_version").fetchone()[0]
            with conn.cursor() as cursor:
                tables = count_rows(cursor)
            dump = directory / DUMP
            result = subprocess.run(
                [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--file", dump],
                env=libpq_environment(database),
                capture_output=True,
                text=True,
            )
            conn.execute("ROLLBACK")
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")

        files = {DUMP: sha256(dump)}
        media_root = Path(settings.MEDIA_ROOT)
        media_files = 0
        if not options["no_media"] and media_root.is_dir():
            archive = directory / MEDIA
            with tarfile.open(archive, "w:gz") as tar:
                for path in sorted(media_root.rglob("*")):
                    if path.is_file():
                        tar.add(path, arcname=str(path.relative_to(media_root)))
                        media_files += 1
            files[MEDIA] = sha256(archive)

        manifest = {
            "format": FORMAT,
            "created_at": started.isoformat(),
            "database": database["NAME"],
            "server_version": server,
            "tables": tables,
            "media_files": media_files,
            "files": files,
        }
        (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        self.stdout.write(
            f"Backup in {directory}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{media_files} uploaded files."
        )

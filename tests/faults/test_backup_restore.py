"""Backup and restore: ``wijkkompas backup`` of a database with the demo and generated data
(and the access log), ``wijkkompas restore`` into an empty database on the same cluster;
every table found again, row for row (count and checksum per table), the sequences where
they were, the uploaded files byte for byte, and the restored database serves."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .harness import App

#: Count and checksum of every row of a table (rows as text, in a fixed order).
CHECKSUM = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {} t"


def table_fingerprints(pg: object, name: str) -> dict[str, tuple[int, str]]:
    tables = [
        row[0]
        for row in pg.execute(  # type: ignore[attr-defined]
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1", name
        )
    ]
    return {
        table: tuple(pg.execute(CHECKSUM.format(f'public."{table}"'), name)[0])  # type: ignore[attr-defined]
        for table in tables
    }


def sequences(pg: object, name: str) -> dict[str, int | None]:
    return {
        row[0]: row[1]
        for row in pg.execute(  # type: ignore[attr-defined]
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'", name
        )
    }


def test_backup_restores_every_row_into_an_empty_database(
    make_app: Callable[..., App], cluster: tuple
) -> None:
    work, pg, _redis = cluster
    source = make_app()
    source.manage("generate", "--scale", "small", "--conversations", "300", "--seed", "7")
    # Access-log entries of a professional reading case data, written by the app itself.
    source_db = source.environ["DATABASE_URL"].rsplit("/", 1)[1]
    entries = "SELECT count(*) FROM audit_accesslogentry"
    logged = pg.execute(entries, source_db)[0][0]
    source.start_web()
    professional = source.session_for("demo-professional")
    assert professional.get("/inwoners/").status == 200
    assert pg.execute(entries, source_db)[0][0] > logged
    media = Path(source.environ["WIJKKOMPAS_MEDIA_ROOT"]) / "stories"
    media.mkdir(parents=True)
    (media / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(range(256)) * 40)
    before = table_fingerprints(pg, source_db)
    assert before["audit_accesslogentry"][0] > 0, "the demo wrote no access-log entries"

    backup = work.path / "backup-1"
    out = source.manage("backup", str(backup))
    assert "Backup in" in out
    assert {p.name for p in backup.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}

    # The restore target: a new empty database and an empty MEDIA_ROOT.
    target_db = source_db + "_restored"
    pg.create_database(target_db)
    target = make_app()
    target.environ["DATABASE_URL"] = pg.url(target_db)
    out = target.manage("restore", str(backup))
    assert "every table as counted at backup time" in out

    after = table_fingerprints(pg, target_db)
    assert after.keys() == before.keys()
    different = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
    assert not different, f"tables differ after the restore: {different}"
    assert sequences(pg, target_db) == sequences(pg, source_db)
    restored = Path(target.environ["WIJKKOMPAS_MEDIA_ROOT"]) / "stories" / "photo.jpg"
    assert restored.read_bytes() == (media / "photo.jpg").read_bytes()

    # The restored database is complete for the app: no migration missing, and it serves.
    target.manage("migrate", "--check")
    target.start_web()
    assert target.http().get("/health/").status == 200

    # A restore never mixes with existing data, and refuses a damaged backup.
    refused = _restore_refusal(target, backup)
    assert "already has tables" in refused
    dump = backup / "database.dump"
    dump.write_bytes(dump.read_bytes()[:-10])
    pg.create_database(target_db + "_2")
    third = make_app()
    third.environ["DATABASE_URL"] = pg.url(target_db + "_2")
    assert "damaged" in _restore_refusal(third, backup)
    assert table_fingerprints(pg, target_db + "_2") == {}


def _restore_refusal(app: App, backup: Path) -> str:
    try:
        app.manage("restore", str(backup))
    except RuntimeError as exc:
        return str(exc)
    raise AssertionError("the restore was not refused")

"""The access log is append-only: on PostgreSQL a trigger refuses UPDATE and DELETE on the
log tables, except a DELETE in a transaction that set ``wijkkompas.audit_purge = 'on'``
(``SET LOCAL``, only in ``audit.services.access_log_purge``).

SQLite (the demo database) gets no trigger: Django's test flush empties tables with DELETE
there, and SQLite has no transaction-local settings. The model layer refuses updates and
deletes on both (``audit.models.AppendOnlyQuerySet``); see docs/operators/access-log.md.
"""

from django.db import migrations

TABLES = ("audit_accesslogentry", "audit_accesslogsubject")

FUNCTION = """
CREATE OR REPLACE FUNCTION wijkkompas_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('wijkkompas.audit_purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

FORWARDS = [FUNCTION] + [
    f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
    f"FOR EACH ROW EXECUTE FUNCTION wijkkompas_audit_append_only();"
    for table in TABLES
]
BACKWARDS = [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};" for table in TABLES] + [
    "DROP FUNCTION IF EXISTS wijkkompas_audit_append_only();"
]


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only (a no-op elsewhere)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_ldv_fields")]

    operations = [PostgreSQLOnly(sql=FORWARDS, reverse_sql=BACKWARDS)]

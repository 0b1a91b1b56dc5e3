"""What the API reads of an import job: status, counts and progress, never file content."""

from __future__ import annotations

from rest_framework import serializers

from ..constants import ImportKind, JobStatus
from ..models import ImportJob


class ImportJobSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """An import job of the user: the team by id; counts and progress; errors by row and
    column (messages quote no value from the file)."""

    import_kind = serializers.ChoiceField(source="kind", choices=ImportKind.choices, read_only=True)
    import_status = serializers.ChoiceField(
        source="status", choices=JobStatus.choices, read_only=True
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "municipality",
            "team",
            "import_kind",
            "source_system",
            "file_format",
            "size",
            "import_status",
            "total_rows",
            "processed_rows",
            "progress",
            "new_count",
            "changed_count",
            "unchanged_count",
            "error_count",
            "message",
            "created_at",
            "checked_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

"""Choices and limits of imports from other registration systems."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class ImportKind(models.TextChoices):
    """What a file holds (one kind per file)."""

    RESIDENTS = "residents", _("Residents (with consent)")
    CONVERSATIONS = "conversations", _("Conversations")
    ASSESSMENTS = "assessments", _("Scores (ZRM, participation ladder)")
    INITIATIVES = "initiatives", _("Initiatives")


class JobStatus(models.TextChoices):
    """Where an import stands: uploaded → checking (dry run) → checked → queued → running
    → done, or failed (nothing written)."""

    UPLOADED = "uploaded", _("Uploaded: map the columns")
    CHECKING = "checking", _("Checking the file")
    CHECKED = "checked", _("Checked: confirm the import")
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed: nothing was imported")


class RowStatus(models.TextChoices):
    """What an import does with one row."""

    NEW = "new", _("New")
    CHANGED = "changed", _("Changed")
    UNCHANGED = "unchanged", _("Unchanged")
    ERROR = "error", _("Error")


#: Roles that import case data (residents, conversations, scores): those that change case
#: data of their own team (``residents.constants.CASE_CHANGE_ROLES``); initiatives: the roles
#: that create initiatives. The permission layer decides per object on top of this.
TEAM_IMPORT_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
IMPORT_ROLES = TEAM_IMPORT_ROLES | {Role.ADMIN}

#: Default largest file (bytes) and most data rows; settings WIJKKOMPAS_IMPORT_MAX_BYTES and
#: WIJKKOMPAS_IMPORT_MAX_ROWS override them.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
DEFAULT_MAX_ROWS = 200_000
#: Hours an uploaded file is kept when its import is not run (WIJKKOMPAS_IMPORT_RETENTION_HOURS).
DEFAULT_RETENTION_HOURS = 24
#: Errors kept on a job (the rest are counted).
MAX_STORED_ERRORS = 1000
#: Rows of the dry run shown on the page (the counts cover all rows).
PREVIEW_ROWS = 200
#: Rows written per statement and between two progress updates.
CHUNK = 2000
#: File types accepted, by extension.
CSV = "csv"
XLSX = "xlsx"
EXTENSIONS = {".csv": CSV, ".txt": CSV, ".xlsx": XLSX}
#: Length of the source system's name and of an external id (the model fields).
SOURCE_MAX = 40
EXTERNAL_ID_MAX = 64

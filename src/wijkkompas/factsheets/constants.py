"""Constants of the factsheets (issue 5, item 6): who sees them and the steps of a PDF run."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import TEAM_ROLES, Role

#: Roles that see the factsheets of every team of their municipality, and the
#: municipality's own factsheet. Researchers see those of municipalities that share their
#: aggregates with the knowledge circle (``AccessPolicy.shared``).
FACTSHEET_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})
#: Roles that see the factsheet of their own teams (never the municipality's).
FACTSHEET_TEAM_ROLES = TEAM_ROLES


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class Step(models.TextChoices):
    """The steps of making a PDF, with the progress (0–100) each starts at."""

    QUEUED = "queued", _("Waiting for its turn")
    COLLECTING = "collecting", _("Collecting teams, areas and composition")
    INDICATORS = "indicators", _("Computing the indicators")
    RENDERING = "rendering", _("Laying out the PDF")
    STORING = "storing", _("Storing the file")
    DONE = "done", _("Done")
    FAILED = "failed", _("Stopped")


STEP_PROGRESS = {
    Step.QUEUED: 0,
    Step.COLLECTING: 10,
    Step.INDICATORS: 35,
    Step.RENDERING: 60,
    Step.STORING: 90,
    Step.DONE: 100,
}

#: Query parameter of the year a factsheet covers (the indicators' period).
YEAR_PARAM = "jaar"
#: Query parameter of the export format (``core.exports``).
FORMAT_PARAM = "formaat"

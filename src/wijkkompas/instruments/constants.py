"""Choices of the instruments domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    MATRIX = "matrix", _("Matrix: several domains, each scored on the same levels")
    LADDER = "ladder", _("Ladder: one score on a sequence of rungs")


#: Codes of the instruments shipped with Wijkkompas (data migration 0002).
ZRM = "zrm"
PARTICIPATIELADDER = "participatieladder"

#: Largest instrument or criteria file accepted (1 MB): the files are small reference data.
MAX_FILE_SIZE = 1024 * 1024
#: Limits on one instrument version read from a file (sanity, not a rule of any instrument).
MAX_DOMAINS = 60
MAX_LEVELS = 20
MAX_LEVEL_VALUE = 100
MAX_CRITERION_LENGTH = 4000
#: At most this many problems are listed for one refused file (the rest are counted).
MAX_REPORTED_PROBLEMS = 50

"""Choices of the instruments domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    MATRIX = "matrix", _("Matrix: several domains, each scored on the same levels")
    LADDER = "ladder", _("Ladder: one score on a sequence of rungs")


#: Codes of the instruments shipped with Wijkkompas (data migration 0002).
ZRM = "zrm"
PARTICIPATIELADDER = "participatieladder"

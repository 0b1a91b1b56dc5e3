"""Constants of the self-assessment rounds (zelfevaluatie), see DESIGN.md."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role

#: The five points of the scale: 1 is the left pole of a question, 5 the right pole.
SCALE = (1, 2, 3, 4, 5)

#: The code of the questionnaire shipped with the product (appendix 1 of the Kenniskring
#: document: the eleven choice questions). Another set can be added as data.
KENNISKRING_QUESTIONNAIRE = "kenniskring-2015"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Side(models.TextChoices):
    """The two answers to every question."""

    REALITY = "reality", _("As it is")
    WISH = "wish", _("As we want it")


#: The policy officer fills in the assessment of the municipality (and sees the
#: assessments of its teams); the team lead fills in the assessment of their own teams.
ASSESSMENT_ROLES = frozenset({Role.POLICY_OFFICER})
ASSESSMENT_TEAM_ROLES = frozenset({Role.TEAM_LEAD})

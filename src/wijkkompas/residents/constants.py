"""Choices and role sets of the residents domain (DESIGN.md, "Individual work")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class ConsentPart(models.TextChoices):
    """Parts of a resident's file that a consent may cover (``Consent.covers_<part>``)."""

    PERSONALIA = "personalia", _("Name and contact details")
    CONVERSATIONS = "conversations", _("Conversations")
    ASSESSMENTS = "assessments", _("Self-sufficiency scores (ZRM, participation ladder)")
    PLAN = "plan", _("Plan and risk signals")
    CASE_DISCUSSION = "case_discussion", _("Case discussions")


class ConsentPurpose(models.TextChoices):
    """Why the data may be used (purpose binding, AVG art. 5)."""

    SUPPORT = "support", _("Support by the neighbourhood team")
    COORDINATION = "coordination", _("Coordinating one plan for the household")
    CASE_DISCUSSION = "case_discussion", _("Discussing the situation in a closed case discussion")
    WMO = "wmo", _("Investigating a Wmo support question")
    REFERRAL = "referral", _("Referral to specialised help")


class ConsentForm(models.TextChoices):
    VERBAL = "verbal", _("Verbal, recorded by the professional")
    WRITTEN = "written", _("Written, signed form")
    DIGITAL = "digital", _("Digital, by the resident in Mijn plan")


class RiskKind(models.TextChoices):
    SAFETY = "safety", _("Safety")
    CARE_AVOIDANCE = "care_avoidance", _("Care avoidance")
    DEBTS = "debts", _("Debts")
    DOMESTIC_VIOLENCE = "domestic_violence", _("Domestic violence or child abuse (Meldcode)")


class Urgency(models.IntegerChoices):
    """Higher is more urgent; the worklist sorts on it."""

    LOW = 1, _("Low")
    MEDIUM = 2, _("Medium")
    HIGH = 3, _("High")
    ACUTE = 4, _("Acute")


class MeldcodeStep(models.IntegerChoices):
    """The five steps of the Meldcode huiselijk geweld en kindermishandeling (2019)."""

    MAP_SIGNALS = 1, _("1. Map the signals")
    CONSULT = 2, _("2. Consult a colleague and, if needed, Veilig Thuis")
    TALK = 3, _("3. Talk with the person concerned")
    WEIGH = 4, _("4. Weigh the violence, using the assessment framework")
    DECIDE = 5, _("5. Decide: report to Veilig Thuis and/or organise help")


#: Roles that work with cases: they see case data of their own teams under consent.
CASE_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
#: Roles that record and change case data of their own teams under consent.
CASE_CHANGE_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})


class ConsentStatus(models.TextChoices):
    """Where a consent stands today (derived from its dates and withdrawal, not stored)."""

    ACTIVE = "active", _("Active")
    PENDING = "pending", _("Not yet in force")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")


#: Parts a consent can cover besides the personalia, which every consent includes.
OPTIONAL_CONSENT_PARTS = [
    ConsentPart.CONVERSATIONS,
    ConsentPart.ASSESSMENTS,
    ConsentPart.PLAN,
    ConsentPart.CASE_DISCUSSION,
]

#: The national advice and reporting centre for domestic violence and child abuse.
VEILIG_THUIS_PHONE = "0800-2000"

"""Choices and limits of the signals domain."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class AreaKind(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    DISTRICT = "district", _("District")
    TEAM = "team", _("Team area")


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


#: Measure names (``AreaSignal.measure``); per-category measures carry the code after ':'.
CONVERSATIONS = "conversations"
OPPORTUNITIES = "opportunity"
IDEAS = "idea"
ASSESSED_ZRM = "zrm_assessed"
ASSESSED_LADDER = "ladder_assessed"
DOMAIN = "domain:"
OUTCOME = "outcome:"
ZRM = "zrm:"
LADDER = "ladder:"
THEME = "theme:"

#: ZRM levels counted as "low" (acute problems and not self-reliant).
ZRM_LOW_LEVELS = (1, 2)

#: Themes kept per area and period, and the least number of conversations a theme needs.
THEMES_PER_AREA = 8
THEME_MIN_CONVERSATIONS = 2

#: Roles that see exact counts and de-identified example sentences.
TEAM_VIEW_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
#: Roles that see suppressed counts and terms only (researchers: also shared municipalities;
#: the functional administrator, who starts recomputations, sees what policy officers see).
AGGREGATE_VIEW_ROLES = frozenset({Role.POLICY_OFFICER, Role.RESEARCHER, Role.ADMIN})
VIEW_ROLES = TEAM_VIEW_ROLES | AGGREGATE_VIEW_ROLES
#: Roles that see the signals of their whole own municipality (researchers see only the
#: municipalities that share aggregates, their own included only when it shares).
TENANT_VIEW_ROLES = VIEW_ROLES - {Role.RESEARCHER}
#: Roles that may start a recomputation.
RECOMPUTE_ROLES = frozenset({Role.TEAM_LEAD, Role.ADMIN})

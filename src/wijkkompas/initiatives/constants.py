"""Choices and role sets of collective opportunities and initiatives (DESIGN.md,
"Collective work")."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class TransformationLevel(models.TextChoices):
    """The level of the transformation an initiative works on."""

    NORMALISE = "normaliseren", _("Normalising (ordinary life, own network)")
    PREVENT = "preventie", _("Prevention (before problems grow)")
    INNOVATE = "innovatie", _("Innovation (a new way of working)")


class Origin(models.TextChoices):
    """Where an initiative came from."""

    RESIDENT_IDEA = "resident_idea", _("A residents' idea")
    TEAM_SIGNAL = "team_signal", _("A signal of the team")
    PARTNER = "partner", _("A partner")


class Stage(models.TextChoices):
    """The life of an initiative: idee → verkennen → proef → loopt → geborgd, or gestopt."""

    IDEA = "idee", _("Idea")
    EXPLORE = "verkennen", _("Exploring")
    TRIAL = "proef", _("Trial")
    RUNNING = "loopt", _("Running")
    EMBEDDED = "geborgd", _("Embedded")
    STOPPED = "gestopt", _("Stopped")


#: The stages in order (gestopt may follow any stage but geborgd).
STAGE_ORDER = [Stage.IDEA, Stage.EXPLORE, Stage.TRIAL, Stage.RUNNING, Stage.EMBEDDED]

#: Which stage may follow which: one step forward, one step back, or stop. A stopped
#: initiative may start again where the team chooses (it keeps its lesson in the history).
STAGE_TRANSITIONS: dict[str, frozenset[str]] = {
    Stage.IDEA: frozenset({Stage.EXPLORE, Stage.STOPPED}),
    Stage.EXPLORE: frozenset({Stage.IDEA, Stage.TRIAL, Stage.STOPPED}),
    Stage.TRIAL: frozenset({Stage.EXPLORE, Stage.RUNNING, Stage.STOPPED}),
    Stage.RUNNING: frozenset({Stage.TRIAL, Stage.EMBEDDED, Stage.STOPPED}),
    Stage.EMBEDDED: frozenset({Stage.RUNNING, Stage.STOPPED}),
    Stage.STOPPED: frozenset({Stage.IDEA, Stage.EXPLORE, Stage.TRIAL, Stage.RUNNING}),
}


#: The stages in which a public initiative is listed on the public pages: something is
#: happening that a resident can join. An idea or an initiative being explored is not yet
#: something to join (the residents' ideas have their own public list); a stopped one is
#: not any more. Its own public page stays open whatever the stage (it says the stage).
PUBLIC_LIST_STAGES = (Stage.TRIAL, Stage.RUNNING, Stage.EMBEDDED)

#: Most initiatives the public page of a neighbourhood lists.
PUBLIC_INITIATIVES_SHOWN = 50


class OpportunityStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DISCUSSED = "discussed", _("Discussed")
    LINKED = "linked", _("Linked to an initiative")
    DROPPED = "dropped", _("Dropped")


class SignalAreaKind(models.TextChoices):
    """The kinds of area a signal is computed for (the signal key of the signals app)."""

    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    DISTRICT = "district", _("District")
    TEAM = "team", _("Team area")


class SignalPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class AnswerKind(models.TextChoices):
    """Where a support question was answered, for the substitution goal."""

    COLLECTIVE = "collective", _("Collectively (own network or collective provision)")
    GENERAL = "general", _("General service")
    INDIVIDUAL = "individual", _("Individually (Wmo provision or second line)")


#: Conversation outcomes (``conversations.constants.Outcome``) per kind of answer.
OUTCOME_ANSWER = {
    "own_network": AnswerKind.COLLECTIVE,
    "collective": AnswerKind.COLLECTIVE,
    "general": AnswerKind.GENERAL,
    "wmo": AnswerKind.INDIVIDUAL,
    "second_line": AnswerKind.INDIVIDUAL,
}

#: Quarters shown on the substitution page.
SUBSTITUTION_QUARTERS = 8

TEAM_WORK_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})

#: Initiatives are no case data: every team role and the policy officer see those of their
#: municipality (the policy officer without names of people), the administrator too.
INITIATIVE_VIEW_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMIN}
)
#: The administrator changes every initiative of the municipality; team roles those of
#: their own teams; initiators those they are in charge of.
INITIATIVE_CHANGE_ROLES = frozenset({Role.ADMIN})
INITIATIVE_CHANGE_TEAM_ROLES = TEAM_WORK_ROLES
INITIATIVE_IN_CHARGE_ROLES = frozenset({Role.INITIATOR})
#: Roles that create an initiative (team roles in their own team, the administrator).
INITIATIVE_CREATE_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN}
)
#: Roles that see the names of the people of an initiative (residents in charge, coaches);
#: policy officers and researchers see the initiative without them.
INITIATIVE_NAMES_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD, Role.ADMIN, Role.INITIATOR}
)

#: Opportunities are the team's own work in progress: team roles of the team only.
OPPORTUNITY_TEAM_ROLES = TEAM_WORK_ROLES

#: Referrals are case data: the team roles that work with conversations.
REFERRAL_TEAM_ROLES = TEAM_WORK_ROLES

#: Rows per page of the initiative list.
INITIATIVES_PER_PAGE = 50

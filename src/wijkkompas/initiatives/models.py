"""Collective opportunities and initiatives (DESIGN.md, "Collective work").

* :class:`Opportunity` — collectieve kans: a signal or a residents' idea that a team judged
  worth acting on, discussed (:class:`OpportunityComment`) and linked to an initiative;
* :class:`Initiative` — collectieve dienst, voorziening of bewonersinitiatief, with its stage
  history (:class:`StageChange`) and stories (:class:`InitiativeStory`); what residents may
  see of a public one is read through :class:`PublicInitiative`;
* :class:`Referral` — a professional refers a conversation to an initiative: case data,
  visible only under the resident's consent; the initiative's people see a count only.

A signal is an aggregate that is recomputed, so nothing keeps a foreign key to a signal
row: an opportunity names its signal by the signal key (area kind and id, period kind and
start, measure) and keeps a text snapshot of what the signal said.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.residents.constants import ConsentPart

from .constants import (
    INITIATIVE_CHANGE_ROLES,
    INITIATIVE_CHANGE_TEAM_ROLES,
    INITIATIVE_IN_CHARGE_ROLES,
    INITIATIVE_VIEW_ROLES,
    OPPORTUNITY_TEAM_ROLES,
    REFERRAL_TEAM_ROLES,
    OpportunityStatus,
    Origin,
    SignalAreaKind,
    SignalPeriod,
    Stage,
    TransformationLevel,
)


def _initiative_policy(prefix: str = "") -> AccessPolicy:
    """The policy of an initiative, or of a row that belongs to one (``prefix``
    ``"initiative__"``)."""
    return AccessPolicy(
        tenant=f"{prefix}municipality_id",
        team=f"{prefix}team_id",
        view=INITIATIVE_VIEW_ROLES,
        change=INITIATIVE_CHANGE_ROLES,
        change_team=INITIATIVE_CHANGE_TEAM_ROLES,
        shared=f"{prefix}municipality__shares_aggregates",
        in_charge=f"{prefix}residents_in_charge__id",
        in_charge_roles=INITIATIVE_IN_CHARGE_ROLES,
        in_charge_actions=frozenset({"view", "change"}),
    )


class Initiative(models.Model):
    """Initiatief: a collective service, provision or residents' initiative (jonge
    moedergroep, buurtmaaltijd, klussendienst) that answers what many residents share."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    neighbourhoods = models.ManyToManyField(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhoods"),
        blank=True,
        related_name="initiatives",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
        help_text=_("The team that coaches the initiative."),
    )
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(
        _("transformation level"), max_length=20, choices=TransformationLevel.choices
    )
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)
    origin_idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("grown from idea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    lesson_learned = models.TextField(
        _("lesson learned"),
        blank=True,
        help_text=_("Required when the initiative stops: what did we learn?"),
    )
    residents_in_charge = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("residents in charge"),
        blank=True,
        related_name="initiatives_in_charge",
        help_text=_("Accounts with the role initiator that run the initiative."),
    )
    coaches = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coaches"),
        blank=True,
        related_name="initiatives_coached",
        help_text=_("Members of the team who support the initiative."),
    )
    partner_organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("partner organisations"),
        blank=True,
        related_name="initiatives",
    )
    other_partners = models.CharField(
        _("other partners"),
        max_length=300,
        blank=True,
        help_text=_("Partners without an organisation in Wijkkompas, e.g. 'de bakker, de kerk'."),
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    budget = models.DecimalField(
        _("budget (euro)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    participants_count = models.PositiveIntegerField(
        _("participants"),
        default=0,
        help_text=_("About how many residents take part."),
    )
    public = models.BooleanField(
        _("show on the public pages"),
        default=False,
        help_text=_(
            "Residents without an account see the initiative on the public page of its "
            "neighbourhoods while it is on trial, running or embedded: its name, description, "
            "stage, neighbourhoods, a public meeting place and how to join. Never the names "
            "of the people who run it or take part."
        ),
    )
    how_to_join = models.TextField(
        _("how to join"),
        max_length=1000,
        blank=True,
        help_text=_(
            "For residents, on the public pages: when and where it meets and how to join. "
            "Write no names, phone numbers or e-mail addresses of residents here."
        ),
    )
    external_id = models.CharField(
        _("id in the other system"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The number of this row in the system it was imported from."),
    )
    source_system = models.CharField(
        _("imported from system"),
        max_length=40,
        blank=True,
        help_text=_("The name of the system it was imported from."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _initiative_policy()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["municipality", "stage"], name="initiative_tenant_stage"),
            models.Index(fields=["team", "stage"], name="initiative_team_stage"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "source_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="initiative_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PublicInitiative(Initiative):
    """The public face of an initiative: the same row, with a policy of its own.

    Everyone, anonymous visitors and users of every municipality included, may view an
    initiative whose ``public`` flag is set (``AccessPolicy.public``); nobody changes it
    through this model. The flag is not on :class:`Initiative`'s own policy on purpose:
    that policy opens the staff pages (stage history, stories, referral counts, the names of
    the people in charge), which stay with the initiative's municipality. The public pages
    read through this model and show only the public fields
    (:func:`.selectors.public_initiatives`).
    """

    access_policy = AccessPolicy(tenant="municipality_id", public="public")

    class Meta:
        proxy = True
        verbose_name = _("public initiative")
        verbose_name_plural = _("public initiatives")
        ordering = ["name", "pk"]


class StageChange(models.Model):
    """One step in the life of an initiative: who moved it to which stage, when, and why
    (the lesson learned when it stopped)."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="stage_changes",
    )
    from_stage = models.CharField(_("from stage"), max_length=20, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=20, choices=Stage.choices)
    note = models.TextField(_("note"), blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _initiative_policy("initiative__")

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_stage} → {self.to_stage}"


class InitiativeStory(models.Model):
    """A short story of the initiative (tellen en vertellen): what happened, in words."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="stories",
    )
    text = models.TextField(_("story"), max_length=2000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("told by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _initiative_policy("initiative__")

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:50]


def _opportunity_policy(prefix: str = "") -> AccessPolicy:
    return AccessPolicy(
        tenant=f"{prefix}team__municipality_id",
        team=f"{prefix}team_id",
        view_team=OPPORTUNITY_TEAM_ROLES,
        change_team=OPPORTUNITY_TEAM_ROLES,
    )


class Opportunity(models.Model):
    """Collectieve kans: a signal or a residents' idea that the team judged worth acting on.

    The signal is named by its key (``signal_*`` fields, see the signals app) with a text
    snapshot of what it said when the opportunity was made.
    """

    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    title = models.CharField(_("title"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    signal_area_kind = models.CharField(
        _("signal area kind"), max_length=20, choices=SignalAreaKind.choices, blank=True
    )
    signal_area_id = models.PositiveIntegerField(_("signal area"), null=True, blank=True)
    signal_period = models.CharField(
        _("signal period"), max_length=10, choices=SignalPeriod.choices, blank=True
    )
    signal_period_start = models.DateField(_("signal period start"), null=True, blank=True)
    signal_measure = models.CharField(_("signal measure"), max_length=100, blank=True)
    signal_snapshot = models.TextField(
        _("what the signal said"),
        blank=True,
        help_text=_("The signal as it was when the opportunity was made."),
    )
    idea = models.ForeignKey(
        "ideas.Idea",
        verbose_name=_("residents' idea"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OpportunityStatus.choices,
        default=OpportunityStatus.OPEN,
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _opportunity_policy()

    class Meta:
        verbose_name = _("collective opportunity")
        verbose_name_plural = _("collective opportunities")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["team", "status"], name="opportunity_team_status"),
            models.Index(
                fields=["signal_area_kind", "signal_area_id"], name="opportunity_signal_area"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_signal(self) -> bool:
        return bool(self.signal_area_kind and self.signal_area_id and self.signal_measure)


class OpportunityComment(models.Model):
    """A contribution to the team's discussion of an opportunity."""

    opportunity = models.ForeignKey(
        Opportunity,
        verbose_name=_("opportunity"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = _opportunity_policy("opportunity__")

    class Meta:
        verbose_name = _("comment on an opportunity")
        verbose_name_plural = _("comments on opportunities")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class Referral(models.Model):
    """A professional referred a conversation (and so a resident) to an initiative.

    Case data: visible to the team roles of the conversation's team while the resident
    consents to the conversations part of the file. The initiative's people (initiators,
    policy officers) only ever see how many referrals there are, suppressed when small.
    """

    conversation = models.ForeignKey(
        "conversations.Conversation",
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="referrals",
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referred by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("referred at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="conversation__municipality_id",
        team="conversation__team_id",
        view_team=REFERRAL_TEAM_ROLES,
        change_team=REFERRAL_TEAM_ROLES,
        consent=ConsentRule(
            subject="conversation__resident_id", level="resident", part=ConsentPart.CONVERSATIONS
        ),
        personal=True,
    )

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "initiative"], name="referral_once_per_initiative"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"

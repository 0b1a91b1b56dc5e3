"""Keukentafelgesprek: the conversation with a resident about a support question.

Besides the individual question it holds two fields that feed the collective work: the
"kans voor het collectief" and the resident's own ambition or idea. A conversation can be
the registered report (melding) of a Wmo support question; its legal terms are kept as
dates so the worklist can sort on them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.residents.constants import CASE_CHANGE_ROLES, CASE_TEAM_ROLES, ConsentPart

from .constants import FindingPlace, LifeDomain, Outcome


class Conversation(models.Model):
    """One kitchen-table conversation (or another support conversation) with a resident."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="conversations",
    )
    household = models.ForeignKey(
        "residents.Household",
        verbose_name=_("household"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    resident = models.ForeignKey(
        "residents.Resident",
        verbose_name=_("resident"),
        on_delete=models.CASCADE,
        related_name="conversations",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place (vindplek)"), max_length=20, choices=FindingPlace.choices)
    participants = models.CharField(
        _("participants"),
        max_length=300,
        blank=True,
        help_text=_("Who was at the table, e.g. 'resident, daughter, neighbour'."),
    )
    question = models.TextField(_("the question"))
    question_behind = models.TextField(_("the question behind the question"), blank=True)
    life_domains = models.JSONField(
        _("life domains"),
        default=list,
        blank=True,
        help_text=_("Codes of the life domains the conversation touched."),
    )
    own_strength = models.TextField(_("own strength"), blank=True)
    network = models.TextField(_("network"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    collective_opportunity = models.TextField(
        _("opportunity for the collective"),
        blank=True,
        help_text=_("What could be solved together with others in the neighbourhood?"),
    )
    resident_idea = models.TextField(
        _("the resident's own ambition or idea"),
        blank=True,
        help_text=_("What would the resident like to do or start, for themselves or others?"),
    )
    # Wmo: the conversation as the registered report (melding) of a support question.
    is_wmo_report = models.BooleanField(_("registered as Wmo report (melding)"), default=False)
    reported_on = models.DateField(_("date of the report"), null=True, blank=True)
    investigation_done_on = models.DateField(_("investigation completed on"), null=True, blank=True)
    applied_on = models.DateField(_("date of the application"), null=True, blank=True)
    decided_on = models.DateField(_("decision taken on"), null=True, blank=True)
    wmo_due_on = models.DateField(
        _("next legal term"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The next Wmo term that has not been met yet; kept by the services."),
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
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="team_id",
        view_team=CASE_TEAM_ROLES,
        change_team=CASE_CHANGE_ROLES,
        consent=ConsentRule(
            subject="resident_id", level="resident", part=ConsentPart.CONVERSATIONS
        ),
        personal=True,
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-held_on", "-pk"]
        indexes = [
            models.Index(fields=["resident", "-held_on"], name="conversation_resident_date"),
            models.Index(fields=["author", "wmo_due_on"], name="conversation_author_wmo"),
            # "Mijn gesprekken": the author's conversations, newest first.
            models.Index(fields=["author", "-held_on"], name="conversation_author_date"),
            models.Index(fields=["team", "-held_on"], name="conversation_team_date"),
            # A team's conversations as the API pages them: counted and ordered from the
            # index alone (PostgreSQL), the tenant and the consent's resident included.
            models.Index(
                fields=["team", "-held_on", "-id"],
                include=["municipality", "resident"],
                name="conversation_team_page",
            ),
            models.Index(fields=["municipality", "-held_on"], name="conversation_tenant_date"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "source_system", "external_id"],
                condition=~models.Q(external_id=""),
                name="conversation_unique_external_id",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.held_on:%d-%m-%Y}"

    def life_domain_labels(self) -> list[str]:
        labels = dict(LifeDomain.choices)
        return [str(labels.get(code, code)) for code in self.life_domains]

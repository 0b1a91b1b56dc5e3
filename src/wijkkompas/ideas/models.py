"""Residents' ideas ("Maak het verschil"): ideas for the neighbourhood and who joins them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    IDEA_CHANGE_ROLES,
    IDEA_CHANGE_TEAM_ROLES,
    IDEA_VIEW_ROLES,
    IDEA_VIEW_TEAM_ROLES,
    SUPPORTER_VIEW_TEAM_ROLES,
    IdeaStatus,
)


class Idea(models.Model):
    """Goed idee: an idea of a resident for their neighbourhood, sent through the public page.

    It is not public until the team publishes it; a team member coaches it; it may grow into
    an initiative (the link lives on ``initiatives.Initiative.origin_idea``). The idea holds
    no personal data: who sent it is its first supporter (:class:`IdeaSupporter`).
    """

    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        related_name="ideas",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
        help_text=_("The team that serves the neighbourhood moderates and coaches the idea."),
    )
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=3000)
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ideas",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=IdeaStatus.choices, default=IdeaStatus.SUBMITTED
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coach"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="coached_ideas",
    )
    public = models.BooleanField(
        _("shown on the public pages"),
        default=False,
        editable=False,
        help_text=_("Set by the team's moderation: published ideas and ideas that grew."),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    grown_at = models.DateTimeField(_("grown into an initiative at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="neighbourhood__district__municipality_id",
        team="team_id",
        view=IDEA_VIEW_ROLES,
        view_team=IDEA_VIEW_TEAM_ROLES,
        change=IDEA_CHANGE_ROLES,
        change_team=IDEA_CHANGE_TEAM_ROLES,
        public="public",
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["neighbourhood", "status"], name="idea_neighbourhood_status"),
            models.Index(fields=["team", "status"], name="idea_team_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.status == IdeaStatus.REJECTED and not self.rejection_reason.strip():
            raise ValidationError(
                {"rejection_reason": _("Give the reason why the idea is rejected.")}
            )


class IdeaSupporter(models.Model):
    """ "Ik doe mee": a resident who joins an idea (or sent it), with contact details.

    Personal data: only the team roles of the idea's team (the coach among them) see it,
    every read is logged with a purpose. Public pages show counts only.
    """

    idea = models.ForeignKey(
        Idea, verbose_name=_("idea"), on_delete=models.CASCADE, related_name="supporters"
    )
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=20, blank=True)
    message = models.TextField(_("message"), max_length=1000, blank=True)
    is_submitter = models.BooleanField(_("sent the idea"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="idea__neighbourhood__district__municipality_id",
        team="idea__team_id",
        view_team=SUPPORTER_VIEW_TEAM_ROLES,
        change_team=SUPPORTER_VIEW_TEAM_ROLES,
        personal=True,
    )

    class Meta:
        verbose_name = _("supporter of an idea")
        verbose_name_plural = _("supporters of ideas")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not self.email.strip() and not self.phone.strip():
            raise ValidationError(_("Leave an email address or a phone number."))

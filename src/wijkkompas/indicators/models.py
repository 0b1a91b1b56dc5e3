"""Stories (verhalen) next to the numbers: "tellen en vertellen" (Kenniskring, reflection 5).

The indicator values themselves are not stored: they are computed from the data of the
lower apps (``indicators.definitions``). What is stored is what numbers cannot say.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import (
    STORY_CHANGE_ROLES,
    STORY_CHANGE_TEAM_ROLES,
    STORY_MAX_LENGTH,
    STORY_VIEW_ROLES,
    STORY_WRITE_ROLES,
    AuthorKind,
    PeriodKind,
    StoryStatus,
    Visibility,
)


def story_photo_path(instance: Any, filename: str) -> str:
    """Where a photo is kept: ``stories/<random>.<ext>``; never the uploaded name."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"stories/{uuid.uuid4().hex}.{ext}"


class Story(models.Model):
    """Verhaal: a short narrative of a professional, a resident or a partner that goes with
    one indicator of one scope (a municipality, optionally one team, district or
    neighbourhood) and one period (or every period).

    Who sees it is its ``visibility``: the team, the municipality, the knowledge circle or
    everyone. The access policy gives the widest reach (the municipality's staff roles,
    researchers of municipalities that share, everyone for public stories); the selectors
    narrow it by visibility (``indicators.selectors.story_list``), so every read goes
    through them. A story that names people may be saved only when those named have
    consented; the photo is kept under ``MEDIA_ROOT/stories`` without its metadata and is
    sent only by a view that checks who may see the story.
    """

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    team = models.ForeignKey(
        "teams.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    district = models.ForeignKey(
        "areas.District",
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    period_kind = models.CharField(
        _("kind of period"), max_length=10, choices=PeriodKind.choices, blank=True
    )
    period_start = models.DateField(_("start of the period"), null=True, blank=True)
    period_end = models.DateField(
        _("end of the period"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The first day after the period; kept by the services."),
    )
    author_kind = models.CharField(
        _("whose story"), max_length=20, choices=AuthorKind.choices, default=AuthorKind.PROFESSIONAL
    )
    title = models.CharField(_("title"), max_length=120, blank=True)
    narrative = models.TextField(_("story"), max_length=STORY_MAX_LENGTH)
    photo = models.ImageField(_("photo"), upload_to=story_photo_path, blank=True)
    photo_alt = models.CharField(
        _("description of the photo"),
        max_length=200,
        blank=True,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    names_people = models.BooleanField(
        _("the story names or shows people"),
        default=False,
        help_text=_("Names, recognisable descriptions or people in the photo."),
    )
    consent_given = models.BooleanField(
        _("the people named have consented"),
        default=False,
        help_text=_("Required when the story names or shows people."),
    )
    visibility = models.CharField(
        _("who sees the story"),
        max_length=20,
        choices=Visibility.choices,
        default=Visibility.MUNICIPALITY,
    )
    is_public = models.BooleanField(
        _("public"), default=False, editable=False, help_text=_("Kept by the services.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=StoryStatus.choices, default=StoryStatus.ACTIVE
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        team="team_id",
        view=STORY_VIEW_ROLES,
        change=STORY_CHANGE_ROLES,
        change_team=STORY_CHANGE_TEAM_ROLES,
        shared="municipality__shares_aggregates",
        public="is_public",
        # Whoever wrote a story sees and changes it.
        in_charge="created_by_id",
        in_charge_roles=STORY_WRITE_ROLES,
        in_charge_actions=frozenset({"view", "change"}),
    )

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(names_people=True, consent_given=False),
                name="story_named_people_consented",
            ),
            models.CheckConstraint(
                condition=~models.Q(visibility="team", team__isnull=True),
                name="story_team_visibility_has_team",
            ),
        ]
        indexes = [
            models.Index(
                fields=["municipality", "indicator", "status"], name="story_tenant_indicator"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self._meta.verbose_name} {self.pk}"

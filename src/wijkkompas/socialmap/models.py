"""The social map (sociale kaart): what exists in and around each neighbourhood, and which
entry a professional used to answer a conversation's question."""

from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ConsentRule, ScopedQuerySet
from wijkkompas.core import versions
from wijkkompas.residents.constants import ConsentPart

from .constants import (
    ENTRY_CHANGE_ROLES,
    ENTRY_IN_CHARGE_ROLES,
    ENTRY_VIEW_ROLES,
    USE_TEAM_ROLES,
    Cost,
    EntryKind,
    WmoStep,
)


class Entry(models.Model):
    """One provision, initiative, place, volunteer organisation or partner service on the
    social map of a municipality: who it is for, which life domains it answers, how to reach
    it, when it is open and what it costs. No personal data: contact details are those of the
    provision, never of a resident.

    ``neighbourhoods`` empty means the whole municipality. ``last_checked_on`` is when the
    team or the initiator last confirmed the entry; an entry unchecked for
    :data:`~.constants.STALE_AFTER` is flagged.
    """

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="social_map_entries",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=30, choices=EntryKind.choices)
    step = models.CharField(
        _("step in the Wmo order"),
        max_length=20,
        choices=WmoStep.choices,
        default=WmoStep.COLLECTIVE,
        help_text=_(
            "Own strength, own network, general or collective provision, or individual "
            "provision: suggestions follow this order."
        ),
    )
    description = models.TextField(_("what it offers"))
    target_group = models.CharField(_("who it is for"), max_length=200, blank=True)
    life_domains = models.JSONField(
        _("life domains it answers"),
        default=list,
        blank=True,
        help_text=_("The life domains (leefgebieden) of questions this entry can answer."),
    )
    neighbourhoods = models.ManyToManyField(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhoods"),
        blank=True,
        related_name="social_map_entries",
        help_text=_("Leave empty when the entry serves the whole municipality."),
    )
    initiative = models.ForeignKey(
        "initiatives.Initiative",
        verbose_name=_("initiative"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_map_entries",
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("place"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_map_entries",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="social_map_entries",
    )
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("The address of the building or spot; never the address of a home."),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    how_to_reach = models.TextField(
        _("how to take part or apply"),
        blank=True,
        help_text=_("E.g. walk in on Tuesday morning, call first, or ask the team."),
    )
    opening_hours = models.CharField(_("opening times"), max_length=200, blank=True)
    cost = models.CharField(_("cost"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    cost_note = models.CharField(_("about the cost"), max_length=200, blank=True)
    public = models.BooleanField(
        _("show on the public social map"),
        default=True,
        help_text=_("Residents find the entry on the public social map."),
    )
    last_checked_on = models.DateField(_("last checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=ENTRY_VIEW_ROLES,
        change=ENTRY_CHANGE_ROLES,
        # An initiator keeps the entries of the initiatives they run (and only those).
        in_charge="initiative__residents_in_charge__id",
        in_charge_roles=ENTRY_IN_CHARGE_ROLES,
        in_charge_actions=frozenset({"view", "change"}),
        public="public",
    )

    class Meta:
        verbose_name = _("social map entry")
        verbose_name_plural = _("social map entries")
        ordering = ["name", "pk"]
        indexes = [
            models.Index(fields=["municipality", "step", "name"], name="socialmap_entry_step"),
            models.Index(
                fields=["municipality", "last_checked_on"], name="socialmap_entry_checked"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="socialmap_entry_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EntryUse(models.Model):
    """A professional used a social map entry to answer the question of a conversation
    (chosen from the suggestions, or looked up). Case data, like a referral: visible to the
    team roles of the conversation's team while the resident consents; everyone else only
    ever sees counts, suppressed when small. ``step`` and ``rank`` keep what was suggested
    at the time (the entry's step may change later)."""

    conversation = models.ForeignKey(
        "conversations.Conversation",
        verbose_name=_("conversation"),
        on_delete=models.CASCADE,
        related_name="social_map_uses",
    )
    entry = models.ForeignKey(
        Entry,
        verbose_name=_("social map entry"),
        on_delete=models.PROTECT,
        related_name="uses",
    )
    step = models.CharField(_("step in the Wmo order"), max_length=20, choices=WmoStep.choices)
    suggested = models.BooleanField(
        _("chosen from the suggestions"),
        default=True,
        help_text=_("False when the professional looked the entry up themselves."),
    )
    rank = models.PositiveSmallIntegerField(_("place among the suggestions"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("used by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="conversation__municipality_id",
        team="conversation__team_id",
        view_team=USE_TEAM_ROLES,
        change_team=USE_TEAM_ROLES,
        consent=ConsentRule(
            subject="conversation__resident_id", level="resident", part=ConsentPart.CONVERSATIONS
        ),
        personal=True,
    )

    class Meta:
        verbose_name = _("use of a social map entry")
        verbose_name_plural = _("uses of social map entries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "entry"], name="socialmap_use_once_per_entry"
            )
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.pk}"


#: The data version (``core.versions``) of a municipality's social map, by its CBS code:
#: the public map page is kept under it (``socialmap.cache``). Every save or delete of an
#: entry, and every change of its neighbourhoods, gives the municipality a new one.
SOCIAL_MAP = "social-map"


def _entry_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("action", "post_").startswith("post_") and isinstance(instance, Entry):
        code = (
            apps.get_model("areas", "Municipality")
            .objects.filter(pk=instance.municipality_id)
            .values_list("code", flat=True)
            .first()
        )
        if code is not None:
            versions.bump(SOCIAL_MAP, code)


post_save.connect(_entry_changed, sender=Entry, dispatch_uid="wk-socialmap-save")
post_delete.connect(_entry_changed, sender=Entry, dispatch_uid="wk-socialmap-delete")
m2m_changed.connect(
    _entry_changed, sender=Entry.neighbourhoods.through, dispatch_uid="wk-socialmap-areas"
)

"""Places: vindplekken and ontmoetingsplekken where residents meet and initiatives happen."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import PLACE_CHANGE_ROLES, PLACE_VIEW_ROLES, PlaceKind


class Place(models.Model):
    """Vindplek / ontmoetingsplek: a community centre, garden, school or kitchen table.

    The address is that of a public building or spot, never a resident's home (a kitchen
    table is described without an address). ``public`` places appear on the public pages of
    their neighbourhood.
    """

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="places",
    )
    neighbourhood = models.ForeignKey(
        "areas.Neighbourhood",
        verbose_name=_("neighbourhood"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="places",
    )
    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    address = models.CharField(
        _("address"),
        max_length=200,
        blank=True,
        help_text=_("The address of the building or spot; never the address of a home."),
    )
    accessible = models.BooleanField(
        _("accessible"),
        default=False,
        help_text=_("Reachable and usable with a wheelchair or walker."),
    )
    description = models.TextField(_("description"), blank=True)
    activities = models.TextField(
        _("regular activities"),
        blank=True,
        help_text=_("What happens here, e.g. a coffee morning every Tuesday."),
    )
    public = models.BooleanField(
        _("show on the public pages"),
        default=True,
        help_text=_("Residents see the place on the public page of its neighbourhood."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=PLACE_VIEW_ROLES,
        change=PLACE_CHANGE_ROLES,
        public="public",
    )

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="place_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

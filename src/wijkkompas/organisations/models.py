"""Organisations that take part in teams and networks, and their disciplines."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import ORGANISATION_CHANGE_ROLES, ORGANISATION_VIEW_ROLES, Craft


class Discipline(models.Model):
    """Discipline of an organisation (AMW, opbouwwerk, MEE, wijkverpleging, …).

    Reference data: shipped by a data migration, editable by the administrator.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    default_craft = models.CharField(
        _("usual craft"), max_length=10, choices=Craft.choices, default=Craft.HULP
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """Organisatie: an employer or partner that works in a municipality's social domain."""

    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="organisations",
    )
    name = models.CharField(_("name"), max_length=150)
    discipline = models.ForeignKey(
        Discipline,
        verbose_name=_("discipline"),
        on_delete=models.PROTECT,
        related_name="organisations",
    )
    craft = models.CharField(_("craft"), max_length=10, choices=Craft.choices)
    website = models.URLField(_("website"), blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=ORGANISATION_VIEW_ROLES,
        change=ORGANISATION_CHANGE_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "name"], name="organisation_unique_name_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return self.name

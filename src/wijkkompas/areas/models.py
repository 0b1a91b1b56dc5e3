"""Geography: municipality (the tenant), district and neighbourhood, with CBS codes."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet

from .constants import AREA_CHANGE_ROLES, AREA_VIEW_ROLES
from .validators import (
    validate_district_code,
    validate_municipality_code,
    validate_neighbourhood_code,
)


class Municipality(models.Model):
    """Gemeente: the tenant. Nothing of one municipality is visible in another."""

    code = models.CharField(
        _("CBS code"), max_length=6, unique=True, validators=[validate_municipality_code]
    )
    name = models.CharField(_("name"), max_length=100)
    province = models.CharField(_("province"), max_length=50, blank=True)
    shares_aggregates = models.BooleanField(
        _("shares aggregates with the knowledge circle"),
        default=False,
        help_text=_("Researchers of the knowledge circle may see this municipality's aggregates."),
    )

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="pk",
        view=AREA_VIEW_ROLES,
        change=AREA_CHANGE_ROLES,
        shared="shares_aggregates",
    )

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    """Wijk: a CBS district within a municipality."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="districts",
    )
    code = models.CharField(
        _("CBS code"), max_length=8, unique=True, validators=[validate_district_code]
    )
    name = models.CharField(_("name"), max_length=100)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=AREA_VIEW_ROLES,
        change=AREA_CHANGE_ROLES,
        shared="municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.code and self.municipality_id:
            if self.code[2:6] != self.municipality.code[2:6]:
                raise ValidationError(
                    {"code": _("A district code starts with the digits of its municipality code.")}
                )


class Neighbourhood(models.Model):
    """Buurt: a CBS neighbourhood within a district."""

    district = models.ForeignKey(
        District,
        verbose_name=_("district"),
        on_delete=models.CASCADE,
        related_name="neighbourhoods",
    )
    code = models.CharField(
        _("CBS code"), max_length=10, unique=True, validators=[validate_neighbourhood_code]
    )
    name = models.CharField(_("name"), max_length=100)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="district__municipality_id",
        view=AREA_VIEW_ROLES,
        change=AREA_CHANGE_ROLES,
        shared="district__municipality__shares_aggregates",
    )

    class Meta:
        verbose_name = _("neighbourhood")
        verbose_name_plural = _("neighbourhoods")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.code and self.district_id:
            if self.code[2:8] != self.district.code[2:8]:
                raise ValidationError(
                    {"code": _("A neighbourhood code starts with the digits of its district code.")}
                )

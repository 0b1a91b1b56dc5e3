"""Writes of the organisations domain: the administrator adds and edits organisations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import Action
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import ORGANISATION_CHANGE_ROLES, Craft
from .models import Discipline, Organisation
from .signals import organisation_changed


def _may_add_to(user: Any, municipality: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.role in ORGANISATION_CHANGE_ROLES and user.municipality_id == municipality.pk


def _check(
    *, municipality: Any, name: str, discipline: Discipline, craft: str, pk: int | None
) -> str:
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("Give the organisation a name."), field="name")
    if craft not in Craft.values:
        raise ApplicationError(_("Choose hulp, zorg or welzijn as the craft."), field="craft")
    if discipline is None:
        raise ApplicationError(_("Choose a discipline."), field="discipline")
    taken = Organisation.objects.filter(municipality=municipality, name__iexact=name)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise ApplicationError(
            _("This municipality already has an organisation called %(name)s.") % {"name": name},
            field="name",
        )
    return name


@transaction.atomic
def organisation_create(
    *,
    user: Any,
    municipality: Any,
    name: str,
    discipline: Discipline,
    craft: str,
    website: str = "",
) -> Organisation:
    """Add an organisation to a municipality (administrator of that municipality)."""
    if not _may_add_to(user, municipality):
        raise PermissionDenied
    name = _check(municipality=municipality, name=name, discipline=discipline, craft=craft, pk=None)
    organisation = Organisation(
        municipality=municipality,
        name=name,
        discipline=discipline,
        craft=craft,
        website=website.strip(),
    )
    _full_clean(organisation)
    organisation.save()
    return organisation


@transaction.atomic
def organisation_update(
    *,
    user: Any,
    organisation: Organisation,
    name: str,
    discipline: Discipline,
    craft: str,
    website: str = "",
) -> Organisation:
    """Change an organisation's name, discipline, craft or website."""
    if not can(user, Action.CHANGE, organisation):
        if can(user, Action.VIEW, organisation):
            raise PermissionDenied
        raise Http404
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    organisation.name = _check(
        municipality=organisation.municipality,
        name=name,
        discipline=discipline,
        craft=craft,
        pk=organisation.pk,
    )
    organisation.discipline = discipline
    organisation.craft = craft
    organisation.website = website.strip()
    _full_clean(organisation)
    organisation.save()
    organisation_changed.send(sender=Organisation, organisation_id=organisation.pk)
    return organisation

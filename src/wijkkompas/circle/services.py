"""Writes of the knowledge circle: the choice to share with it, and its history.

The choice is made through ``areas.services.municipality_set_sharing`` (the flag the
permission layer reads); every change of the flag, from this app's page or from the
municipality's form, is announced by ``areas.signals.sharing_changed`` and recorded here
in the same transaction (:func:`choice_record`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from wijkkompas.areas import services as area_services
from wijkkompas.areas.signals import sharing_changed
from wijkkompas.core.exceptions import ApplicationError

from .models import SharingChoice
from .selectors import may_choose, own_municipality

NOTE_MAX = 300


@transaction.atomic
def sharing_choose(*, user: Any, shares: bool, note: str = "") -> Any:
    """Opt the user's municipality in to (``shares``) or out of the knowledge circle.

    The effect is immediate: researchers see (or no longer see) the municipality's
    aggregates from the next page they open. Returns the municipality.
    """
    if not may_choose(user=user):
        raise PermissionDenied
    municipality = own_municipality(user=user)
    if municipality is None:
        raise PermissionDenied
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ApplicationError(
            _("Keep the explanation to %(max)s characters.") % {"max": NOTE_MAX}, field="note"
        )
    if municipality.shares_aggregates == bool(shares):
        raise ApplicationError(
            _("Your municipality already shares with the knowledge circle.")
            if shares
            else _("Your municipality does not share with the knowledge circle.")
        )
    return area_services.municipality_set_sharing(
        user=user, municipality=municipality, shares=bool(shares), note=note
    )


def choice_record(
    *, municipality: Any, shares: bool, user: Any = None, note: str = ""
) -> SharingChoice:
    """Record one change of the choice (called inside the transaction that made it)."""
    chosen_by = user if getattr(user, "is_authenticated", False) else None
    choice = SharingChoice(
        municipality=municipality, shares=bool(shares), chosen_by=chosen_by, note=note[:NOTE_MAX]
    )
    choice.full_clean()
    choice.save()
    return choice


def _on_sharing_changed(sender: Any, *, municipality: Any, shares: bool, **kwargs: Any) -> None:
    choice_record(
        municipality=municipality,
        shares=shares,
        user=kwargs.get("user"),
        note=kwargs.get("note") or "",
    )


def connect() -> None:
    """Record every change of the choice (``CircleConfig.ready``)."""
    sharing_changed.connect(_on_sharing_changed, dispatch_uid="wk-circle-sharing-history")

"""Sections of other apps' pages (``components.sections``).

* ``resident``: the resident's referrals to initiatives and the "Verwijs naar initiatief"
  form (case data: read through :func:`.selectors.referrals_of_resident`, which logs it);
* ``place``: the initiatives held at the place (no personal data).

Registered in :meth:`InitiativesConfig.ready`; each runs a constant number of queries.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section
from wijkkompas.conversations import selectors as conversation_selectors

from . import selectors
from .forms import ReferralForm


def resident_referrals(*, request: Any, obj: Any) -> Section | None:
    """The resident's referrals, and the form to refer a conversation, for the roles that
    refer (team roles); None for everyone else."""
    user = request.user
    if not selectors.may_refer(user=user):
        return None
    referrals = selectors.referrals_of_resident(user=user, resident=obj, request=request)
    # The conversations the user sees are those the resident consents to for the user's
    # teams: exactly the ones the user may refer (the service checks it once more).
    conversations = conversation_selectors.conversations_of(
        user=user, resident=obj, request=request
    )
    form = None
    if conversations:
        form = ReferralForm(
            conversations=conversations, initiatives=selectors.initiative_choices(user=user)
        )
    return Section(
        "initiatives/_resident_referrals.html",
        {"resident": obj, "referrals": referrals, "form": form},
    )


def place_initiatives(*, request: Any, obj: Any) -> Section | None:
    """The initiatives held at the place that the user may see."""
    user = request.user
    if not selectors.may_use_initiatives(user=user):
        return None
    return Section(
        "initiatives/_place_initiatives.html",
        {"place": obj, "initiatives": selectors.initiatives_at_place(obj, user)},
    )

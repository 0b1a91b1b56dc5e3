"""Sections of other apps' pages (``components.sections``).

* ``resident``: the resident's referrals to initiatives and the "Verwijs naar initiatief"
  form (case data: read through :func:`.selectors.referrals_of_resident`, which logs it);
* ``place``: the initiatives held at the place (no personal data).

Registered in :meth:`InitiativesConfig.ready`; each runs a constant number of queries.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from . import selectors


def resident_referrals(*, request: Any, obj: Any) -> Section | None:
    """The resident's referrals, and the way to refer a conversation, for the roles that
    refer (team roles); None for everyone else.

    The form itself is on its own page (``initiatives:referral_create``): the resident page
    shows the link only, so it reads the conversations once (its conversations section) and
    not a second time for a form most visits do not use.
    """
    user = request.user
    if not selectors.may_refer(user=user):
        return None
    referrals = selectors.referrals_of_resident(user=user, resident=obj, request=request)
    # The resident page annotates whether the user may change the resident (the referral
    # page answers 404 otherwise); elsewhere the referral page decides.
    may_refer = bool(getattr(obj, "may_change", True))
    return Section(
        "initiatives/_resident_referrals.html",
        {"resident": obj, "referrals": referrals, "may_refer": may_refer},
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

"""The self-sufficiency section of the resident page (``components.sections``).

Registered in :meth:`InstrumentsConfig.ready`; the resident page (``residents``) renders it
without importing this app. It reads through :func:`.selectors.profile`, which logs the
read, and runs a constant number of queries whatever the number of assessments.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from . import selectors


def resident_profile(*, request: Any, obj: Any) -> Section | None:
    """The resident's profile over time (chart and table per instrument), or None for a
    user whose role does not work with scores."""
    user = request.user
    if not selectors.may_view_scores(user=user):
        return None
    profile = selectors.profile(user=user, resident=obj, request=request)
    may_see = bool(profile) or selectors.may_score(user=user, resident=obj)
    return Section(
        "instruments/_resident_profile.html",
        {"resident": obj, "profile": profile, "may_see": may_see},
    )

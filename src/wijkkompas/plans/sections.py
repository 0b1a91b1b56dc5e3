"""The plan's sections of the household and resident pages (``components.sections``).

Registered in :meth:`PlansConfig.ready`; the pages (``residents``) render them without
importing this app. They read through :mod:`.selectors`, which log the reads, and run a
constant number of queries whatever the size of the plan.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from . import selectors


def household_plan(*, request: Any, obj: Any) -> Section | None:
    """The household's plan (in figures, with a link) and its case discussions, with the
    buttons to start a plan or organise a case discussion; None for a user who does not
    work with plans."""
    user = request.user
    if not selectors.may_use_plans(user=user):
        return None
    return Section(
        "plans/_household_plans.html",
        {
            "household": obj,
            "plans": selectors.household_plans(user=user, household=obj, request=request),
        },
    )


def resident_plan(*, request: Any, obj: Any) -> Section | None:
    """A pointer from the resident page to the plan of the resident's household."""
    user = request.user
    if not selectors.may_use_plans(user=user):
        return None
    summary = selectors.plan_summary(user=user, household=obj.household, request=request)
    return Section("plans/_resident_plan.html", {"resident": obj, "summary": summary})

"""Sections of other apps' pages (``components.sections``): the working groups of a team
(on the team page) and the groups that work on an initiative or a collective opportunity
(on their pages). No personal data (names of groups, their craft mix).

Registered in :meth:`WorkGroupsConfig.ready`; each runs a constant number of queries.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.components.sections import Section

from . import selectors


def team_groups(*, request: Any, obj: Any) -> Section | None:
    """The team's working groups with their craft mix, and the way to form one."""
    user = request.user
    if not selectors.may_use_workgroups(user=user):
        return None
    return Section(
        "workgroups/_team_section.html",
        {
            "team": obj,
            "groups": selectors.groups_of_team(user=user, team=obj),
            "may_form": selectors.may_form_in(user=user, team=obj),
        },
    )


def initiative_groups(*, request: Any, obj: Any) -> Section | None:
    """The working groups that work on the initiative."""
    user = request.user
    if not selectors.may_use_workgroups(user=user):
        return None
    groups = selectors.groups_on(user=user, initiative=obj)
    if not groups:
        return None
    return Section("workgroups/_linked_section.html", {"groups": groups})


def opportunity_groups(*, request: Any, obj: Any) -> Section | None:
    """The working groups that work on the collective opportunity (its signal)."""
    user = request.user
    if not selectors.may_use_workgroups(user=user):
        return None
    groups = selectors.groups_on(user=user, opportunity=obj)
    if not groups:
        return None
    return Section("workgroups/_linked_section.html", {"groups": groups})

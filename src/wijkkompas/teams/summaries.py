"""The team summary: the derived figures the team overview shows, kept on the team.

The overview lists every team of a municipality with its areas and its members per ring,
craft and discipline. Counting that from the memberships on every request costs more than
the rest of the page together, so the services keep a summary on each team, refreshed in
the same transaction as every change that affects it:

* a member added, changed or removed, a team created or its areas changed (teams services);
* an organisation's craft or discipline changed (``organisations.signals.organisation_changed``);
* a district or neighbourhood renamed (``areas.signals.area_changed``);
* bulk loads (the demo loader and the bench data generator) refresh at the end.

``wijkkompas refresh_team_summaries`` recomputes every summary, should one ever be in doubt.
The summary holds counts and area names only, never names of people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count

from .models import Membership, Team


def empty_summary() -> dict[str, Any]:
    return {"areas": "", "members": 0, "rings": {}, "crafts": {}, "disciplines": {}}


def team_summaries_compute(team_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Summaries of the given teams from the current data, in three queries."""
    ids = sorted(set(team_ids))
    summaries = {pk: empty_summary() for pk in ids}
    if not ids:
        return summaries
    districts: dict[int, list[str]] = defaultdict(list)
    for team_id, name in (
        Team.districts.through.objects.filter(team_id__in=ids)
        .order_by("district__code")
        .values_list("team_id", "district__name")
    ):
        districts[team_id].append(name)
    neighbourhoods: dict[int, list[str]] = defaultdict(list)
    for team_id, name in (
        Team.neighbourhoods.through.objects.filter(team_id__in=ids)
        .order_by("neighbourhood__code")
        .values_list("team_id", "neighbourhood__name")
    ):
        neighbourhoods[team_id].append(name)
    groups = (
        Membership.objects.filter(team_id__in=ids)
        .values_list("team_id", "ring", "organisation__craft", "organisation__discipline_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for team_id, ring, craft, discipline_id, count in groups:
        summary = summaries[team_id]
        summary["members"] += count
        summary["rings"][ring] = summary["rings"].get(ring, 0) + count
        summary["crafts"][craft] = summary["crafts"].get(craft, 0) + count
        key = str(discipline_id)
        summary["disciplines"][key] = summary["disciplines"].get(key, 0) + count
    for pk in ids:
        parts = [", ".join(districts.get(pk, [])), ", ".join(neighbourhoods.get(pk, []))]
        summaries[pk]["areas"] = "; ".join(part for part in parts if part)
    return summaries


def team_summaries_refresh(team_ids: Iterable[int]) -> int:
    """Recompute and store the summaries of the given teams; returns how many were written."""
    summaries = team_summaries_compute(team_ids)
    teams = [Team(pk=pk, summary=summary) for pk, summary in summaries.items()]
    Team.objects.bulk_update(teams, ["summary"], batch_size=500)
    return len(teams)

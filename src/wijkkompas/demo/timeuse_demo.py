"""The demo's time for the collective (issue 8): how the members of the Krachtstroomteam
Wezep split their weeks over the last twenty weeks, and the ambition the team set ten
weeks ago with its shared perspective — after which collective and network work rise.

The demo accounts of the team (professional, coordinator, team lead) record their weeks;
now and then someone skips a week, as in real life. Teams of other demo municipalities with
team-role accounts record a few weeks. Written directly (the demo loader may), with the
same rules as the service: whole percentages that add up to 100, one row per member, team
and week. Idempotent: a second load replaces the same weeks.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from wijkkompas.accounts.constants import TEAM_ROLES
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.teams.models import Team
from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
from wijkkompas.timeuse.weeks import this_week

TEAM = "Krachtstroomteam Wezep"
WEEKS = 20
#: The ambition was set this many weeks ago.
AMBITION_WEEKS_AGO = 10
TARGET = 30
AMBITION_NOTE = (
    "We stoppen met dubbel registreren en met overleggen zonder besluit; de vaste koppels "
    "nemen om beurten het inloopspreekuur in het dorpshuis."
)
NOTES = {
    3: "Buurtmaaltijd in het dorpshuis voorbereid met bewoners.",
    6: "Veel crisissen deze week, weinig ruimte voor de wijk.",
    9: "Eerste bijeenkomst jonge moeders verkend.",
}


def _split(week_index: int, member: int) -> tuple[int, int, int, int]:
    """Casework, collective, network and overhead of one member in one week: mostly
    casework before the ambition, the collective growing after it."""
    after = max(0, week_index - (WEEKS - AMBITION_WEEKS_AGO))
    collective = 6 + member * 2 + after * 2 + (week_index % 3)
    network = 6 + member + after + (week_index % 2)
    overhead = 12 + (member + week_index) % 4
    casework = 100 - collective - network - overhead
    return casework, collective, network, overhead


def _record(
    team: Team, user: Any, week: dt.date, shares: tuple[int, int, int, int], note: str
) -> bool:
    casework, collective, network, overhead = shares
    _row, created = TimeSplit.objects.update_or_create(
        team=team,
        user=user,
        week=week,
        defaults={
            "casework": casework,
            "collective": collective,
            "network": network,
            "overhead": overhead,
            "note": note,
        },
    )
    return created


def timeuse_demo_load(*, municipality: Municipality, summary: Any = None) -> int:
    """Load the weeks and the ambition; returns how many weeks are new."""
    team = Team.objects.get(municipality=municipality, name=TEAM)
    current = this_week()
    lead = User.objects.filter(username="demo-team_lead").first()
    TeamTimeAmbition.objects.update_or_create(
        team=team,
        defaults={
            "collective_target": TARGET,
            "note": AMBITION_NOTE,
            "set_on": current - dt.timedelta(weeks=AMBITION_WEEKS_AGO),
            "set_by": lead,
        },
    )
    new = 0
    members = list(
        User.objects.filter(teams=team, role__in=TEAM_ROLES, is_active=True).order_by("username")
    )
    for number, user in enumerate(members):
        for index in range(WEEKS):
            if (index + number) % 7 == 6:
                continue  # a skipped week
            week = current - dt.timedelta(weeks=WEEKS - index)
            note = NOTES.get(index, "") if number == 0 else ""
            new += _record(team, user, week, _split(index, number), note)
    # Other demo teams with team-role accounts: a few weeks, mostly casework.
    others = (
        Team.objects.exclude(pk=team.pk)
        .filter(Q(users__role__in=TEAM_ROLES) & Q(users__is_active=True))
        .distinct()
    )
    for other in others:
        for number, user in enumerate(
            User.objects.filter(teams=other, role__in=TEAM_ROLES, is_active=True).order_by(
                "username"
            )
        ):
            for index in range(4):
                week = current - dt.timedelta(weeks=4 - index)
                new += _record(other, user, week, (75, 5 + number % 3, 8, 12 - number % 3), "")
    if summary is not None:
        summary.note("time split", bool(new))
    return new


def timeuse_overview(municipality: Municipality) -> str:
    team = Team.objects.filter(municipality=municipality, name=TEAM).first()
    if team is None:
        return "no time splits"
    weeks = TimeSplit.objects.filter(team=team).count()
    ambition = TeamTimeAmbition.objects.filter(team=team).first()
    target = f", ambition {ambition.collective_target}%" if ambition else ""
    return f"{TEAM}: {weeks} recorded member-weeks{target}"

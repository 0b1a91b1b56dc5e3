"""The demo's working groups of the Krachtstroomteam Wezep (column 001_…: "kleine
operationele teams … met een hulpverlener, zorgverlener en welzijnswerker. Betrek bewoners
daarbij").

* "Eenzaamheid ouderen Wezep": the three crafts, a resident and the volunteer of the
  dorpshuis from the outer ring, working on the loneliness signal and the buurtmaaltijd,
  with its agenda and actions (one done);
* "Buurtmoestuin voor iedereen": around a residents' ambition, only welzijn so far, so its
  page shows the single-craft warning;
* "Budgetcafé verkennen": closed a month ago with its lesson, which is on the table of the
  team's next reflection session.

Formed and closed through the services of the workgroups app, as the demo team lead.
Idempotent: a group is known by team and name; on a second load nothing is duplicated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.initiatives.models import Initiative, Opportunity
from wijkkompas.teams.models import Membership, Team
from wijkkompas.workgroups import services
from wijkkompas.workgroups.models import WorkGroup

TEAM = "Krachtstroomteam Wezep"

GROUPS: list[dict[str, Any]] = [
    {
        "name": "Eenzaamheid ouderen Wezep",
        "focus_kind": "theme",
        "focus": "Eenzaamheid onder ouderen",
        "purpose": (
            "Samen met bewoners en het dorpshuis zorgen dat ouderen die alleen eten elkaar "
            "vinden: de buurtmaaltijd groter maken en ophalen regelen voor wie niet zelf komt."
        ),
        "started_days_ago": 70,
        "members": ["Jeroen van de Kamp", "Annemiek Boersma", "Marloes Hendriksen"],
        "outer": [("resident", "Bewoner Oostendorp"), ("partner", "Vrijwilliger dorpshuis")],
        "opportunity": "Eenzaamheid onder ouderen in Wezep",
        "initiative": "Buurtmaaltijd in het dorpshuis",
        "agenda": [
            (-56, "Kennismaken en het signaal bespreken", "Wat zien we aan tafel en in het dorp?"),
            (-28, "Ophaaldienst voor de buurtmaaltijd", "Twee chauffeurs gevonden via de kerk."),
            (14, "Eerste terugblik met de gasten", ""),
        ],
        "actions": [
            ("Vervoer regelen met de vrijwilligerscentrale", "Vrijwilliger dorpshuis", -20, True),
            ("Flyer voor de huisartsenpraktijk maken", "Marloes Hendriksen", 7, False),
            (
                "Drie ouderen uit de gesprekken persoonlijk uitnodigen",
                "Annemiek Boersma",
                10,
                False,
            ),
        ],
    },
    {
        "name": "Buurtmoestuin voor iedereen",
        "focus_kind": "ambition",
        "focus": "Een moestuin waar buren samen tuinieren",
        "purpose": "Bewoners willen de moestuin openstellen voor wie wil meedoen.",
        "started_days_ago": 21,
        "members": ["Marloes Hendriksen", "Gerrit Jan Wolters"],
        "outer": [("resident", "Initiatiefnemer moestuin")],
        "agenda": [(10, "Wie uit de zorg en de hulp doet mee?", "")],
        "actions": [("Wijkverpleging vragen mee te doen", "Marloes Hendriksen", 7, False)],
    },
    {
        "name": "Budgetcafé verkennen",
        "focus_kind": "target_group",
        "focus": "Jonge gezinnen met geldzorgen",
        "purpose": "Verkennen of een budgetcafé in het dorpshuis jonge gezinnen bereikt.",
        "started_days_ago": 120,
        "members": ["Dennis Bakker", "Fatima el Amrani", "Marloes Hendriksen"],
        "outer": [("resident", "Moeder uit de moedergroep")],
        "opportunity": "Schulden bij jonge gezinnen",
        "agenda": [(-100, "Wat willen jonge ouders zelf?", "Gesprek in de moedergroep.")],
        "actions": [("Gesprek met de moedergroep", "Fatima el Amrani", -95, True)],
        "closed_days_ago": 30,
        "lesson": (
            "Jonge ouders komen niet naar een 'budgetcafé', wel naar de moedergroep: geldzorgen "
            "bespreken we daar, met de schuldhulpverlener als gast."
        ),
        "keep": "De schuldhulpverlener schuift eens per maand aan bij de moedergroep.",
        "stop": "Een aparte avond over geld organiseren.",
    },
]


def workgroups_demo_load(*, municipality: Municipality, summary: Any = None) -> int:
    """Load (or leave alone) the working groups of the Wezep team. Idempotent.

    Returns how many groups were new."""
    team = Team.objects.get(municipality=municipality, name=TEAM)
    lead = User.objects.get(username="demo-team_lead")
    today = timezone.localdate()
    members = {m.person_name: m for m in Membership.objects.filter(team=team)}
    created = 0
    for data in GROUPS:
        exists = WorkGroup.objects.filter(team=team, name=data["name"]).exists()
        if summary is not None:
            summary.note("work group", not exists)
        if exists:
            continue
        opportunity = Opportunity.objects.filter(team=team, title=data.get("opportunity")).first()
        initiative = Initiative.objects.filter(
            municipality=municipality, name=data.get("initiative")
        ).first()
        group = services.workgroup_form(
            user=lead,
            team=team,
            name=data["name"],
            focus_kind=data["focus_kind"],
            focus=data["focus"],
            purpose=data["purpose"],
            started_on=today - dt.timedelta(days=data["started_days_ago"]),
            opportunities=[opportunity] if opportunity else [],
            initiatives=[initiative] if initiative else [],
            memberships=[members[name] for name in data["members"] if name in members],
        )
        people = {
            m.membership.person_name: m
            for m in group.members.select_related("membership")
            if m.membership is not None
        }
        for kind, label in data["outer"]:
            people[label] = services.member_add_outer(
                user=lead, group=group, outer_kind=kind, label=label
            )
        for days, topic, notes in data["agenda"]:
            services.agenda_add(
                user=lead,
                group=group,
                day=today + dt.timedelta(days=days),
                topic=topic,
                notes=notes,
            )
        for what, who, due_in, done in data["actions"]:
            action = services.action_add(
                user=lead,
                group=group,
                what=what,
                owner=people.get(who),
                due_on=today + dt.timedelta(days=due_in),
            )
            if done:
                services.action_done(
                    user=lead, action=action, done_on=today + dt.timedelta(days=due_in)
                )
        if "closed_days_ago" in data:
            services.workgroup_close(
                user=lead,
                group=group,
                lesson=data["lesson"],
                keep=data["keep"],
                stop=data["stop"],
                closed_on=today - dt.timedelta(days=data["closed_days_ago"]),
            )
        created += 1
    return created

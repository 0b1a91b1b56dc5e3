"""The demo's reflection sessions of the Krachtstroomteam Wezep (Kenniskring 002_…,
reflection 5: "tijd voor kairos-tijd").

One session held about two months ago — the five questions and the two core questions
answered, the team's key indicators and open risks stored as they were on the table, and
three decisions as follow-up actions (one already done by its owner) — and the next
session planned in three weeks, whose page shows the open actions to review. Recorded
through the services of the reflections app, acting as the demo team lead.

Idempotent: a session is known by team and title; on a second load nothing is duplicated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.reflections import services
from wijkkompas.reflections.constants import ActionStatus, ReflectionStatus
from wijkkompas.reflections.models import FollowUpAction, Reflection
from wijkkompas.teams.models import Membership, Team

TEAM = "Krachtstroomteam Wezep"
HELD_TITLE = "Kairosmoment voorjaar: een half jaar Krachtstroom"
NEXT_TITLE = "Kairosmoment najaar"

HELD_ANSWERS = {
    "keep": (
        "Het inloopspreekuur in het dorpshuis: inwoners komen zonder afspraak en we zien "
        "vragen eerder. De vaste koppels van een hulp- en een welzijnswerker aan tafel."
    ),
    "stop": (
        "Dubbel registreren in het systeem van de gemeente én van de eigen organisatie. "
        "Overleggen zonder besluit."
    ),
    "differently": (
        "De overdracht naar het Wmo-loket: één formulier, en we bellen de "
        "contactpersoon in plaats van te mailen."
    ),
    "renew": (
        "Collectief werken: drie keer kwam de vraag van jonge moeders die er alleen voor "
        "staan. Samen met bewoners een moedergroep verkennen."
    ),
    "tomorrow": "Morgen belt de opbouwwerker de buurtkamer over een ruimte voor de moedergroep.",
    "right_things": (
        "Grotendeels. We zitten nog te veel in individuele hulp; het collectief krijgt te "
        "weinig tijd."
    ),
    "things_right": (
        "Aan tafel wel, in de keten minder: de wachtlijst schuldhulp maakt dat we "
        "huishoudens vooral 'warm houden'."
    ),
    "summary": (
        "Een open gesprek met energie. De cijfers lieten zien dat het aantal gesprekken "
        "groeit, maar dat weinig vragen in het eigen netwerk worden opgelost. Het verhaal "
        "erachter: we kennen de netwerken van inwoners nog te slecht. Besloten: drie acties."
    ),
}

#: (decision, owner username, days after the session it is due, done by its owner?)
ACTIONS = [
    (
        "Eén overdrachtsformulier met het Wmo-loket afspreken en invoeren",
        "demo-team_lead",
        45,
        True,
    ),
    (
        "Met twee bewoners een moedergroep verkennen (ruimte, tijden, wie trekt)",
        "demo-professional",
        70,
        False,
    ),
    (
        "In elk keukentafelgesprek expliciet naar het eigen netwerk vragen (ecogram)",
        "demo-coordinator",
        90,
        False,
    ),
]


def reflections_demo_load(*, municipality: Municipality, summary: Any = None) -> int:
    """Load (or leave alone) the reflection sessions of the Wezep team. Idempotent.

    Returns how many sessions were new."""
    team = Team.objects.get(municipality=municipality, name=TEAM)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    lead = users["demo-team_lead"]
    today = timezone.localdate()
    members = list(Membership.objects.filter(team=team, ring="core").order_by("person_name"))
    facilitator = next((m for m in members if m.user_id == lead.pk), None)
    created = 0

    held = Reflection.objects.filter(team=team, title=HELD_TITLE).first()
    if summary is not None:
        summary.note("reflection", held is None)
    if held is None:
        day = today - dt.timedelta(days=60)
        held = services.reflection_plan(
            user=lead,
            team=team,
            title=HELD_TITLE,
            planned_on=day,
            facilitator=facilitator,
            participants=members,
        )
        held = services.reflection_record(user=lead, reflection=held, held_on=day, **HELD_ANSWERS)
        for decision, owner, due_in, done in ACTIONS:
            action = services.action_add(
                user=lead,
                reflection=held,
                decision=decision,
                owner=users[owner],
                due_date=day + dt.timedelta(days=due_in),
            )
            if done:
                services.action_complete(
                    user=users[owner],
                    action=action,
                    note="Formulier staat in de teammap; het loket gebruikt het sinds mei.",
                )
        created += 1

    upcoming = Reflection.objects.filter(team=team, title=NEXT_TITLE).first()
    if summary is not None:
        summary.note("reflection", upcoming is None)
    if upcoming is None:
        services.reflection_plan(
            user=lead,
            team=team,
            title=NEXT_TITLE,
            planned_on=today + dt.timedelta(days=21),
            facilitator=facilitator,
            participants=members,
        )
        created += 1
    return created


def reflections_overview(municipality: Municipality) -> str:
    """One line about the demo's reflection sessions, as they are in the database."""
    sessions = Reflection.objects.filter(team__municipality=municipality)
    actions = FollowUpAction.objects.filter(reflection__team__municipality=municipality)
    return (
        f"Reflection sessions in {municipality.name}: "
        f"{sessions.filter(status=ReflectionStatus.HELD).count()} held, "
        f"{sessions.filter(status=ReflectionStatus.PLANNED).count()} planned; "
        f"{actions.filter(status=ActionStatus.OPEN).count()} follow-up actions open"
    )

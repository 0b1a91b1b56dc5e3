"""The demo's team risk register of the Krachtstroomteam Wezep.

Four risks the Kenniskring document names around a social neighbourhood team: the
waiting list of debt counselling (schuldhulp), a weak link between the team (front
office) and the municipality's Wmo desk (back office), staff turnover, and the tender of
home support (thuisbegeleiding). Registered through the services of the risks app, acting
as the demo team lead and coordinator, so every risk has its history; one has been
reviewed, one is being handled, and the review of one is overdue, so the register shows
what a team lead meets on a normal Monday.

Idempotent: a risk is known by team and title; on a second load nothing is duplicated.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.risks import services
from wijkkompas.risks.constants import RiskCategory, RiskStatus
from wijkkompas.risks.models import TeamRisk, TeamRiskChange
from wijkkompas.teams.models import Team

TEAM = "Krachtstroomteam Wezep"

#: ``days_ago``: when it was registered; ``review_in``: days from today to the next review
#: (negative: overdue); ``review``: a review recorded since (days ago, new scores, note).
RISKS: list[dict[str, Any]] = [
    {
        "title": "Wachtlijst schuldhulpverlening",
        "category": RiskCategory.WAITING_LISTS,
        "description": (
            "Inwoners met schulden wachten nu acht tot tien weken op een intake bij de "
            "schuldhulpverlening. In die tijd lopen schulden en stress op; het team houdt "
            "huishoudens 'warm' zonder dat er iets opgelost wordt."
        ),
        "likelihood": 4,
        "impact": 4,
        "owner": "demo-coordinator",
        "measures": (
            "Wekelijks een inloopspreekuur met de schuldhulpmaatjes in het dorpshuis; "
            "urgente huishoudens (afsluiting, huisuitzetting) direct melden bij de gemeente; "
            "wachttijd maandelijks bespreken met de afdeling Werk en Inkomen."
        ),
        "status": RiskStatus.HANDLING,
        "days_ago": 75,
        "review_in": 35,
        "by": "demo-team_lead",
        "review": {
            "days_ago": 14,
            "likelihood": 4,
            "impact": 5,
            "note": (
                "Wachttijd opgelopen naar tien weken; twee gezinnen kregen een "
                "afsluitingsbrief tijdens het wachten. Gevolg omhoog naar 5."
            ),
        },
    },
    {
        "title": "Zwakke verbinding tussen het team en het Wmo-loket",
        "category": RiskCategory.FRONT_BACK_OFFICE,
        "description": (
            "Aanvragen die het team doorzet naar het Wmo-loket van de gemeente komen soms "
            "niet aan of worden opnieuw uitgevraagd. Inwoners vertellen hun verhaal dan "
            "twee keer, en de regie ligt even nergens."
        ),
        "likelihood": 3,
        "impact": 4,
        "owner": "demo-team_lead",
        "measures": (
            "Vaste contactpersoon bij het loket; eens per maand een casusoverleg tussen "
            "team en backoffice; één overdrachtsformulier."
        ),
        "status": RiskStatus.OPEN,
        "days_ago": 120,
        "review_in": -6,
        "by": "demo-team_lead",
    },
    {
        "title": "Personeelsverloop in het kernteam",
        "category": RiskCategory.STAFF_TURNOVER,
        "description": (
            "Twee van de zes kernteamleden vertrekken dit jaar. Nieuwe collega's kennen de "
            "buurten en de netwerkpartners nog niet; kennis van lopende huishoudens kan "
            "verloren gaan."
        ),
        "likelihood": 3,
        "impact": 3,
        "owner": "demo-team_lead",
        "measures": (
            "Inwerkmaatje voor elke nieuwe collega; overdracht per huishouden in het "
            "casusoverleg; buurtwandeling met de opbouwwerker in de eerste maand."
        ),
        "status": RiskStatus.OPEN,
        "days_ago": 40,
        "review_in": 50,
        "by": "demo-team_lead",
    },
    {
        "title": "Aanbesteding thuisbegeleiding",
        "category": RiskCategory.TENDERING,
        "description": (
            "Het contract voor thuisbegeleiding wordt opnieuw aanbesteed. Partners met wie "
            "het team nu goed samenwerkt, kunnen elkaars concurrenten worden of het "
            "contract verliezen; inwoners krijgen dan een andere begeleider."
        ),
        "likelihood": 2,
        "impact": 4,
        "owner": "demo-coordinator",
        "measures": (
            "Met de gemeente afspreken dat lopende begeleiding overgaat met dezelfde "
            "begeleider waar dat kan; de ervaringen van het team inbrengen bij het "
            "programma van eisen."
        ),
        "status": RiskStatus.OPEN,
        "days_ago": 20,
        "review_in": 70,
        "by": "demo-coordinator",
    },
]


def risks_demo_load(*, municipality: Municipality, summary: Any = None) -> int:
    """Load (or leave alone) the risk register of the Wezep team. Idempotent.

    ``summary``: the loader's ``DemoSummary`` (``note(kind, created)``), optional.
    Returns how many risks were new.
    """
    team = Team.objects.get(municipality=municipality, name=TEAM)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    today = timezone.localdate()
    now = timezone.now()
    created = 0
    for data in RISKS:
        exists = TeamRisk.objects.filter(team=team, title=data["title"]).exists()
        if summary is not None:
            summary.note("teamrisk", not exists)
        if exists:
            continue
        by = users[data["by"]]
        registered = now - dt.timedelta(days=data["days_ago"])
        risk = services.team_risk_create(
            user=by,
            team=team,
            title=data["title"],
            category=data["category"],
            description=data["description"],
            likelihood=data["likelihood"],
            impact=data["impact"],
            owner=users[data["owner"]],
            measures=data["measures"],
            review_date=today + dt.timedelta(days=data["review_in"]),
            status=data["status"],
        )
        # Date the registration back (a service dates a change "now").
        TeamRisk.objects.filter(pk=risk.pk).update(created_at=registered)
        risk.changes.update(changed_at=registered)
        review = data.get("review")
        if review:
            reviewed = services.team_risk_review(
                user=users["demo-team_lead"],
                risk=risk,
                likelihood=review["likelihood"],
                impact=review["impact"],
                note=review["note"],
                review_date=today + dt.timedelta(days=data["review_in"]),
            )
            TeamRiskChange.objects.filter(risk=reviewed, kind="reviewed").update(
                changed_at=now - dt.timedelta(days=review["days_ago"])
            )
        created += 1
    return created


def risks_overview(municipality: Municipality) -> str:
    """One line about the demo's risk register, as it is in the database."""
    risks = TeamRisk.objects.filter(team__municipality=municipality)
    return (
        f"Team risks in {municipality.name}: {risks.count()} registered, "
        f"{risks.exclude(status=RiskStatus.CLOSED).count()} need attention"
    )

"""The demo's stories next to the indicators of Oldebroek and its Krachtstroomteam Wezep.

"Tellen en vertellen": a few stories of a professional, a resident and a partner, added
through the services as the demo accounts, to some figures of the current year (and one to
every period), at different visibility levels. The other figures keep no story, so the
dashboards also show what "no story yet" looks like. The figures themselves are computed
from the demo's conversations, scores, initiatives, ideas and places.

Idempotent: a story is known by municipality, indicator and title.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.indicators import services
from wijkkompas.indicators.catalogue import Period, Scope
from wijkkompas.indicators.constants import AuthorKind, StoryStatus, Visibility
from wijkkompas.indicators.models import Story
from wijkkompas.teams.models import Team

TEAM = "Krachtstroomteam Wezep"

#: ``team``: the story belongs to the team's figure (else the municipality's); ``year``: to
#: the current year (else to every period).
STORIES: list[dict[str, Any]] = [
    {
        "indicator": "substitution",
        "team": True,
        "year": True,
        "by": "demo-professional",
        "author_kind": AuthorKind.PROFESSIONAL,
        "visibility": Visibility.MUNICIPALITY,
        "title": "Eerst de buurtmaaltijd, dan pas de indicatie",
        "narrative": (
            "Een oudere man kwam met een vraag om huishoudelijke hulp. Aan de keukentafel "
            "bleek vooral dat hij sinds de dood van zijn vrouw niemand meer sprak. Hij eet nu "
            "elke donderdag mee bij de buurtmaaltijd; de buurman die hij daar leerde kennen "
            "doet de boodschappen mee. Een Wmo-indicatie was niet meer nodig."
        ),
    },
    {
        "indicator": "active_residents",
        "team": False,
        "year": True,
        "by": "demo-team_lead",
        "author_kind": AuthorKind.RESIDENT,
        "visibility": Visibility.CIRCLE,
        "title": "Van deelnemer naar trekker",
        "narrative": (
            "Ik kwam bij de klussendienst omdat mijn schuur lekte. Nu plan ik zelf de klussen "
            "en bel ik de vrijwilligers. Het geeft me iets te doen sinds ik niet meer werk."
        ),
    },
    {
        "indicator": "avoided_costs",
        "team": False,
        "year": False,
        "by": "demo-policy_officer",
        "author_kind": AuthorKind.PARTNER,
        "visibility": Visibility.MUNICIPALITY,
        "title": "Wat de schatting niet zegt",
        "narrative": (
            "De huisartsenpraktijk verwijst eenzame ouderen nu eerst naar het dorpshuis. "
            "Niet elke verwijzing voorkomt een voorziening, maar we zien minder herhaalde "
            "consulten zonder medische vraag. Lees het bedrag als een richting, niet als "
            "een besparing op de begroting."
        ),
    },
    {
        "indicator": "zrm_change",
        "team": True,
        "year": True,
        "by": "demo-coordinator",
        "author_kind": AuthorKind.PROFESSIONAL,
        "visibility": Visibility.TEAM,
        "title": "Financiën eerst, de rest volgde",
        "narrative": (
            "Bij de meeste gezinnen die we dit jaar twee keer scoorden ging financiën het "
            "eerst omhoog: zodra de post weer open ging, kwam er ruimte voor de rest. Bij "
            "huisvesting zien we weinig beweging; daar wachten we op de woningcorporatie."
        ),
    },
]


def indicators_demo_load(*, municipality: Municipality, summary: Any = None) -> int:
    """Load (or leave alone) the demo's stories. Idempotent. Returns how many were new."""
    team = Team.objects.get(municipality=municipality, name=TEAM)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    year = Period.containing("year", timezone.localdate())
    created = 0
    for data in STORIES:
        exists = Story.objects.filter(
            municipality=municipality, indicator=data["indicator"], title=data["title"]
        ).exists()
        if summary is not None:
            summary.note("story", not exists)
        if exists:
            continue
        scope = Scope(municipality.pk, team_id=team.pk if data["team"] else None)
        services.story_create(
            user=users[data["by"]],
            scope=scope,
            indicator=data["indicator"],
            period=year if data["year"] else None,
            narrative=data["narrative"],
            author_kind=data["author_kind"],
            visibility=data["visibility"],
            title=data["title"],
        )
        created += 1
    return created


def indicators_overview(municipality: Municipality) -> str:
    """One line about the demo's stories, as they are in the database."""
    stories = Story.objects.filter(municipality=municipality, status=StoryStatus.ACTIVE)
    return (
        f"Stories with the indicators of {municipality.name}: {stories.count()} "
        f"(dashboards at /indicatoren/gemeente/{municipality.pk}/)"
    )

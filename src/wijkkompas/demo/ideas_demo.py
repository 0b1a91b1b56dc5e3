"""The demo's places and residents' ideas in Wezep ("Maak het verschil").

* places (vindplekken, ontmoetingsplekken): dorpshuis De Klaproos, the moestuin at the
  Molenweg, a primary school, the library branch, a church hall, the sports park and a
  kitchen table that is not on the public pages;
* ideas of residents of Wezep, sent through the public neighbourhood page: "Samen koken voor
  ouderen" and "Klussendienst voor de buurt" (published, coached, with residents who join),
  "Jonge moedergroep" (published), "Wandelgroep op dinsdag" (waiting for moderation) and one
  rejected idea (a commercial offer, with the reason).

Written through the services of the ideas and places apps, acting as the demo team
accounts, so rows are validated like real ones and writes of supporters are logged; the
supporters are fictional (example.org addresses).

Idempotent: a place is known by municipality and name, an idea by neighbourhood and title,
a supporter by idea and name. On a second load nothing is duplicated.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality, Neighbourhood
from wijkkompas.ideas import services as idea_services
from wijkkompas.ideas.constants import IdeaStatus
from wijkkompas.ideas.models import Idea, IdeaSupporter
from wijkkompas.places import services as place_services
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.models import Place

PLACES: list[dict[str, Any]] = [
    {
        "name": "Dorpshuis De Klaproos",
        "kind": PlaceKind.COMMUNITY_CENTRE,
        "neighbourhood": "BU02690100",
        "address": "Dorpsstraat 1, Wezep",
        "accessible": True,
        "description": (
            "Het dorpshuis in het centrum van Wezep, met een grote zaal, een keuken en een "
            "koffiehoek. Beheerd door vrijwilligers."
        ),
        "activities": (
            "Dinsdagochtend koffie-inloop; donderdag de buurtmaaltijd; spreekuur van het "
            "Krachtstroomteam op woensdagmiddag."
        ),
        "public": True,
    },
    {
        "name": "Buurtmoestuin Molenweg",
        "kind": PlaceKind.GARDEN,
        "neighbourhood": "BU02690101",
        "address": "Molenweg (achter de gymzaal), Wezep",
        "accessible": True,
        "description": "Twintig bakken die buurtbewoners samen onderhouden, met een pluktuin.",
        "activities": "Zaterdagochtend samen tuinieren; oogst gaat mee naar de buurtmaaltijd.",
        "public": True,
    },
    {
        "name": "Basisschool De Wezepse Akker",
        "kind": PlaceKind.SCHOOL,
        "neighbourhood": "BU02690102",
        "address": "Schoolstraat 12, Wezep",
        "accessible": True,
        "description": "Basisschool met een ouderkamer die ook buiten schooltijd open is.",
        "activities": "Ouderkamer op maandag- en vrijdagochtend.",
        "public": True,
    },
    {
        "name": "Bibliotheek Wezep",
        "kind": PlaceKind.LIBRARY,
        "neighbourhood": "BU02690100",
        "address": "Kerkstraat 4, Wezep",
        "accessible": True,
        "description": "Bibliotheekvestiging met een Digitaal Café en een Taalhuis.",
        "activities": "Taalcafé op donderdagmiddag.",
        "public": True,
    },
    {
        "name": "Zaal van de Dorpskerk",
        "kind": PlaceKind.CHURCH,
        "neighbourhood": "BU02690100",
        "address": "Kerkplein 2, Wezep",
        "accessible": False,
        "description": "Zaal naast de kerk; de ingang heeft twee treden.",
        "activities": "Rouw- en verliesgroep eens per maand.",
        "public": True,
    },
    {
        "name": "Sportpark Mulderssingel",
        "kind": PlaceKind.SPORTS,
        "neighbourhood": "BU02690103",
        "address": "Mulderssingel, Wezep",
        "accessible": True,
        "description": (
            "Voetbal- en tennisvereniging met een kantine waar buurtactiviteiten kunnen."
        ),
        "activities": "Walking football voor 60-plussers op woensdag.",
        "public": True,
    },
    {
        "name": "Keukentafel bij een vrijwilliger in Wezep-Oost",
        "kind": PlaceKind.KITCHEN_TABLE,
        "neighbourhood": "BU02690103",
        "address": "",
        "accessible": False,
        "description": (
            "Een vrijwilliger ontvangt hier één-op-één bewoners met geldzorgen. Niet openbaar: "
            "het team brengt mensen in contact."
        ),
        "activities": "Thuisadministratie op afspraak.",
        "public": False,
    },
]

#: Ideas as residents sent them; ``status`` is what the team did with them.
IDEAS: list[dict[str, Any]] = [
    {
        "neighbourhood": "BU02690100",
        "title": "Samen koken voor ouderen",
        "description": (
            "Veel ouderen in Wezep eten alleen. Ik kook graag en wil één keer per week met een "
            "paar buren een maaltijd maken in het dorpshuis, voor wie dat gezellig vindt. Wie "
            "kookt mee of helpt met halen en brengen?"
        ),
        "sender": ("Gerda Jonker", "gerda.jonker@example.org", ""),
        "status": IdeaStatus.PUBLISHED,
        "coach": "demo-professional",
        "supporters": [
            ("Hendrik Mulder", "", "0612340001", "Ik kan rijden op donderdag."),
            ("Annie de Boer", "annie.deboer@example.org", "", "Ik bak graag een toetje."),
            ("Ricardo Pinas", "ricardo.pinas@example.org", "", ""),
            ("Wilma van Dijk", "", "0612340004", "Mijn moeder (84) komt graag mee eten."),
            ("Bram Hoekstra", "bram.hoekstra@example.org", "", "Ik help met afwassen."),
            ("Yvonne Kok", "yvonne.kok@example.org", "", ""),
            ("Jan Visser", "", "0612340007", "Kan ik ook iets doen als ik niet kan koken?"),
            ("Fatma Yildiz", "fatma.yildiz@example.org", "", "Ik kook Turks, als dat mag."),
            ("Kees Bosman", "kees.bosman@example.org", "", ""),
            ("Marja Smit", "", "0612340010", "Ik ken twee buren die vaak alleen zijn."),
            ("Ton Brink", "ton.brink@example.org", "", ""),
        ],
    },
    {
        "neighbourhood": "BU02690101",
        "title": "Klussendienst voor de buurt",
        "description": (
            "Ik ben gepensioneerd timmerman en zie bij buren vaak kleine dingen die blijven "
            "liggen: een lekkende kraan, een klemmende deur. Met een paar handige buren kunnen "
            "we dat samen oppakken, gratis, voor wie het zelf niet meer kan."
        ),
        "sender": ("Gerrit Hofman", "", "0612340101"),
        "status": IdeaStatus.PUBLISHED,
        "coach": "demo-coordinator",
        "supporters": [
            ("Erik Jansen", "erik.jansen@example.org", "", "Ik ben elektricien."),
            ("Sanne Bakker", "sanne.bakker@example.org", "", "Ik kan de planning doen."),
            ("Mohamed el Amrani", "", "0612340104", ""),
        ],
    },
    {
        "neighbourhood": "BU02690102",
        "title": "Jonge moedergroep",
        "description": (
            "Sinds de geboorte van mijn dochter zit ik veel thuis en ken ik weinig mensen in "
            "Wezep. Ik zou graag elke week met andere jonge moeders koffie drinken, in de "
            "ouderkamer van de school of het dorpshuis, met af en toe iemand van het CJG."
        ),
        "sender": ("Lotte Vermeulen", "lotte.vermeulen@example.org", ""),
        "status": IdeaStatus.PUBLISHED,
        "coach": "demo-professional",
        "supporters": [
            ("Priya Ramdin", "priya.ramdin@example.org", "", "Mijn zoon is 4 maanden."),
            ("Sophie de Groot", "", "0612340203", ""),
        ],
    },
    {
        "neighbourhood": "BU02690103",
        "title": "Wandelgroep op dinsdag",
        "description": (
            "Een vast rondje door Wezep-Oost op dinsdagochtend, rustig tempo, met koffie na "
            "afloop. Voor iedereen die wat meer wil bewegen of gewoon een praatje wil."
        ),
        "sender": ("Joke Willems", "joke.willems@example.org", ""),
        "status": IdeaStatus.SUBMITTED,
        "coach": None,
        "supporters": [],
    },
    {
        "neighbourhood": "BU02690100",
        "title": "Korting op mijn schoonmaakdienst",
        "description": "Ik bied buurtbewoners 10% korting op schoonmaak aan huis.",
        "sender": ("Schoonmaakbedrijf", "info@example.org", ""),
        "status": IdeaStatus.REJECTED,
        "reason": (
            "Dit is een commercieel aanbod, geen bewonersidee. We verwijzen naar de "
            "ondernemersvereniging."
        ),
        "coach": None,
        "supporters": [],
    },
]


def _note(summary: Any, kind: str, created: bool) -> None:
    if summary is not None and hasattr(summary, "note"):
        summary.note(kind, created)


@transaction.atomic
def load_ideas_and_places(*, municipality: Municipality, summary: Any = None) -> dict[str, int]:
    """Load (or leave alone) the places and residents' ideas of Wezep. Idempotent.

    ``summary``: the loader's ``DemoSummary`` (``note(kind, created)``), optional.
    Returns how many rows of each kind were new.
    """
    created = {"place": 0, "idea": 0, "supporter": 0}
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    professional = users["demo-professional"]
    neighbourhoods = {
        n.code: n
        for n in Neighbourhood.objects.filter(district__municipality=municipality).select_related(
            "district"
        )
    }
    places: dict[str, Place] = {}
    for data in PLACES:
        place = Place.objects.filter(municipality=municipality, name=data["name"]).first()
        is_new = place is None
        if place is None:
            fields = {k: v for k, v in data.items() if k != "neighbourhood"}
            place = place_services.place_create(
                user=professional,
                municipality=municipality,
                neighbourhood=neighbourhoods[data["neighbourhood"]],
                **fields,
            )
            created["place"] += 1
        places[data["name"]] = place
        _note(summary, "place", is_new)

    for data in IDEAS:
        neighbourhood = neighbourhoods[data["neighbourhood"]]
        idea = Idea.objects.filter(neighbourhood=neighbourhood, title=data["title"]).first()
        is_new = idea is None
        if idea is None:
            name, email, phone = data["sender"]
            idea = idea_services.idea_submit(
                neighbourhood=neighbourhood,
                title=data["title"],
                description=data["description"],
                name=name,
                email=email,
                phone=phone,
            )
            created["idea"] += 1
            if data["status"] == IdeaStatus.PUBLISHED:
                idea = idea_services.idea_publish(idea=idea, user=professional)
            elif data["status"] == IdeaStatus.REJECTED:
                idea = idea_services.idea_reject(
                    idea=idea, user=professional, reason=data["reason"]
                )
            if data["coach"]:
                idea = idea_services.idea_assign_coach(
                    idea=idea, user=professional, coach=users[data["coach"]]
                )
        _note(summary, "idea", is_new)
        known = set(IdeaSupporter.objects.filter(idea=idea).values_list("name", flat=True))
        for name, email, phone, message in data["supporters"]:
            if name in known:
                continue
            idea_services.idea_join(idea=idea, name=name, email=email, phone=phone, message=message)
            created["supporter"] += 1
    return created


def ideas_overview(municipality: Municipality) -> str:
    """One line for the loader's output."""
    places = Place.objects.filter(municipality=municipality).count()
    ideas = Idea.objects.filter(neighbourhood__district__municipality=municipality)
    published = ideas.filter(status=IdeaStatus.PUBLISHED).count()
    return (
        f"{places} places, {ideas.count()} residents' ideas ({published} published) "
        f"in {municipality.name}"
    )

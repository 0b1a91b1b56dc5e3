"""The demo's collective work in Wezep: initiatives, collective opportunities and referrals.

* initiatives of the Krachtstroomteam Wezep: the buurtmaaltijd in het dorpshuis (running,
  with its history from idea to running, stories and referrals), the jonge moedergroep
  (trial, from a residents' idea), the klussendienst (exploring, from a partner) and a
  digital walk-in hour in the library that stopped, with its lesson learned. The
  buurtmaaltijd and the moedergroep are public, with how to join: residents find them on
  the public pages of their neighbourhoods;
* collective opportunities: loneliness among older residents of Wezep (from the theme signal
  "eenzaam", discussed and linked to the buurtmaaltijd) and debts of young families (open);
* referrals: a few conversations of the demo households that ended collectively, referred
  to the buurtmaaltijd and the moedergroep.

Written through the services of the initiatives app where they fit, acting as the demo
accounts (demo-professional, demo-coordinator, demo-team_lead), so rows are validated like
real ones and referrals are logged; the stage history is then dated back directly (a
service dates a step "now").

Idempotent: an initiative is known by municipality and name, an opportunity by team and
title, a story or comment by its text, a referral by conversation and initiative. On a
second load nothing is duplicated.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality, Neighbourhood
from wijkkompas.conversations.models import Conversation
from wijkkompas.initiatives import services
from wijkkompas.initiatives.constants import Origin, Stage
from wijkkompas.initiatives.models import (
    Initiative,
    InitiativeStory,
    Opportunity,
    OpportunityComment,
    Referral,
    StageChange,
)
from wijkkompas.organisations.models import Organisation
from wijkkompas.places.constants import PlaceKind
from wijkkompas.places.models import Place
from wijkkompas.teams.models import Team

TEAM = "Krachtstroomteam Wezep"

#: name -> what the initiative is; ``path``: the stages it went through, with days ago.
INITIATIVES: list[dict[str, Any]] = [
    {
        "name": "Buurtmaaltijd in het dorpshuis",
        "description": (
            "Elke donderdag koken vrijwilligers een warme maaltijd in het dorpshuis voor "
            "buurtbewoners die vaak alleen eten. Wie wil, kookt mee; wie niet mobiel is, "
            "wordt opgehaald door de vrijwilligerscentrale."
        ),
        "level": "normaliseren",
        "origin": Origin.TEAM_SIGNAL,
        "neighbourhoods": ["BU02690100", "BU02690101"],
        "place": "dorpshuis",
        "partners": ["Welzijn De Brinkhof", "Vrijwilligerscentrale Oldebroek"],
        "other_partners": "Bakkerij in de Dorpsstraat (brood), de kerk (vervoer)",
        "budget": Decimal("2400.00"),
        "participants": 28,
        "in_charge": True,
        "public": True,
        "how_to_join": (
            "Elke donderdag om 17.30 uur in het dorpshuis. Aanschuiven kost een kleine "
            "bijdrage; meekoken of opgehaald worden? Meld je bij de bar van het dorpshuis of "
            "bij het sociaal team Wezep."
        ),
        "path": [
            (Stage.IDEA, 300, ""),
            (Stage.EXPLORE, 260, "Gesprek met het dorpshuis en de vrijwilligerscentrale."),
            (Stage.TRIAL, 200, "Drie proefavonden, 14 tot 20 gasten."),
            (Stage.RUNNING, 120, "Vaste avond op donderdag; een kookploeg van zes."),
        ],
        "stories": [
            "Een weduwnaar die al maanden niemand sprak, schuift nu elke week aan en neemt "
            "zijn buurman mee.",
            "De kookploeg bedacht zelf een 'mee-eet-pas' zodat niemand aan de deur hoeft te "
            "vragen wat het kost.",
        ],
    },
    {
        "name": "Jonge moedergroep",
        "description": (
            "Jonge moeders in Wezep-Zuid ontmoeten elkaar elke dinsdagochtend in de "
            "bibliotheek, met een kinderhoek. Het idee kwam van twee moeders zelf; de "
            "jeugdverpleegkundige schuift eens per maand aan."
        ),
        "level": "preventie",
        "origin": Origin.RESIDENT_IDEA,
        "neighbourhoods": ["BU02690102"],
        "place": None,
        "partners": ["Centrum voor Jeugd en Gezin Oldebroek"],
        "other_partners": "",
        "budget": Decimal("600.00"),
        "participants": 9,
        "in_charge": True,
        "public": True,
        "how_to_join": (
            "Dinsdagochtend van 9.30 tot 11.30 uur in de bibliotheek, met een kinderhoek. "
            "Loop gewoon binnen."
        ),
        "path": [
            (Stage.IDEA, 150, ""),
            (Stage.EXPLORE, 110, "Ruimte gevonden in de bibliotheek."),
            (Stage.TRIAL, 60, "Proef van drie maanden."),
        ],
        "stories": ["Twee moeders ruilen nu ook kinderkleding en passen op elkaars kinderen."],
    },
    {
        "name": "Klussendienst Wezep",
        "description": (
            "Vrijwilligers helpen ouderen en mensen met een krappe beurs met kleine klussen "
            "in huis: een lamp ophangen, een lekkende kraan, de tuin winterklaar."
        ),
        "level": "normaliseren",
        "origin": Origin.PARTNER,
        "neighbourhoods": ["BU02690100", "BU02690101", "BU02690102", "BU02690103"],
        "place": None,
        "partners": ["Woonstichting Het Broek", "Vrijwilligerscentrale Oldebroek"],
        "other_partners": "Gepensioneerde vakmensen uit het dorp",
        "budget": None,
        "participants": 0,
        "in_charge": False,
        "public": False,
        "how_to_join": "",
        "path": [
            (Stage.IDEA, 60, ""),
            (Stage.EXPLORE, 20, "Woonstichting betaalt materiaal; vrijwilligers gezocht."),
        ],
        "stories": [],
    },
    {
        "name": "Digitaal spreekuur in de bibliotheek",
        "description": "Hulp bij DigiD, de bank-app en formulieren van de gemeente.",
        "level": "preventie",
        "origin": Origin.TEAM_SIGNAL,
        "neighbourhoods": ["BU02690100"],
        "place": None,
        "partners": [],
        "other_partners": "Bibliotheek",
        "budget": None,
        "participants": 4,
        "in_charge": False,
        "public": False,
        "how_to_join": "",
        "path": [
            (Stage.IDEA, 400, ""),
            (Stage.TRIAL, 330, "Spreekuur op woensdagmiddag."),
            (
                Stage.STOPPED,
                240,
                "Te weinig bezoekers op een vast uur: mensen vragen hulp op het moment dat "
                "de brief er ligt. Les: hulp aan huis via de klussendienst-vrijwilligers.",
            ),
        ],
        "stories": [],
    },
]

OPPORTUNITIES: list[dict[str, Any]] = [
    {
        "title": "Eenzaamheid onder ouderen in Wezep",
        "description": (
            "In veel keukentafelgesprekken met ouderen in Wezep-Centrum en -Noord komt "
            "eenzaamheid terug: alleen eten, geen vervoer, de buren kennen elkaar niet meer."
        ),
        "neighbourhood": "BU02690100",
        "measure": "theme:eenzaam",
        "snapshot": "Wezep-Centrum: terugkerend thema 'eenzaam' in de gesprekken van dit "
        "kwartaal, meer dan het kwartaal ervoor.",
        "initiative": "Buurtmaaltijd in het dorpshuis",
        "comments": [
            ("demo-professional", "Het dorpshuis heeft op donderdag de keuken vrij."),
            ("demo-team_lead", "Laten we de vrijwilligerscentrale vragen voor vervoer."),
        ],
    },
    {
        "title": "Schulden bij jonge gezinnen",
        "description": (
            "Jonge gezinnen in Wezep-Zuid melden zich laat met betalingsachterstanden. "
            "Een inloop samen met Schuldhulp Noord-Veluwe op school?"
        ),
        "neighbourhood": "BU02690102",
        "measure": "domain:finances",
        "snapshot": "Wezep-Zuid: financiën en schulden vaker genoemd dan vorig kwartaal.",
        "initiative": None,
        "comments": [("demo-coordinator", "De school wil meedenken over een ouderavond.")],
    },
]

#: Referrals: (initiative, how many conversations of the team that ended collectively).
REFERRALS = [("Buurtmaaltijd in het dorpshuis", 3), ("Jonge moedergroep", 1)]


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _place(municipality: Municipality, neighbourhood: Neighbourhood) -> Place:
    """The community centre of Wezep: the places demo's if it has one, else made here."""
    place = (
        Place.objects.filter(municipality=municipality, kind=PlaceKind.COMMUNITY_CENTRE)
        .filter(neighbourhood__district=neighbourhood.district)
        .order_by("pk")
        .first()
    )
    if place is not None:
        return place
    place, _created = Place.objects.get_or_create(
        municipality=municipality,
        name="Dorpshuis Wezep",
        defaults={
            "neighbourhood": neighbourhood,
            "kind": PlaceKind.COMMUNITY_CENTRE,
            "address": "Dorpsstraat 1, Wezep",
            "accessible": True,
            "description": "Het dorpshuis in het centrum van Wezep.",
            "public": True,
        },
    )
    return place


def _date_back(initiative: Initiative, path: list[tuple[str, int, str]], by: User) -> None:
    """Replace the one history step the service wrote by the whole path, dated back."""
    now = timezone.now()
    StageChange.objects.filter(initiative=initiative).delete()
    previous = ""
    for stage, days_ago, note in path:
        change = StageChange.objects.create(
            initiative=initiative, from_stage=previous, to_stage=stage, note=note, changed_by=by
        )
        StageChange.objects.filter(pk=change.pk).update(
            changed_at=now - dt.timedelta(days=days_ago)
        )
        previous = stage
    if previous == Stage.STOPPED:
        initiative.lesson_learned = path[-1][2]
    initiative.stage = previous
    initiative.save(update_fields=["stage", "lesson_learned", "updated_at"])


@transaction.atomic
def initiatives_demo_load(*, municipality: Municipality, summary: Any = None) -> dict[str, int]:
    """Load (or leave alone) the collective work of the demo in Wezep. Idempotent.

    ``summary``: the loader's ``DemoSummary`` (``note(kind, created)``), optional.
    Returns how many rows of each kind were new.
    """
    created: dict[str, int] = {"initiative": 0, "opportunity": 0, "referral": 0}
    team = Team.objects.get(municipality=municipality, name=TEAM)
    users = {u.username: u for u in User.objects.filter(username__startswith="demo-")}
    professional = users["demo-professional"]
    initiator = users["demo-initiator"]
    neighbourhoods = {
        n.code: n for n in Neighbourhood.objects.filter(district__municipality=municipality)
    }
    place = _place(municipality, neighbourhoods["BU02690100"])
    organisations = {o.name: o for o in Organisation.objects.filter(municipality=municipality)}

    initiatives: dict[str, Initiative] = {}
    for data in INITIATIVES:
        initiative = Initiative.objects.filter(municipality=municipality, name=data["name"]).first()
        is_new = initiative is None
        if initiative is None:
            initiative = services.initiative_create(
                user=professional,
                team=team,
                name=data["name"],
                description=data["description"],
                level=data["level"],
                origin=data["origin"],
                neighbourhoods=[neighbourhoods[c] for c in data["neighbourhoods"]],
                place=place if data["place"] == "dorpshuis" else None,
                budget=data["budget"],
                participants_count=data["participants"],
                residents_in_charge=[initiator] if data["in_charge"] else [],
                coaches=[professional],
                partner_organisations=[
                    organisations[name] for name in data["partners"] if name in organisations
                ],
                other_partners=data["other_partners"],
                public=data["public"],
                how_to_join=data["how_to_join"],
            )
            _date_back(initiative, data["path"], professional)
            created["initiative"] += 1
        elif data["public"] and not initiative.public:
            # A demo loaded before initiatives could be public: show it to residents now.
            initiative = services.initiative_update(
                user=professional,
                initiative=initiative,
                public=True,
                how_to_join=initiative.how_to_join or data["how_to_join"],
            )
        for text in data["stories"]:
            if not InitiativeStory.objects.filter(initiative=initiative, text=text).exists():
                services.story_add(
                    user=initiator if data["in_charge"] else professional,
                    initiative=initiative,
                    text=text,
                )
        if summary is not None:
            summary.note("initiative", is_new)
        initiatives[data["name"]] = initiative

    start = _quarter_start(timezone.localdate())
    for data in OPPORTUNITIES:
        opportunity = Opportunity.objects.filter(team=team, title=data["title"]).first()
        is_new = opportunity is None
        if opportunity is None:
            opportunity = services.opportunity_create(
                user=professional,
                team=team,
                title=data["title"],
                description=data["description"],
                signal_area_kind="neighbourhood",
                signal_area_id=neighbourhoods[data["neighbourhood"]].pk,
                signal_period="quarter",
                signal_period_start=start,
                signal_measure=data["measure"],
                signal_snapshot=data["snapshot"],
            )
            created["opportunity"] += 1
        for username, text in data["comments"]:
            if not OpportunityComment.objects.filter(opportunity=opportunity, text=text).exists():
                services.opportunity_comment(
                    user=users[username], opportunity=opportunity, text=text
                )
        if data["initiative"] and opportunity.initiative_id is None:
            services.opportunity_link(
                user=professional,
                opportunity=opportunity,
                initiative=initiatives[data["initiative"]],
            )
        if summary is not None:
            summary.note("opportunity", is_new)

    # Referrals of conversations that ended collectively, by their author when the resident
    # consents to them (the service checks it); a conversation is referred once.
    referred = set(Referral.objects.values_list("conversation_id", flat=True))
    candidates = list(
        Conversation.objects.filter(team=team, outcome__in=["collective", "own_network"])
        .exclude(pk__in=referred)
        .exclude(author__isnull=True)
        .select_related("author")
        .order_by("held_on", "pk")
    )
    for name, wanted in REFERRALS:
        initiative = initiatives[name]
        have = Referral.objects.filter(initiative=initiative).count()
        while have < wanted and candidates:
            conversation = candidates.pop(0)
            try:
                services.referral_create(
                    user=conversation.author, conversation=conversation, initiative=initiative
                )
            except Exception:  # noqa: BLE001, S112 - no consent (any more): skip this one
                continue
            have += 1
            created["referral"] += 1
            if summary is not None:
                summary.note("referral", True)
    return created


def initiatives_overview(municipality: Municipality) -> str:
    """One line about the collective work in the demo, as it is in the database."""
    initiatives = Initiative.objects.filter(municipality=municipality)
    return (
        f"Collective work in {municipality.name}: {initiatives.count()} initiatives, "
        f"{Opportunity.objects.filter(team__municipality=municipality).count()} opportunities, "
        f"{Referral.objects.filter(initiative__in=initiatives).count()} referrals"
    )

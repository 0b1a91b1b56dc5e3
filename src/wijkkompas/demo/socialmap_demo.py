"""The demo's social map (sociale kaart, issue 8).

* Wezep (Oldebroek): the buurtmaaltijd in het dorpshuis (linked to that initiative and to
  Dorpshuis De Klaproos; social network and daytime; collective step), the dorpshuis
  itself, what residents can do themselves or with their network (an information point, the
  burenhulp, mantelzorg support), volunteer organisations, general provisions (the
  schuldhulp spreekuur, the inloop of the team) and individual provisions (the Wmo-loket);
  some entries were last checked more than six months ago, so the flag shows;
* the other demo municipalities: a few entries each (a library, an information point, the
  Wmo-loket), so their public maps are not empty.

Contact details are those of the provisions (fictional), never of a resident. Written
directly (the demo loader may), validated with ``full_clean``. Idempotent: an entry is known
by municipality and name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality, Neighbourhood
from wijkkompas.initiatives.models import Initiative
from wijkkompas.organisations.models import Organisation
from wijkkompas.places.models import Place
from wijkkompas.socialmap.constants import STALE_AFTER, Cost, EntryKind, WmoStep
from wijkkompas.socialmap.models import Entry

#: Wezep's social map. ``checked``: days since the last check (over 183: flagged).
WEZEP: list[dict[str, Any]] = [
    {
        "name": "Buurtmaaltijd in het dorpshuis",
        "kind": EntryKind.INITIATIVE,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Elke donderdag koken vrijwilligers een warme maaltijd in het dorpshuis voor "
            "buurtbewoners die vaak alleen eten. Gezellig samen aan tafel; wie wil, kookt mee."
        ),
        "target_group": "Iedereen die graag samen eet, vooral wie vaak alleen is",
        "life_domains": ["social_network", "daytime"],
        "neighbourhoods": ["BU02690100", "BU02690101"],
        "initiative": "Buurtmaaltijd in het dorpshuis",
        "place": "Dorpshuis De Klaproos",
        "organisation": "Welzijn De Brinkhof",
        "address": "Dorpsstraat 12, Wezep",
        "phone": "038 376 12 00",
        "how_to_reach": (
            "Schuif aan op donderdag om 17.30 uur. Meld je uiterlijk woensdag bij de bar van "
            "het dorpshuis. Niet mobiel? De vrijwilligerscentrale haalt je op."
        ),
        "opening_hours": "Donderdag 17.30–19.30 uur",
        "cost": Cost.CONTRIBUTION,
        "cost_note": "€ 4 per maaltijd; met de mee-eet-pas gratis",
        "checked": 12,
    },
    {
        "name": "Dorpshuis De Klaproos",
        "kind": EntryKind.PLACE,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Het dorpshuis in het centrum van Wezep: koffie-inloop, activiteiten, de "
            "buurtmaaltijd en het spreekuur van het sociaal team. Een plek om mensen te ontmoeten."
        ),
        "target_group": "Alle inwoners van Wezep",
        "life_domains": ["social_network", "daytime", "participation"],
        "neighbourhoods": [],
        "place": "Dorpshuis De Klaproos",
        "address": "Dorpsstraat 12, Wezep",
        "phone": "038 376 12 00",
        "email": "info@dorpshuisdeklaproos.example",
        "how_to_reach": "Loop binnen tijdens de koffie-inloop; de gastvrouw wijst je de weg.",
        "opening_hours": "Maandag t/m vrijdag 9.00–17.00 uur, koffie-inloop dinsdag 10.00 uur",
        "cost": Cost.FREE,
        "checked": 30,
    },
    {
        "name": "Informatiepunt Wezep in de bibliotheek",
        "kind": EntryKind.GENERAL_PROVISION,
        "step": WmoStep.OWN_STRENGTH,
        "description": (
            "Zelf iets uitzoeken over toeslagen, DigiD, formulieren of waar je terecht kunt? "
            "Vrijwilligers van het Informatiepunt helpen je op weg, zodat je het daarna zelf kunt."
        ),
        "target_group": "Alle inwoners",
        "life_domains": ["language", "finances", "participation"],
        "neighbourhoods": [],
        "address": "Bibliotheek Wezep, Mulderssingel 2",
        "how_to_reach": "Loop binnen tijdens het spreekuur; een afspraak is niet nodig.",
        "opening_hours": "Woensdag 13.30–16.00 uur",
        "cost": Cost.FREE,
        "checked": 45,
    },
    {
        "name": "Burenhulp Wezep",
        "kind": EntryKind.VOLUNTEER_ORGANISATION,
        "step": WmoStep.OWN_NETWORK,
        "description": (
            "Buren helpen buren: een boodschap, een ritje naar de huisarts, een lamp ophangen "
            "of even een kop koffie. De coördinator zoekt een buurtgenoot die kan helpen."
        ),
        "target_group": "Inwoners die even een hand nodig hebben, en wie wil helpen",
        "life_domains": ["social_network", "self_care", "participation"],
        "neighbourhoods": ["BU02690100", "BU02690101", "BU02690102", "BU02690103"],
        "organisation": "Vrijwilligerscentrale Oldebroek",
        "phone": "038 376 40 40",
        "how_to_reach": "Bel de coördinator op werkdagen tussen 9.00 en 12.00 uur.",
        "opening_hours": "Werkdagen 9.00–12.00 uur (telefonisch)",
        "cost": Cost.FREE,
        "checked": 240,
    },
    {
        "name": "Steunpunt Mantelzorg Oldebroek",
        "kind": EntryKind.GENERAL_PROVISION,
        "step": WmoStep.OWN_NETWORK,
        "description": (
            "Zorg je voor een naaste? Het steunpunt denkt mee, regelt respijtzorg en "
            "organiseert lotgenotencontact, zodat je het volhoudt."
        ),
        "target_group": "Mantelzorgers van alle leeftijden",
        "life_domains": ["social_network", "mental_health", "self_care"],
        "neighbourhoods": [],
        "organisation": "Welzijn De Brinkhof",
        "phone": "0525 63 12 34",
        "email": "mantelzorg@debrinkhof.example",
        "how_to_reach": "Bel of mail voor een gesprek thuis of in het dorpshuis.",
        "opening_hours": "Werkdagen 9.00–17.00 uur",
        "cost": Cost.FREE,
        "checked": 90,
    },
    {
        "name": "Vrijwilligerscentrale Oldebroek",
        "kind": EntryKind.VOLUNTEER_ORGANISATION,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Vrijwilligerswerk zoeken dat bij je past, of vervoer door vrijwilligers naar een "
            "activiteit of de huisarts."
        ),
        "target_group": "Wie vrijwilliger wil worden, en wie vervoer nodig heeft",
        "life_domains": ["participation", "daytime", "work"],
        "neighbourhoods": [],
        "organisation": "Vrijwilligerscentrale Oldebroek",
        "phone": "038 376 40 40",
        "website": "https://vrijwilligerscentrale-oldebroek.example",
        "how_to_reach": "Maak een afspraak voor een kennismaking.",
        "opening_hours": "Dinsdag en donderdag 9.00–12.00 uur",
        "cost": Cost.FREE,
        "checked": 200,
    },
    {
        "name": "Jonge moedergroep",
        "kind": EntryKind.INITIATIVE,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Jonge moeders ontmoeten elkaar elke dinsdagochtend in de bibliotheek, met een "
            "kinderhoek. Eens per maand schuift de jeugdverpleegkundige aan."
        ),
        "target_group": "Jonge moeders met kleine kinderen",
        "life_domains": ["parenting", "social_network"],
        "neighbourhoods": ["BU02690102"],
        "initiative": "Jonge moedergroep",
        "address": "Bibliotheek Wezep, Mulderssingel 2",
        "how_to_reach": "Loop gewoon binnen.",
        "opening_hours": "Dinsdag 9.30–11.30 uur",
        "cost": Cost.FREE,
        "checked": 20,
    },
    {
        "name": "Schuldhulp spreekuur",
        "kind": EntryKind.GENERAL_PROVISION,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Zorgen over geld of rekeningen die zich opstapelen? Op het spreekuur kijkt een "
            "schuldhulpverlener met je mee, zonder wachtlijst en zonder oordeel."
        ),
        "target_group": "Inwoners met geldzorgen of schulden",
        "life_domains": ["finances"],
        "neighbourhoods": [],
        "organisation": "Schuldhulp Noord-Veluwe",
        "address": "Dorpshuis De Klaproos, Dorpsstraat 12, Wezep",
        "phone": "0800 123 45 67",
        "how_to_reach": "Loop binnen op het spreekuur; neem je post mee.",
        "opening_hours": "Maandag 13.00–15.00 uur",
        "cost": Cost.FREE,
        "checked": 260,
    },
    {
        "name": "Inloopspreekuur sociaal team Wezep",
        "kind": EntryKind.PARTNER_SERVICE,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Met elke vraag over zorg, welzijn, geld of opvoeden kun je bij het sociaal team "
            "terecht. Samen kijken we wat je zelf kunt, wie je kan helpen en wat er in de buurt is."
        ),
        "target_group": "Alle inwoners van Wezep",
        "life_domains": [
            "social_network",
            "finances",
            "housing",
            "parenting",
            "mental_health",
            "self_care",
        ],
        "neighbourhoods": [],
        "address": "Dorpshuis De Klaproos, Dorpsstraat 12, Wezep",
        "phone": "14 0525",
        "how_to_reach": "Loop binnen of bel voor een gesprek thuis.",
        "opening_hours": "Dinsdag en donderdag 9.00–11.00 uur",
        "cost": Cost.FREE,
        "checked": 10,
    },
    {
        "name": "Wmo-loket gemeente Oldebroek",
        "kind": EntryKind.PARTNER_SERVICE,
        "step": WmoStep.INDIVIDUAL,
        "description": (
            "Voor een maatwerkvoorziening, zoals huishoudelijke hulp, begeleiding, een "
            "woningaanpassing of vervoer, als het met eigen kracht, je netwerk en wat er in de "
            "buurt is niet lukt."
        ),
        "target_group": "Inwoners die ondersteuning nodig hebben om zelfstandig te wonen",
        "life_domains": ["self_care", "physical_health", "housing", "social_network"],
        "neighbourhoods": [],
        "organisation": "Gemeente Oldebroek",
        "phone": "14 0525",
        "website": "https://www.oldebroek.example/wmo",
        "how_to_reach": (
            "Meld je bij het Wmo-loket; binnen zes weken volgt een gesprek. Je kunt een "
            "gratis cliëntondersteuner meenemen."
        ),
        "opening_hours": "Werkdagen 8.30–17.00 uur",
        "cost": Cost.INCOME_DEPENDENT,
        "cost_note": "Eigen bijdrage volgens de Wmo",
        "checked": 60,
    },
    {
        "name": "Cliëntondersteuning Noord-Veluwe",
        "kind": EntryKind.PARTNER_SERVICE,
        "step": WmoStep.INDIVIDUAL,
        "description": (
            "Een onafhankelijke cliëntondersteuner gaat mee naar het gesprek met de gemeente "
            "en helpt je je vraag op papier te zetten."
        ),
        "target_group": "Inwoners die een Wmo-melding doen",
        "life_domains": ["self_care", "participation"],
        "neighbourhoods": [],
        "organisation": "Cliëntondersteuning Noord-Veluwe",
        "phone": "0525 68 00 00",
        "how_to_reach": "Bel voor een afspraak.",
        "opening_hours": "Werkdagen 9.00–17.00 uur",
        "cost": Cost.FREE,
        "checked": 320,
    },
    {
        "name": "Intern: overleg met de huisartsenpraktijk",
        "kind": EntryKind.PARTNER_SERVICE,
        "step": WmoStep.COLLECTIVE,
        "description": (
            "Elke eerste maandag van de maand: de POH-GGZ en het sociaal team stemmen af over "
            "wie waar terecht kan. Alleen voor het team."
        ),
        "target_group": "Het sociaal team",
        "life_domains": ["mental_health", "physical_health"],
        "neighbourhoods": [],
        "organisation": "Huisartsenpraktijk Het Wezepse Veld",
        "how_to_reach": "Via de teamleider.",
        "opening_hours": "Eerste maandag van de maand",
        "cost": Cost.FREE,
        "public": False,
        "checked": 15,
    },
]

#: A few entries of every other demo municipality (by their own name in the text).
OTHERS: list[dict[str, Any]] = [
    {
        "name": "Informatiepunt in de bibliotheek",
        "kind": EntryKind.GENERAL_PROVISION,
        "step": WmoStep.OWN_STRENGTH,
        "description": "Hulp bij formulieren, DigiD en toeslagen, zodat je het daarna zelf kunt.",
        "life_domains": ["language", "finances"],
        "how_to_reach": "Loop binnen tijdens het spreekuur.",
        "opening_hours": "Woensdag 13.30–16.00 uur",
        "cost": Cost.FREE,
        "checked": 40,
    },
    {
        "name": "Buurtkamer",
        "kind": EntryKind.PLACE,
        "step": WmoStep.COLLECTIVE,
        "description": "Een huiskamer in de wijk: koffie, een praatje en samen eten.",
        "life_domains": ["social_network", "daytime"],
        "how_to_reach": "Loop binnen.",
        "opening_hours": "Maandag t/m vrijdag 10.00–16.00 uur",
        "cost": Cost.FREE,
        "checked": 210,
    },
    {
        "name": "Wmo-loket",
        "kind": EntryKind.PARTNER_SERVICE,
        "step": WmoStep.INDIVIDUAL,
        "description": "Voor een maatwerkvoorziening, als het op een andere manier niet lukt.",
        "life_domains": ["self_care", "housing"],
        "how_to_reach": "Bel 14 + het netnummer van de gemeente.",
        "opening_hours": "Werkdagen 8.30–17.00 uur",
        "cost": Cost.INCOME_DEPENDENT,
        "checked": 30,
    },
]


def _upsert(
    municipality: Municipality,
    data: dict[str, Any],
    *,
    links: dict[str, dict[str, Any]],
    neighbourhoods: dict[str, Neighbourhood],
    checked_by: Any,
    summary: Any,
) -> Entry:
    values = {
        key: value
        for key, value in data.items()
        if key not in ("name", "neighbourhoods", "initiative", "place", "organisation", "checked")
    }
    for key in ("initiative", "place", "organisation"):
        values[key] = links[key].get(data[key]) if data.get(key) else None
    values["last_checked_on"] = timezone.localdate() - dt.timedelta(days=data["checked"])
    values["checked_by"] = checked_by
    values.setdefault("public", True)
    entry = Entry.objects.filter(municipality=municipality, name=data["name"]).first()
    created = entry is None
    if entry is None:
        entry = Entry(municipality=municipality, name=data["name"])
    for key, value in values.items():
        setattr(entry, key, value)
    entry.full_clean()
    entry.save()
    entry.neighbourhoods.set([neighbourhoods[c] for c in data.get("neighbourhoods", [])])
    if summary is not None:
        summary.note("social map entry", created)
    return entry


def socialmap_demo_load(
    *, municipality: Municipality, others: Iterable[Municipality] = (), summary: Any = None
) -> int:
    """Load (or refresh) the social map of Wezep's ``municipality`` and a few entries of
    each of the ``others`` (the other demo municipalities). Returns how many entries were
    written."""
    checked_by = User.objects.filter(username="demo-professional").first()
    targets = [(municipality, WEZEP, checked_by)]
    targets += [(m, OTHERS, None) for m in others if m.pk != municipality.pk]
    written = 0
    for target, rows, by in targets:
        neighbourhoods = {
            n.code: n for n in Neighbourhood.objects.filter(district__municipality=target)
        }
        links: dict[str, dict[str, Any]] = {
            "initiative": {i.name: i for i in Initiative.objects.filter(municipality=target)},
            "place": {p.name: p for p in Place.objects.filter(municipality=target)},
            "organisation": {o.name: o for o in Organisation.objects.filter(municipality=target)},
        }
        for data in rows:
            _upsert(
                target,
                data,
                links=links,
                neighbourhoods=neighbourhoods,
                checked_by=by,
                summary=summary,
            )
            written += 1
    return written


def socialmap_overview(municipality: Municipality) -> str:
    entries = Entry.objects.filter(municipality=municipality)
    stale = sum(
        1
        for day in entries.values_list("last_checked_on", flat=True)
        if day < timezone.localdate() - STALE_AFTER
    )
    return f"social map: {entries.count()} entries, {stale} not checked for six months"

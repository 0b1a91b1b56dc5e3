"""Generated social maps (sociale kaart) for the generated municipalities (GM8xxx): entries
with a realistic spread of kinds, steps of the Wmo order, life domains and neighbourhoods,
and uses of entries in some generated conversations. Fictional, for the benchmarks
(``suggestions``, ``social_map_page``) and load tests; written in bulk.

At the large scale 5,000 entries, spread over the municipalities by their number of
neighbourhoods; at the small scale 300.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from wijkkompas.areas.models import Neighbourhood
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.conversations.models import Conversation
from wijkkompas.socialmap.constants import Cost, EntryKind, WmoStep
from wijkkompas.socialmap.models import Entry, EntryUse

#: Entries of the whole social map per scale.
ENTRY_SCALES = {"small": 300, "large": 5_000}

#: Uses of entries: one per this many generated conversations (at most MAX_USES).
CONVERSATIONS_PER_USE = 20
MAX_USES = 20_000

KIND_WEIGHTS = {
    EntryKind.GENERAL_PROVISION: 30,
    EntryKind.INITIATIVE: 25,
    EntryKind.VOLUNTEER_ORGANISATION: 20,
    EntryKind.PLACE: 10,
    EntryKind.PARTNER_SERVICE: 15,
}
STEP_WEIGHTS = {
    WmoStep.OWN_STRENGTH: 10,
    WmoStep.OWN_NETWORK: 15,
    WmoStep.COLLECTIVE: 50,
    WmoStep.INDIVIDUAL: 25,
}
#: How often a life domain is answered (loneliness, daytime and money the most).
DOMAIN_WEIGHTS = {
    LifeDomain.SOCIAL_NETWORK: 12,
    LifeDomain.DAYTIME: 10,
    LifeDomain.FINANCES: 9,
    LifeDomain.PARTICIPATION: 8,
    LifeDomain.SELF_CARE: 7,
    LifeDomain.PARENTING: 6,
    LifeDomain.MENTAL_HEALTH: 6,
    LifeDomain.PHYSICAL_HEALTH: 5,
    LifeDomain.LANGUAGE: 5,
    LifeDomain.HOUSING: 4,
    LifeDomain.WORK: 4,
    LifeDomain.RELATIONSHIPS: 3,
    LifeDomain.SAFETY: 2,
    LifeDomain.ADDICTION: 2,
}
COST_WEIGHTS = {Cost.FREE: 55, Cost.CONTRIBUTION: 25, Cost.PAID: 8, Cost.INCOME_DEPENDENT: 12}

NAMES = {
    EntryKind.GENERAL_PROVISION: ["Formulierenhulp", "Wijkspreekuur", "Schuldhulp", "Taalpunt"],
    EntryKind.INITIATIVE: ["Buurtmaaltijd", "Wandelgroep", "Repair café", "Moedergroep"],
    EntryKind.VOLUNTEER_ORGANISATION: ["Vriendendienst", "Maatjesproject", "Boodschappenhulp"],
    EntryKind.PLACE: ["Dorpshuis", "Buurthuis", "Bibliotheek", "Ontmoetingstuin"],
    EntryKind.PARTNER_SERVICE: ["Thuisbegeleiding", "Mantelzorgsteunpunt", "Jongerenwerk"],
}
OPENING = ["ma-vr 9-17", "di en do 10-12", "wo 14-16", "za 10-13", "op afspraak", ""]


def _weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def social_map_generate(
    *, municipality_ids: list[int], scale: str, seed: int, today: dt.date
) -> dict[str, int]:
    """Entries for every municipality and uses in some of their conversations."""
    rng = random.Random(seed + 8)
    total = ENTRY_SCALES.get(scale, ENTRY_SCALES["small"])
    areas: dict[int, list[int]] = {m: [] for m in municipality_ids}
    for pk, municipality_id in Neighbourhood.objects.filter(
        district__municipality_id__in=municipality_ids
    ).values_list("pk", "district__municipality_id"):
        areas[municipality_id].append(pk)
    weight = sum(max(1, len(v)) for v in areas.values())
    entries: list[Entry] = []
    links: list[list[int]] = []
    for m, neighbourhoods in areas.items():
        count = max(5, round(total * max(1, len(neighbourhoods)) / weight))
        for n in range(count):
            kind = _weighted(rng, KIND_WEIGHTS)
            step = _weighted(rng, STEP_WEIGHTS)
            domains = {_weighted(rng, DOMAIN_WEIGHTS) for _i in range(rng.choice([1, 1, 2, 3]))}
            entries.append(
                Entry(
                    municipality_id=m,
                    name=f"{rng.choice(NAMES[kind])} {n + 1}",
                    kind=kind,
                    step=step,
                    description="Gegenereerd aanbod (fictief) voor benchmarks.",
                    target_group=rng.choice(["", "ouderen", "jonge ouders", "iedereen"]),
                    life_domains=[code for code in LifeDomain.values if code in domains],
                    how_to_reach=rng.choice(["Loop binnen", "Bel eerst", "Vraag het team"]),
                    opening_hours=rng.choice(OPENING),
                    cost=_weighted(rng, COST_WEIGHTS),
                    public=rng.random() < 0.9,
                    # About one in three unchecked for more than six months.
                    last_checked_on=today - dt.timedelta(days=rng.randrange(0, 400)),
                )
            )
            chosen: list[int] = []
            if neighbourhoods and rng.random() < 0.6:
                chosen = rng.sample(neighbourhoods, k=min(len(neighbourhoods), rng.choice([1, 2])))
            links.append(chosen)
    entries = Entry.objects.bulk_create(entries, batch_size=2000)
    through = Entry.neighbourhoods.through
    through.objects.bulk_create(
        [
            through(entry_id=entry.pk, neighbourhood_id=nb)
            for entry, chosen in zip(entries, links, strict=True)
            for nb in chosen
        ],
        batch_size=5000,
    )
    by_municipality: dict[int, list[Entry]] = {}
    for entry in entries:
        by_municipality.setdefault(entry.municipality_id, []).append(entry)
    uses: list[EntryUse] = []
    budget = MAX_USES
    for m, own in by_municipality.items():
        conversations = Conversation.objects.filter(municipality_id=m).order_by("pk")
        wanted = min(budget, conversations.count() // CONVERSATIONS_PER_USE)
        if wanted <= 0:
            continue
        pks = list(conversations.values_list("pk", flat=True)[: wanted * CONVERSATIONS_PER_USE])
        for conversation_id in rng.sample(pks, k=wanted):
            entry = rng.choice(own)
            uses.append(
                EntryUse(
                    conversation_id=conversation_id,
                    entry=entry,
                    step=entry.step,
                    suggested=rng.random() < 0.85,
                    rank=rng.randint(1, 6),
                )
            )
        budget -= wanted
    EntryUse.objects.bulk_create(uses, batch_size=5000)
    return {"social_map_entries": len(entries), "social_map_uses": len(uses)}


def social_map_remove(municipality_ids: list[int]) -> None:
    """Delete the social maps of these municipalities (uses first: they protect entries).
    Called after the cases are removed (which removes the uses of their conversations)."""
    EntryUse.objects.filter(entry__municipality_id__in=municipality_ids).delete()
    EntryUse.objects.filter(conversation__municipality_id__in=municipality_ids).delete()
    entries = Entry.objects.filter(municipality_id__in=municipality_ids)
    Entry.neighbourhoods.through.objects.filter(entry__in=entries.values("pk")).delete()
    entries.delete()

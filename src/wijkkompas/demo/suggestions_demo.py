"""Demo: a few of Wezep's hand-written conversations answered with an entry of the social
map, chosen as a professional would from the suggestions (through the service, as the
conversation's author). Idempotent: the uses of a conversation are set, not added.

Only conversations about loneliness or daytime activities, and only entries that do not
refer the conversation anew (no initiative, or one it is referred to already), so the
referrals of the initiatives demo stay as they are.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.conversations.models import Conversation
from wijkkompas.initiatives.models import Referral
from wijkkompas.socialmap import suggestions, uses

#: How many conversations get a use.
DEMO_USES = 4
#: The life domains of the conversations that get one.
DOMAINS = {LifeDomain.SOCIAL_NETWORK, LifeDomain.DAYTIME}


def suggestions_demo_load(*, municipality: Any, summary: Any = None) -> int:
    """Record a use for the first few fitting conversations of ``municipality``; returns
    how many conversations have one."""
    done = 0
    conversations = (
        Conversation.objects.filter(municipality=municipality, author__isnull=False, external_id="")
        .select_related("household", "author")
        .order_by("pk")
    )
    for conversation in conversations:
        if done >= DEMO_USES:
            break
        if not DOMAINS & set(conversation.life_domains):
            continue
        referred = set(
            Referral.objects.filter(conversation=conversation).values_list(
                "initiative_id", flat=True
            )
        )
        found = suggestions.suggestions(
            user=conversation.author,
            municipality_id=conversation.municipality_id,
            neighbourhood_id=conversation.household.neighbourhood_id,
            life_domains=conversation.life_domains,
        )
        chosen = [
            item.entry.pk
            for item in found
            if item.step != "individual"
            and (item.entry.initiative_id is None or item.entry.initiative_id in referred)
        ][:1]
        if not chosen:
            continue
        had = conversation.social_map_uses.exists()
        uses.entry_uses_set(user=conversation.author, conversation=conversation, entry_ids=chosen)
        if summary is not None:
            summary.note("social map use", not had)
        done += 1
    return done

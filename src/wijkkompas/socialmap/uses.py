"""Which social map entry a professional used for a conversation (``EntryUse``): the write
and the read. Case data, like a referral: only the team roles of the conversation's team,
while the resident consents to the conversations part of the file (``EntryUse``'s access
policy); every read and write is logged with its purpose (``Purpose.SUPPORT``).

Rules (with the message the user sees):

* the user may change the conversation (404 outside scope, refused without consent);
* an entry must be one of the conversation's municipality that the user may see;
* the step and the place among the suggestions are those of the suggestions for the
  conversation's life domains and neighbourhood at the moment of saving (an entry that was
  not among them is kept as looked up, ``suggested=False``, with the entry's own step);
* an entry linked to an initiative also refers the conversation to that initiative
  (``initiatives.services.referral_create``), unless it was referred there already;
* the uses are saved in the caller's transaction: with the conversation form, the
  conversation and its uses are saved together or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can, restrict
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean
from wijkkompas.initiatives import services as initiative_services
from wijkkompas.initiatives.constants import Stage

from . import suggestions as suggestion_selectors
from .constants import WMO_ORDER
from .models import Entry, EntryUse

#: The form field that holds the chosen entries (ids).
FIELD = "social_map_entries"


def _order(use: EntryUse) -> tuple[int, int, int]:
    return (WMO_ORDER.get(use.step, len(WMO_ORDER)), use.rank or 999, use.entry_id)


def _neighbourhood_id(conversation: Any) -> int | None:
    household = conversation.household
    return getattr(household, "neighbourhood_id", None)


@transaction.atomic
def entry_uses_set(
    *,
    user: Any,
    conversation: Any,
    entry_ids: Iterable[int],
    request: Any = None,
) -> list[EntryUse]:
    """Make the entries used for ``conversation`` exactly ``entry_ids``: new ones are
    recorded (with their step and rank among the current suggestions), ones no longer
    chosen are removed. Returns the uses of the conversation, in the Wmo order."""
    _require(user, Action.CHANGE, conversation)
    wanted = []
    for value in entry_ids or ():
        try:
            wanted.append(int(value))
        except (TypeError, ValueError):
            raise ApplicationError(
                _("Choose entries of the social map from the list."), field=FIELD
            ) from None
    wanted = list(dict.fromkeys(wanted))
    entries = (
        restrict(Entry.objects.all(), user, Action.VIEW)
        .filter(pk__in=wanted, municipality_id=conversation.municipality_id)
        .select_related("initiative")
        .in_bulk()
    )
    if len(entries) != len(wanted):
        raise ApplicationError(_("Choose entries of the social map from the list."), field=FIELD)
    existing = {use.entry_id: use for use in EntryUse.objects.filter(conversation=conversation)}
    removed = [use for entry_id, use in existing.items() if entry_id not in entries]
    added_ids = [pk for pk in wanted if pk not in existing]
    if removed:
        log_access(
            user=user,
            action=Event.DELETE,
            purpose=Purpose.SUPPORT,
            objects=removed,
            model=EntryUse,
            request=request,
            subjects=[conversation.resident_id],
        )
        EntryUse.objects.filter(pk__in=[use.pk for use in removed]).delete()
    added: list[EntryUse] = []
    if added_ids:
        current = suggestion_selectors.rank_of(
            suggestion_selectors.suggestions(
                user=user,
                municipality_id=conversation.municipality_id,
                neighbourhood_id=_neighbourhood_id(conversation),
                life_domains=conversation.life_domains,
            )
        )
        for pk in added_ids:
            entry = entries[pk]
            suggested = current.get(pk)
            use = EntryUse(
                conversation=conversation,
                entry=entry,
                step=suggested.step if suggested else entry.step,
                suggested=suggested is not None,
                rank=suggested.rank if suggested else None,
                used_by=user,
            )
            _full_clean(use)
            use.save()
            if not can(user, Action.CHANGE, use):
                raise ApplicationError(
                    _(
                        "The resident has not given your team consent for conversations: "
                        "record the resident's consent first."
                    )
                )
            added.append(use)
            _refer(user=user, conversation=conversation, entry=entry, request=request)
        log_access(
            user=user,
            action=Event.CREATE,
            purpose=Purpose.SUPPORT,
            objects=added,
            model=EntryUse,
            request=request,
            subjects=[conversation.resident_id],
        )
    return sorted(
        [*(use for use in existing.values() if use.entry_id in entries), *added],
        key=_order,
    )


def _refer(*, user: Any, conversation: Any, entry: Entry, request: Any) -> None:
    """Refer the conversation to the entry's initiative, unless done already or stopped."""
    initiative = entry.initiative
    if initiative is None or initiative.stage == Stage.STOPPED:
        return
    if conversation.referrals.filter(initiative_id=initiative.pk).exists():
        return
    initiative_services.referral_create(
        user=user, conversation=conversation, initiative=initiative, request=request
    )


def uses_of_conversation(*, user: Any, conversation: Any, request: Any = None) -> list[EntryUse]:
    """The entries used for ``conversation`` that the user may see, in the Wmo order; one
    access-log entry (``Purpose.SUPPORT``) naming the resident when there are any."""
    uses = list(
        EntryUse.objects.visible_to(user)
        .filter(conversation_id=conversation.pk)
        .select_related("entry", "entry__initiative")
        .order_by("pk")
    )
    if uses:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.SUPPORT,
            objects=uses,
            model=EntryUse,
            request=request,
            subjects=[conversation.resident_id],
        )
    return sorted(uses, key=_order)

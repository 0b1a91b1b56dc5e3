"""Reads of kitchen-table conversations: scoped by the permission layer, every read logged.

* :func:`conversation_get` — one conversation (detail and edit pages), Purpose.SUPPORT;
* :func:`conversations_of` — the conversations of one resident (resident page), SUPPORT;
* :func:`my_conversations` — "Mijn gesprekken", the conversations the user recorded, one
  page at a time, newest first, SUPPORT;
* :func:`wmo_terms` — the open Wmo terms of the conversations the user recorded, for the
  worklist, Purpose.WMO.

Each read of personal data writes one access-log entry (per page or list, not per row)
naming the residents whose data it was. The resident's name is shown only where the
resident's own data (personalia) is in the user's scope as well (``resident_visible``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.access import (
    can,
    consent_in_force,
    get_in_scope,
    may_use,
    restrict,
    scope_key,
)
from wijkkompas.accounts.constants import TEAM_ROLES, Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled
from wijkkompas.core.compiled import values_rows
from wijkkompas.instruments import selectors as instrument_selectors
from wijkkompas.residents.constants import ConsentPart

from . import wmo
from .constants import MY_CONVERSATIONS_PER_PAGE, WmoStatus, WmoTermKind
from .models import Conversation


def _resident_visible(user: Any) -> Exists:
    """Whether the row's resident (name and contact details) is in the user's scope too.

    A consent may cover the conversations but not the personalia; then the conversation is
    shown without the resident's name. One correlated subquery, so no extra query per row.
    """
    resident = apps.get_model("residents", "Resident")
    return Exists(restrict(resident.objects.filter(pk=OuterRef("resident_id")), user, Action.VIEW))


def _subjects(conversations: Any) -> list[int]:
    return sorted({c.resident_id for c in conversations})


# --- permissions (no personal data) ------------------------------------------------------


def may_use_conversations(*, user: Any, action: str = Action.VIEW) -> bool:
    """Whether the user's role works with conversations at all (no query)."""
    return may_use(user, Conversation, action)


def _consents_to_user(*, user: Any, resident: Any, part: str) -> bool:
    """Whether ``resident`` consents today, for ``part``, to one of the user's teams or to an
    organisation the user works for (the consent rule of the permission layer)."""
    if user.is_superuser:
        return True
    if user.role not in TEAM_ROLES:
        return False
    return consent_in_force(user, part, resident_id=resident.pk)


def may_record_conversation(*, user: Any, resident: Any) -> bool:
    """Whether the user may record a conversation with ``resident``.

    The user must be a team role of the resident's team who may change the resident, and
    the resident must consent to the conversations part of the file for one of the user's
    teams or organisations. The service checks the stored conversation once more with the
    permission layer itself (``access.can``), so this is the page's early answer.
    """
    if not may_use(user, Conversation, Action.CHANGE):
        return False
    if not can(user, Action.CHANGE, resident):
        return False
    return _consents_to_user(user=user, resident=resident, part=ConsentPart.CONVERSATIONS)


def may_score(*, user: Any, resident: Any) -> bool:
    """Whether the resident consents to self-sufficiency scores (ZRM, ladder) for the user:
    only then does the registration form offer them."""
    return _consents_to_user(user=user, resident=resident, part=ConsentPart.ASSESSMENTS)


def may_change_conversation(*, user: Any, conversation: Conversation) -> bool:
    """Whether the user may edit ``conversation`` (one query)."""
    return can(user, Action.CHANGE, conversation)


# --- one conversation --------------------------------------------------------------------


def conversation_get(
    *,
    user: Any,
    pk: int,
    action: str = Action.VIEW,
    request: Any = None,
    purpose: str = Purpose.SUPPORT,
) -> Conversation:
    """One conversation within the user's scope for ``action`` (a logged read), or 404.

    The resident, household, team and author come along (one query); ``resident_visible`` says
    whether the resident's name may be shown.
    """
    conversation: Conversation = get_in_scope(
        Conversation.objects.select_related("resident", "household", "team", "author").annotate(
            resident_visible=_resident_visible(user)
        ),
        user,
        action,
        request=request,
        pk=pk,
    )
    log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        obj=conversation,
        request=request,
        subjects=[conversation.resident_id],
    )
    return conversation


def conversation_timeline(
    *, conversation: Conversation, today: dt.date | None = None
) -> list[wmo.TimelineStep]:
    """The Wmo timeline of a conversation already read (empty when it is no Wmo report)."""
    if not conversation.is_wmo_report:
        return []
    return wmo.timeline(
        reported_on=conversation.reported_on,
        investigation_done_on=conversation.investigation_done_on,
        applied_on=conversation.applied_on,
        decided_on=conversation.decided_on,
        today=today or timezone.localdate(),
    )


def assessments_of_conversation(
    *, user: Any, conversation: Conversation, request: Any = None
) -> list[Any]:
    """The scores recorded with ``conversation`` that the user may see (the resident's
    consent must cover scores), with version, instrument and domains.

    Read through ``instruments.selectors.assessment_list``, which logs the read
    (Purpose.SUPPORT, the resident as subject) when there is anything to read.
    """
    assessments = instrument_selectors.assessment_list(
        user=user, resident=conversation.resident, request=request, purpose=Purpose.SUPPORT
    )
    return [a for a in assessments if a.conversation_id == conversation.pk]


# --- lists -------------------------------------------------------------------------------


def conversations_of(*, user: Any, resident: Any, request: Any = None) -> list[Conversation]:
    """The conversations with ``resident`` that the user may see, newest first (logged).

    For the resident page. One query whatever the number of conversations, and one
    access-log entry (Purpose.SUPPORT) when there is anything to show.
    """
    conversations: list[Conversation] = compiled.objects(
        ("conversations.of_resident", *scope_key(user)),
        lambda resident_id: (
            Conversation.objects.visible_to(user)
            .filter(resident_id=resident_id)
            .select_related("author")
            .order_by("-held_on", "-pk")
        ),
        args={"resident_id": resident.pk},
    )
    if conversations:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.SUPPORT,
            objects=conversations,
            model=Conversation,
            request=request,
            subjects=[resident.pk],
        )
    return conversations


def _mine(user: Any) -> QuerySet[Conversation]:
    return Conversation.objects.visible_to(user).filter(author_id=user.pk)


def my_conversations(
    *,
    user: Any,
    page: Any = 1,
    per_page: int = MY_CONVERSATIONS_PER_PAGE,
    request: Any = None,
) -> Page:
    """ "Mijn gesprekken": the conversations the user recorded and may still see, newest
    first, one page at a time (a logged read, Purpose.SUPPORT, naming the residents).

    A conversation whose resident withdrew consent is no longer in the list.
    """
    if not getattr(user, "is_authenticated", False):
        return Paginator(Conversation.objects.none(), per_page).get_page(1)
    queryset = (
        _mine(user)
        .select_related("resident")
        .annotate(resident_visible=_resident_visible(user))
        .order_by("-held_on", "-pk")
    )
    result = Paginator(queryset, per_page).get_page(page)
    rows = list(result.object_list)
    result.object_list = rows
    if rows:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.SUPPORT,
            objects=rows,
            model=Conversation,
            request=request,
            subjects=_subjects(rows),
        )
    return result


# --- Wmo terms for the worklist ----------------------------------------------------------


@dataclass(frozen=True)
class WmoTerm:
    """One open Wmo term of a conversation the user recorded."""

    conversation_id: int
    resident_id: int
    resident_name: str
    kind: str
    due_on: dt.date
    days_left: int
    status: str

    @property
    def kind_label(self) -> str:
        return str(WmoTermKind(self.kind).label)

    @property
    def status_label(self) -> str:
        return str(WmoStatus(self.status).label)

    @property
    def days_overdue(self) -> int:
        return max(-self.days_left, 0)

    @property
    def url(self) -> str:
        return reverse("conversations:detail", args=[self.conversation_id])


def wmo_terms(
    *, user: Any, today: dt.date | None = None, limit: int = 50, request: Any = None
) -> list[WmoTerm]:
    """The open Wmo terms of the conversations the user recorded, earliest due first.

    Only conversations the user may still see count (consent in force). Built for a
    million conversations: ``author = user AND wmo_due_on IS NOT NULL`` walks the index
    ``(author, wmo_due_on)`` in order, the scope (tenant, team, consent ``EXISTS``) filters
    the rows met on the way, and the walk stops after ``limit`` rows. One query, plus one
    access-log entry (Purpose.WMO) naming the residents; no query per row.
    """
    if not may_use(user, Conversation, Action.VIEW):
        return []
    today = today or timezone.localdate()
    rows = values_rows(
        ("conversations.wmo_terms", limit, *scope_key(user)),
        lambda: (
            restrict(
                Conversation.objects.filter(author_id=user.pk, wmo_due_on__isnull=False),
                user,
                Action.VIEW,
            )
            .annotate(resident_visible=_resident_visible(user))
            .order_by("wmo_due_on", "pk")
            .values(
                "pk",
                "resident_id",
                "resident__name",
                "resident_visible",
                "wmo_due_on",
                "reported_on",
                "investigation_done_on",
                "applied_on",
                "decided_on",
            )[:limit]
        ),
    )
    terms = []
    for row in rows:
        term = wmo.next_term(
            is_wmo_report=True,
            reported_on=row["reported_on"],
            investigation_done_on=row["investigation_done_on"],
            applied_on=row["applied_on"],
            decided_on=row["decided_on"],
        )
        due_on = row["wmo_due_on"]
        kind = term.kind if term is not None else WmoTermKind.INVESTIGATION
        days_left, status = wmo.term_status(due_on, today)
        terms.append(
            WmoTerm(
                conversation_id=row["pk"],
                resident_id=row["resident_id"],
                resident_name=row["resident__name"] if row["resident_visible"] else "",
                kind=kind,
                due_on=due_on,
                days_left=days_left,
                status=status,
            )
        )
    if terms:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.WMO,
            objects=[Conversation(pk=t.conversation_id) for t in terms],
            model=Conversation,
            request=request,
            subjects=[t.resident_id for t in terms],
        )
    return terms


# --- Data subject rights and retention (used by the rights app) ----------------------------
# Plain data for ``rights.services``, which checks who may ask and writes the access-log
# entry (DATA_REQUEST or RETENTION). No log here: the caller logs.


def export_for_resident(*, resident: Any) -> dict[str, Any]:
    """Every conversation with one resident, as plain data (AVG art. 15). No log: the
    caller (``rights.services.access_export_build``) logs the export."""
    conversations = (
        Conversation.objects.filter(resident_id=resident.pk)
        .select_related("team")
        .order_by("held_on", "pk")
    )
    return {
        "conversations": [
            {
                "id": c.pk,
                "held_on": c.held_on,
                "team": c.team.name,
                "place": str(c.get_place_display()),
                "participants": c.participants,
                "question": c.question,
                "question_behind": c.question_behind,
                "life_domains": c.life_domain_labels(),
                "own_strength": c.own_strength,
                "network": c.network,
                "outcome": c.outcome,
                "outcome_label": str(c.get_outcome_display()),
                "collective_opportunity": c.collective_opportunity,
                "resident_idea": c.resident_idea,
                "is_wmo_report": c.is_wmo_report,
                "reported_on": c.reported_on,
                "investigation_done_on": c.investigation_done_on,
                "applied_on": c.applied_on,
                "decided_on": c.decided_on,
                "wmo_due_on": c.wmo_due_on,
                "created_at": c.created_at,
                "updated_at": c.updated_at,
            }
            for c in conversations
        ]
    }


def households_with_wmo_decision(*, household_ids: list[int]) -> set[int]:
    """Which of these households hold a Wmo decision (kept for the legal retention period).
    Ids only; no log (the retention purge logs what it deletes)."""
    return set(
        Conversation.objects.filter(
            household_id__in=household_ids, is_wmo_report=True, decided_on__isnull=False
        ).values_list("household_id", flat=True)
    )

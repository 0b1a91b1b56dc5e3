"""Writes of kitchen-table conversations.

Rules (with the message the user sees):

* required: the date (not in the future), the place (vindplek), the question and the
  outcome; place, outcome and life domains must be known codes;
* the user is a team role of the resident's team who may change the resident, and the
  resident consents to the conversations part of the file for that user; the team,
  household and municipality of the conversation are the resident's household's;
* Wmo dates only on a conversation registered as a Wmo report (melding); the report date
  defaults to the date of the conversation; no Wmo date in the future; the investigation
  and the application not before the report; a decision only after an application and not
  before it;
* ``wmo_due_on`` is always the earliest open legal term (see :mod:`.wmo`);
* a conversation and its scores (ZRM, participatieladder) are saved together or not at all;
* an edit carries the version the user started from; when someone else saved in between,
  the edit is refused instead of silently overwriting theirs.

Every function checks permission itself (404 outside the user's scope), validates fully
before saving, runs in one transaction and logs the write with its purpose and subject.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wijkkompas.accounts.access import can
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean
from wijkkompas.instruments import services as instrument_services

from . import wmo
from .constants import FindingPlace, LifeDomain, Outcome
from .models import Conversation
from .signals import send_on_commit

WMO_DATE_FIELDS = ("reported_on", "investigation_done_on", "applied_on", "decided_on")

#: Fields an edit may change (the resident, team and author stay).
EDITABLE_FIELDS = (
    "held_on",
    "place",
    "participants",
    "question",
    "question_behind",
    "life_domains",
    "own_strength",
    "network",
    "outcome",
    "collective_opportunity",
    "resident_idea",
    "is_wmo_report",
    *WMO_DATE_FIELDS,
)


def _label(field: str) -> str:
    model_field = Conversation._meta.get_field(field)
    return str(capfirst(getattr(model_field, "verbose_name", field)))


def _short(date: dt.date) -> str:
    return date_format(date, "SHORT_DATE_FORMAT")


def _clean_life_domains(codes: Iterable[str]) -> list[str]:
    chosen = set()
    for code in codes or ():
        if code not in LifeDomain.values:
            raise ApplicationError(
                _("Unknown life domain: %(code)s. Choose from the list.") % {"code": code},
                field="life_domains",
            )
        chosen.add(code)
    # The order of the list, whatever the order of the input.
    return [code for code in LifeDomain.values if code in chosen]


def _clean_wmo(
    *,
    held_on: dt.date,
    is_wmo_report: bool,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
    today: dt.date,
) -> dict[str, dt.date | None]:
    dates = {
        "reported_on": reported_on,
        "investigation_done_on": investigation_done_on,
        "applied_on": applied_on,
        "decided_on": decided_on,
    }
    if not is_wmo_report:
        given = [name for name in WMO_DATE_FIELDS if dates[name] is not None]
        if given:
            raise ApplicationError(
                _(
                    "Wmo dates are only kept for a conversation registered as a Wmo report: "
                    "tick 'Register as Wmo report (melding)' or clear the dates."
                ),
                field=given[0],
            )
        return dates
    if reported_on is None:
        reported_on = dates["reported_on"] = held_on
    for name in WMO_DATE_FIELDS:
        value = dates[name]
        if value is not None and value > today:
            raise ApplicationError(
                _("%(field)s cannot be in the future.") % {"field": _label(name)}, field=name
            )
    if investigation_done_on is not None and investigation_done_on < reported_on:
        raise ApplicationError(
            _("The investigation cannot be completed before the report (%(date)s).")
            % {"date": _short(reported_on)},
            field="investigation_done_on",
        )
    if applied_on is not None and applied_on < reported_on:
        raise ApplicationError(
            _("The application cannot be dated before the report (%(date)s).")
            % {"date": _short(reported_on)},
            field="applied_on",
        )
    if decided_on is not None:
        if applied_on is None:
            raise ApplicationError(
                _("A decision follows an application: enter the date of the application first."),
                field="decided_on",
            )
        if decided_on < applied_on:
            raise ApplicationError(
                _("The decision cannot be taken before the application (%(date)s).")
                % {"date": _short(applied_on)},
                field="decided_on",
            )
    return dates


def _clean_fields(
    *,
    held_on: dt.date | None,
    place: str,
    participants: str,
    question: str,
    question_behind: str,
    life_domains: Iterable[str],
    own_strength: str,
    network: str,
    outcome: str,
    collective_opportunity: str,
    resident_idea: str,
    is_wmo_report: bool,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
) -> dict[str, Any]:
    """Every rule of a conversation's fields; returns the cleaned values (with Wmo dates)."""
    today = timezone.localdate()
    if held_on is None:
        raise ApplicationError(_("Enter the date of the conversation."), field="held_on")
    if held_on > today:
        raise ApplicationError(
            _("The date of the conversation cannot be in the future."), field="held_on"
        )
    if place not in FindingPlace.values:
        raise ApplicationError(
            _("Choose where the conversation took place (vindplek)."), field="place"
        )
    question = (question or "").strip()
    if not question:
        raise ApplicationError(_("Write down the resident's question."), field="question")
    if outcome not in Outcome.values:
        raise ApplicationError(_("Choose the outcome of the conversation."), field="outcome")
    is_wmo_report = bool(is_wmo_report)
    values: dict[str, Any] = {
        "held_on": held_on,
        "place": place,
        "participants": (participants or "").strip(),
        "question": question,
        "question_behind": (question_behind or "").strip(),
        "life_domains": _clean_life_domains(life_domains),
        "own_strength": (own_strength or "").strip(),
        "network": (network or "").strip(),
        "outcome": outcome,
        "collective_opportunity": (collective_opportunity or "").strip(),
        "resident_idea": (resident_idea or "").strip(),
        "is_wmo_report": is_wmo_report,
    }
    values.update(
        _clean_wmo(
            held_on=held_on,
            is_wmo_report=is_wmo_report,
            reported_on=reported_on,
            investigation_done_on=investigation_done_on,
            applied_on=applied_on,
            decided_on=decided_on,
            today=today,
        )
    )
    values["wmo_due_on"] = wmo_due_on(**{k: values[k] for k in ("is_wmo_report", *WMO_DATE_FIELDS)})
    return values


def wmo_due_on(
    *,
    is_wmo_report: bool,
    reported_on: dt.date | None,
    investigation_done_on: dt.date | None,
    applied_on: dt.date | None,
    decided_on: dt.date | None,
) -> dt.date | None:
    """The next legal term not met yet (what ``Conversation.wmo_due_on`` holds), or None."""
    term = wmo.next_term(
        is_wmo_report=is_wmo_report,
        reported_on=reported_on,
        investigation_done_on=investigation_done_on,
        applied_on=applied_on,
        decided_on=decided_on,
    )
    return term.due_on if term is not None else None


_NO_CONSENT = gettext_noop(
    "The resident has not given your team consent for conversations: "
    "record the resident's consent first."
)


@transaction.atomic
def conversation_record(
    *,
    user: Any,
    resident: Any,
    held_on: dt.date | None,
    place: str,
    question: str,
    outcome: str,
    participants: str = "",
    question_behind: str = "",
    life_domains: Iterable[str] = (),
    own_strength: str = "",
    network: str = "",
    collective_opportunity: str = "",
    resident_idea: str = "",
    is_wmo_report: bool = False,
    reported_on: dt.date | None = None,
    investigation_done_on: dt.date | None = None,
    applied_on: dt.date | None = None,
    decided_on: dt.date | None = None,
    assessments: Iterable[tuple[Any, Mapping[str, int]]] = (),
    after_save: Iterable[Callable[[Conversation], None]] = (),
    request: Any = None,
) -> Conversation:
    """Record a kitchen-table conversation with ``resident``, with its scores.

    ``assessments``: pairs of an instrument version (from
    ``instruments.selectors.active_versions``) and its scores ``{domain code: value}``;
    each non-empty pair becomes an assessment of this conversation, dated the day of the
    conversation, in the same transaction: a refused score leaves nothing saved.

    ``after_save``: callables of the form's extensions (``.extensions``), called with the
    saved conversation in the same transaction; a refusal there saves nothing either.
    """
    _require(user, Action.CHANGE, resident)
    values = _clean_fields(
        held_on=held_on,
        place=place,
        participants=participants,
        question=question,
        question_behind=question_behind,
        life_domains=life_domains,
        own_strength=own_strength,
        network=network,
        outcome=outcome,
        collective_opportunity=collective_opportunity,
        resident_idea=resident_idea,
        is_wmo_report=is_wmo_report,
        reported_on=reported_on,
        investigation_done_on=investigation_done_on,
        applied_on=applied_on,
        decided_on=decided_on,
    )
    household = resident.household
    conversation = Conversation(
        municipality_id=household.municipality_id,
        team_id=household.team_id,
        household=household,
        resident=resident,
        author=user,
        **values,
    )
    _full_clean(conversation)
    conversation.save()
    # The permission layer itself decides: the resident must consent to conversations for
    # this user (their team or organisation). Refusing here rolls the insert back.
    if not can(user, Action.CHANGE, conversation):
        raise ApplicationError(_(_NO_CONSENT))
    for version, scores in assessments:
        if not scores:
            continue
        instrument_services.assessment_record(
            user=user,
            resident=resident,
            version=version,
            scores=dict(scores),
            assessed_on=conversation.held_on,
            conversation=conversation,
            request=request,
        )
    for extension_save in after_save:
        extension_save(conversation)
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.SUPPORT,
        obj=conversation,
        request=request,
        subjects=[resident.pk],
    )
    send_on_commit(conversation_id=conversation.pk, created=True)
    return conversation


_SOMEONE_ELSE_SAVED = gettext_noop(
    "Someone else saved this conversation after you opened it. Your changes have not been "
    "saved: open the conversation again to see the latest version, then make your changes."
)


@transaction.atomic
def conversation_update(
    *,
    user: Any,
    conversation: Conversation,
    expected_version: int,
    held_on: dt.date | None,
    place: str,
    question: str,
    outcome: str,
    participants: str = "",
    question_behind: str = "",
    life_domains: Iterable[str] = (),
    own_strength: str = "",
    network: str = "",
    collective_opportunity: str = "",
    resident_idea: str = "",
    is_wmo_report: bool = False,
    reported_on: dt.date | None = None,
    investigation_done_on: dt.date | None = None,
    applied_on: dt.date | None = None,
    decided_on: dt.date | None = None,
    after_save: Iterable[Callable[[Conversation], None]] = (),
    request: Any = None,
) -> Conversation:
    """Change a conversation, if nobody else saved it since ``expected_version``.

    The resident, team and author stay; the scores recorded with the conversation are
    not changed here. The update is one ``UPDATE … WHERE version = expected`` that also
    raises the version, so two people saving at the same time cannot both succeed.
    ``after_save`` as for :func:`conversation_record` (called with the updated
    conversation, in the same transaction).
    """
    _require(user, Action.CHANGE, conversation)
    values = _clean_fields(
        held_on=held_on,
        place=place,
        participants=participants,
        question=question,
        question_behind=question_behind,
        life_domains=life_domains,
        own_strength=own_strength,
        network=network,
        outcome=outcome,
        collective_opportunity=collective_opportunity,
        resident_idea=resident_idea,
        is_wmo_report=is_wmo_report,
        reported_on=reported_on,
        investigation_done_on=investigation_done_on,
        applied_on=applied_on,
        decided_on=decided_on,
    )
    candidate = Conversation.objects.get(pk=conversation.pk)
    for name, value in values.items():
        setattr(candidate, name, value)
    _full_clean(candidate)
    updated = Conversation.objects.filter(pk=conversation.pk, version=expected_version).update(
        **values, version=F("version") + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ApplicationError(_(_SOMEONE_ELSE_SAVED))
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.SUPPORT,
        obj=conversation,
        request=request,
        subjects=[conversation.resident_id],
    )
    send_on_commit(conversation_id=conversation.pk, created=False)
    conversation.refresh_from_db()
    for extension_save in after_save:
        extension_save(conversation)
    return conversation


# --- import from other systems ---------------------------------------------------------

#: The fields of a conversation an import sets (besides the resident and the external id).
IMPORT_FIELDS = EDITABLE_FIELDS


def conversations_import(
    *,
    user: Any,
    team: Any,
    source_system: str,
    rows: list[tuple[int, dict[str, Any]]],
    write: bool,
    progress: Any = None,
    request: Any = None,
) -> list[Any]:
    """Import conversations of ``team`` from another system (``rows``: row number and parsed
    values; ``resident_external_id`` names a resident imported from the same system).

    Every row passes the rules of :func:`conversation_record`; the resident must be one the
    user may change and who consents to conversations for the user. A new external id makes
    a conversation (the user as author), a known one updates it (the version goes up).
    Returns one ``core.bulk.RowResult`` per row; writes (``write``) only when no row has an
    error, all in one transaction, logged as an exchange. The signals app digests the new
    conversations afterwards (the imports app queues it), not one task per row.
    """
    from wijkkompas.core import bulk
    from wijkkompas.residents import services as resident_services
    from wijkkompas.residents.constants import ConsentPart

    resident_services.import_team_check(user=user, team=team, model=Conversation)
    results, first_row = bulk.start(rows)
    residents = resident_services.residents_for_import(
        user=user,
        team=team,
        source_system=source_system,
        external_ids={row.get("resident_external_id") or "" for _n, row in rows},
        part=ConsentPart.CONVERSATIONS,
    )
    existing: dict[str, Conversation] = {}
    for part in bulk.chunks(sorted(first_row)):
        existing.update(
            (c.external_id, c)
            for c in Conversation.objects.filter(
                team_id=team.pk, source_system=source_system, external_id__in=part
            ).only("pk", "resident_id", "external_id", "version", *IMPORT_FIELDS, "wmo_due_on")
        )
    new: list[Conversation] = []
    changed: list[Conversation] = []
    now = timezone.now()
    for result, (_number, row) in zip(results, rows, strict=True):
        if result.status == bulk.ERROR:
            continue
        resident = residents.get(row.get("resident_external_id") or "")
        if resident is None:
            result.fail(
                "resident_external_id",
                _(resident_services.NO_RESIDENT_FOR_IMPORT),
            )
            continue
        resident_id, household_id, allowed = resident
        if not allowed:
            result.fail("resident_external_id", _(_NO_CONSENT))
            continue
        try:
            given: dict[str, Any] = {
                name: row.get(name) for name in IMPORT_FIELDS if name != "life_domains"
            }
            values = _clean_fields(**given, life_domains=row.get("life_domains") or ())
        except ApplicationError as error:
            result.refused(error, "question")
            continue
        for name in bulk.too_long(Conversation, values):
            result.fail(name, _("This text is too long."))
        if result.status == bulk.ERROR:
            continue
        conversation = existing.get(row["external_id"])
        if conversation is None:
            new.append(
                Conversation(
                    municipality_id=team.municipality_id,
                    team_id=team.pk,
                    household_id=household_id,
                    resident_id=resident_id,
                    author=user,
                    external_id=row["external_id"],
                    source_system=source_system,
                    **values,
                )
            )
        elif conversation.resident_id != resident_id:
            result.fail(
                "resident_external_id",
                _(
                    "This conversation was imported for another resident: the resident "
                    "cannot change."
                ),
            )
        elif bulk.differs(conversation, values):
            result.status = bulk.CHANGED
            conversation.version += 1
            conversation.updated_at = now
            changed.append(conversation)
        else:
            result.status = bulk.UNCHANGED
    if write and not any(r.status == bulk.ERROR for r in results):
        _conversations_import_write(
            user=user, new=new, changed=changed, progress=progress, request=request
        )
    return results


@transaction.atomic
def _conversations_import_write(
    *, user: Any, new: list[Conversation], changed: list[Conversation], progress: Any, request: Any
) -> None:
    from wijkkompas.core import bulk

    bulk.write(
        Conversation,
        new=new,
        changed=changed,
        fields=[*IMPORT_FIELDS, "wmo_due_on", "version", "updated_at"],
        progress=progress,
    )
    for event, rows in ((Event.CREATE, new), (Event.UPDATE, changed)):
        if rows:
            log_access(
                user=user,
                action=event,
                purpose=Purpose.EXCHANGE,
                object_type=Conversation._meta.label,
                request=request,
                subjects=[c.resident_id for c in rows],
                count=len(rows),
            )

"""Reads of the rights app: the register of data requests and the retention purges (the
privacy officer's own municipality only, logged), and the plain-data collection of
everything Wijkkompas holds about one resident for an access request (AVG art. 15).

The collection calls the export functions of the apps that hold a resident's data
(``<app>.selectors.export_for_resident`` / ``plans.selectors.export_for_household``) and the
access log (``audit.selectors.access_log_for_subject``); it never imports their models. It
does not log: ``services.access_export_build`` checks who may ask and logs the export.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from wijkkompas.accounts.access import get_in_scope, restrict
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.selectors import access_log_for_subject
from wijkkompas.audit.services import log_access
from wijkkompas.conversations import selectors as conversation_selectors
from wijkkompas.instruments import selectors as instrument_selectors
from wijkkompas.organisations.selectors import organisations_of
from wijkkompas.plans import selectors as plan_selectors
from wijkkompas.residents import selectors as resident_selectors
from wijkkompas.residents.constants import RiskKind

from .constants import FINAL_STATUSES, ErasureObstacle, ExportStatus
from .models import AccessExport, DataRequest, PurgeRun

PAGE_SIZE = 50


# --- the register -------------------------------------------------------------------------


def data_request_list(
    *, user: Any, open_only: bool = False, request: Any = None
) -> QuerySet[DataRequest]:
    """The data requests of the user's municipality, open ones first by due date. Logged
    (DATA_REQUEST) by :func:`log_data_request_page` for the rows shown."""
    qs = restrict(DataRequest.objects.all(), user)
    if open_only:
        qs = qs.exclude(status__in=FINAL_STATUSES)
    return qs.order_by("handled_on", "due_on", "-pk")


def log_data_request_page(*, user: Any, rows: list[DataRequest], request: Any = None) -> None:
    """One log entry for a page of the register (the rows name residents by number)."""
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.DATA_REQUEST,
        objects=rows,
        model=DataRequest,
        request=request,
        subjects=[r.resident_id for r in rows],
    )


def data_request_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> DataRequest:
    """One data request of the user's municipality (404 otherwise), with its exports. Logged."""
    data_request = get_in_scope(
        DataRequest.objects.select_related("handled_by", "registered_by"),
        user,
        action,
        request=request,
        pk=pk,
    )
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.DATA_REQUEST,
        obj=data_request,
        request=request,
        subjects=[data_request.resident_id],
    )
    return data_request


def exports_of(*, data_request: DataRequest) -> list[AccessExport]:
    """The exports of a request (status, size and checksum: no content). The caller logged
    the request itself (:func:`data_request_get`)."""
    return list(data_request.exports.select_related("requested_by", "downloaded_by"))


def ready_export(*, data_request: DataRequest) -> AccessExport | None:
    """The export of a request that is waiting to be downloaded, if any."""
    return data_request.exports.filter(status=ExportStatus.READY).order_by("-pk").first()


def is_overdue(data_request: DataRequest, *, today: datetime.date | None = None) -> bool:
    """Open and past its due date (AVG art. 12(3))."""
    today = today or timezone.localdate()
    return data_request.status not in FINAL_STATUSES and data_request.due_on < today


def purge_runs(*, user: Any, request: Any = None, limit: int = 100) -> list[PurgeRun]:
    """The latest retention purges of the user's municipality (counts and ids). Logged."""
    runs = list(restrict(PurgeRun.objects.all(), user).order_by("-ran_at", "-pk")[:limit])
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.RETENTION,
        objects=runs,
        model=PurgeRun,
        request=request,
        subjects=sorted({pk for run in runs for pk in run.resident_ids}),
    )
    return runs


# --- the access export (AVG art. 15) ------------------------------------------------------


def _who_viewed(*, resident: Any, municipality_id: int) -> list[dict[str, Any]]:
    """The access log entries about the resident, readable: who, when, why, what."""
    names = dict(organisations_of(municipality_ids=[municipality_id]).values_list("pk", "name"))
    roles = dict(Role.choices)
    events = dict(Event.choices)
    purposes = dict(Purpose.choices)
    own_account = resident.user.get_username() if resident.user_id else None
    rows = []
    for entry in access_log_for_subject(resident_id=resident.pk, municipality_id=municipality_id):
        role = entry["role"]
        account = entry["username"]
        if role == Role.RESIDENT:
            # Another member of the household is named by role only.
            account = gettext("you") if own_account and account == own_account else ""
        rows.append(
            {
                "at": entry["at"],
                "account": account,
                "role": str(roles.get(role, "")) if role else "",
                "organisations": [names.get(pk, str(pk)) for pk in entry["organisation_ids"]],
                "action": str(events.get(entry["event"], entry["event"])),
                "purpose": str(purposes.get(entry["purpose"], entry["purpose"])),
                "object": entry["object_type"],
                "processing_activity": entry["processing_activity_id"],
            }
        )
    return rows


def resident_export_data(*, resident: Any, self_service: bool = False) -> dict[str, Any]:
    """Everything Wijkkompas holds about one resident, as plain data. No log: the caller
    (``services.access_export_build``) checks who may ask and logs.

    ``self_service``: the download in Mijn plan holds what Mijn plan shows (the owner rule of
    the permission layer): personal details, consents, scores, the plan and who viewed the
    data. Conversation notes, risk signals and case discussions may hold what others said or
    what puts someone at risk (e.g. a Meldcode signal in the same household), so they come
    only through an access request to the privacy officer, who weighs the rights of others
    before handing them over (AVG art. 15(4)).
    """
    household = resident.household
    personal = resident_selectors.export_for_resident(resident=resident)
    conversations = conversation_selectors.export_for_resident(resident=resident)
    assessments = instrument_selectors.export_for_resident(resident=resident)
    plan = plan_selectors.export_for_household(household=household)
    gm = household.municipality_id
    if self_service:
        personal = {key: value for key, value in personal.items() if key != "risk_signals"}
        plan = {key: value for key, value in plan.items() if key != "case_discussions"}
        conversations = {"conversations": []}
    return {
        "about": {
            "generated_at": timezone.now(),
            "municipality": personal["household"]["municipality"],
            "resident_id": resident.pk,
            "request": "AVG art. 15",
        },
        "personal_data": personal,
        "conversations": conversations["conversations"],
        "assessments": assessments["assessments"],
        "plan": plan,
        "who_viewed_your_data": _who_viewed(resident=resident, municipality_id=gm),
        "not_in_this_download": (
            gettext(
                "Notes of conversations, risk signals and case discussions are not in this "
                "download, because they may hold what others said. Ask the privacy officer of "
                "your municipality for them (an access request): they are checked and then "
                "handed over to you."
            )
            if self_service
            else ""
        ),
        "purposes": {code: str(label) for code, label in Purpose.choices},
        "your_rights": your_rights(),
    }


def your_rights() -> dict[str, Any]:
    """The information AVG art. 15(1) asks for besides the data: retention and rights."""
    _ = gettext
    return {
        "retention": _(
            "A closed case is deleted %(days)s days after it was closed; a case with a Wmo "
            "decision is kept %(wmo_days)s days after it was closed, as the law requires."
        )
        % {
            "days": settings.WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS,
            "wmo_days": settings.WIJKKOMPAS_RETENTION_WMO_CASES_DAYS,
        },
        "rectification": _(
            "If something is wrong, ask the team or the privacy officer to correct it "
            "(AVG art. 16)."
        ),
        "erasure": _(
            "You can ask to erase your data (AVG art. 17). The municipality erases it unless "
            "the law requires it to be kept, and tells you why."
        ),
        "complaint": _(
            "You can complain to the privacy officer (functionaris gegevensbescherming) of "
            "your municipality, or to the Autoriteit Persoonsgegevens."
        ),
    }


# --- erasure (AVG art. 17) ----------------------------------------------------------------


def erasure_data(*, resident: Any) -> dict[str, Any]:
    """The part of the resident's data the erasure rule needs (no log: nothing is shown)."""
    personal = resident_selectors.export_for_resident(resident=resident)
    return {
        "household": personal["household"],
        "risk_signals": personal["risk_signals"],
        "conversations": conversation_selectors.export_for_resident(resident=resident)[
            "conversations"
        ],
    }


def erasure_obstacles(
    *, data: dict[str, Any], today: datetime.date, wmo_days: int | None = None
) -> list[ErasureObstacle]:
    """Why the data may not be erased now (empty: erasure is allowed). The rule:

    * an open Wmo procedure (a report without a decision) keeps the file;
    * a file with a Wmo decision is kept ``WIJKKOMPAS_RETENTION_WMO_CASES_DAYS`` after the
      case was closed (while the case is open, it is kept anyway);
    * an open signal of domestic violence or child abuse (Meldcode) keeps the file.
    """
    if wmo_days is None:
        wmo_days = settings.WIJKKOMPAS_RETENTION_WMO_CASES_DAYS
    obstacles: list[ErasureObstacle] = []
    reports = [c for c in data["conversations"] if c["is_wmo_report"]]
    if any(c["decided_on"] is None for c in reports):
        obstacles.append(ErasureObstacle.WMO_OPEN)
    if any(c["decided_on"] is not None for c in reports):
        closed_on = data["household"]["closed_on"]
        if closed_on is None or closed_on + datetime.timedelta(days=wmo_days) > today:
            obstacles.append(ErasureObstacle.WMO_RETENTION)
    if any(
        s["kind"] == RiskKind.DOMESTIC_VIOLENCE and s["resolved_on"] is None
        for s in data["risk_signals"]
    ):
        obstacles.append(ErasureObstacle.MELDCODE_OPEN)
    return obstacles


def may_use_rights(*, user: Any) -> bool:
    """Whether the user's role keeps the register of data requests (the privacy officer)."""
    from wijkkompas.accounts.access import may_use

    return may_use(user, DataRequest)

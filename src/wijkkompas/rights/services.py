"""Writes of the rights app: the register of data requests, access exports (AVG art. 15),
erasure (art. 17) and the retention purge of closed cases.

Who may do what:

* the privacy officer keeps the register of their municipality, asks for an access export
  of a registered access request (built by a background task: the officer sees only its
  status, size and checksum and downloads it once to hand it over), and erases a resident
  for a registered erasure request where the law allows it;
* a resident builds the export of their own data (:func:`own_export`, for "Mijn plan");
* the retention task purges closed cases (:func:`closed_cases_purge`).

Every export and deletion writes an access-log entry with purpose DATA_REQUEST or RETENTION
and the resident ids (never the data). Task arguments are ids only.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import io
import json
import logging
import secrets
import zipfile
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import get_in_scope, may_use
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose, Status
from wijkkompas.audit.services import log_access
from wijkkompas.conversations import selectors as conversation_selectors
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean
from wijkkompas.residents import selectors as resident_selectors
from wijkkompas.residents import services as resident_services

from . import selectors
from .constants import (
    EXPORT_JSON_NAME,
    EXPORT_PDF_NAME,
    FINAL_STATUSES,
    ExportStatus,
    RequestKind,
    RequestStatus,
)
from .models import AccessExport, DataRequest, PurgeRun

logger = logging.getLogger("wijkkompas.rights")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later; the last day of the month when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - a month always has a 28th


def _today() -> datetime.date:
    return timezone.localdate()


def _require_officer(user: Any, action: str = Action.CHANGE) -> None:
    if not may_use(user, DataRequest, action) or getattr(user, "municipality_id", None) is None:
        raise PermissionDenied


# --- the register -------------------------------------------------------------------------


@transaction.atomic
def data_request_register(
    *,
    user: Any,
    kind: str,
    resident_id: int,
    received_on: datetime.date,
    request: Any = None,
) -> DataRequest:
    """Register a request of a data subject; it is due one month after receipt."""
    _require_officer(user)
    if received_on > _today():
        raise ApplicationError(
            _("A request cannot be received in the future."), field="received_on"
        )
    resident = resident_selectors.resident_for_data_request(
        resident_id=resident_id, municipality_id=user.municipality_id
    )
    if resident is None:
        raise ApplicationError(
            _(
                "There is no resident with this number in your municipality. "
                "Check the number the team gave you."
            ),
            field="resident_id",
        )
    data_request = DataRequest(
        municipality_id=user.municipality_id,
        kind=kind,
        resident_id=resident_id,
        received_on=received_on,
        due_on=add_months(received_on, 1),
        registered_by=user,
    )
    _full_clean(data_request)
    data_request.save()
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.DATA_REQUEST,
        obj=data_request,
        request=request,
        subjects=[resident_id],
    )
    return data_request


@transaction.atomic
def data_request_update(
    *,
    user: Any,
    data_request: DataRequest,
    expected_version: int,
    status: str,
    outcome_note: str = "",
    request: Any = None,
) -> DataRequest:
    """Set the status and outcome of a request; a final status records who handled it when.

    Refused when someone else saved the request in between (``expected_version``)."""
    _require_officer(user)
    current = get_in_scope(DataRequest.objects.all(), user, Action.CHANGE, pk=data_request.pk)
    if current.status in FINAL_STATUSES:
        raise ApplicationError(_("This request has been handled already."))
    if status not in RequestStatus.values:
        raise ApplicationError(_("Choose a valid status."), field="status")
    final = status in FINAL_STATUSES
    changes: dict[str, Any] = {
        "status": status,
        "outcome_note": outcome_note.strip(),
        "handled_on": _today() if final else None,
        "handled_by": user if final else None,
    }
    for name, value in changes.items():
        setattr(current, name, value)
    _full_clean(current)
    updated = DataRequest.objects.filter(pk=current.pk, version=expected_version).update(
        **changes, version=expected_version + 1, updated_at=timezone.now()
    )
    if not updated:
        raise ApplicationError(
            _("Someone else changed this request in the meantime. Reload the page and try again.")
        )
    current.version = expected_version + 1
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.DATA_REQUEST,
        obj=current,
        request=request,
        subjects=[current.resident_id],
    )
    return current


def _open_request(user: Any, pk: int, kind: str) -> DataRequest:
    data_request = get_in_scope(DataRequest.objects.all(), user, Action.CHANGE, pk=pk)
    if data_request.kind != kind:
        raise ApplicationError(_("This is not the right kind of request for this action."))
    if data_request.status in FINAL_STATUSES:
        raise ApplicationError(_("This request has been handled already."))
    return data_request


# --- access export (AVG art. 15) ----------------------------------------------------------


@dataclass(frozen=True)
class ExportBundle:
    """An access export: the data, as JSON and as PDF, and the two together as a ZIP file."""

    resident_id: int
    data: dict[str, Any] = field(repr=False)
    json_bytes: bytes = field(repr=False)
    pdf_bytes: bytes = field(repr=False)

    @property
    def filename_stem(self) -> str:
        return f"inzage-{self.resident_id}-{timezone.localdate():%Y%m%d}"

    def zip_bytes(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(EXPORT_JSON_NAME, self.json_bytes)
            archive.writestr(EXPORT_PDF_NAME, self.pdf_bytes)
        return buffer.getvalue()


def _may_build(user: Any, resident: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == Role.RESIDENT:
        return resident.user_id == user.pk
    if user.role == Role.PRIVACY_OFFICER:
        return (
            DataRequest.objects.filter(
                municipality_id=user.municipality_id,
                resident_id=resident.pk,
                kind=RequestKind.ACCESS,
            )
            .exclude(status__in=FINAL_STATUSES)
            .exists()
        )
    return False


@transaction.atomic
def access_export_build(
    *, user: Any, resident_id: int, request: Any = None, self_service: bool = False
) -> ExportBundle:
    """All data of a resident with who viewed it, as JSON and PDF (AVG art. 15).

    Only for the resident themselves, or the privacy officer of the resident's municipality
    with an open access request registered for this resident (through the background task
    of :func:`access_export_request`: the officer never sees the content on a page). Anyone
    else: 404. Logged (DATA_REQUEST) with the household's residents as subjects, since the
    household's plan is part of it.
    """
    from .pdf import render_pdf

    resident = resident_selectors.resident_for_data_request(
        resident_id=resident_id, municipality_id=getattr(user, "municipality_id", None)
    )
    if resident is None or not _may_build(user, resident):
        raise Http404
    data = selectors.resident_export_data(resident=resident, self_service=self_service)
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.DATA_REQUEST,
        obj=resident,
        request=request,
        subjects=resident_selectors.household_member_ids(household=resident.household),
    )
    json_bytes = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()
    pdf_bytes = render_pdf(data, title=_("Your data in Wijkkompas"))
    return ExportBundle(
        resident_id=resident.pk, data=data, json_bytes=json_bytes, pdf_bytes=pdf_bytes
    )


def own_export(*, user: Any, request: Any = None) -> ExportBundle:
    """The export of the signed-in resident's own data (for "Mijn plan").

    What Mijn plan shows, with who viewed it; the full file through an access request (see
    ``selectors.resident_export_data``). 404 when the account is not a resident's (or not
    linked to one)."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.RESIDENT:
        raise Http404
    resident_id = getattr(getattr(user, "resident", None), "pk", None)
    if resident_id is None:
        raise Http404
    return access_export_build(
        user=user, resident_id=resident_id, request=request, self_service=True
    )


def _fernet() -> Any:
    """The key that encrypts waiting exports, derived from SECRET_KEY (HKDF-SHA256)."""
    from cryptography.fernet import Fernet
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"wijkkompas access exports"
    ).derive(settings.SECRET_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _export_dir() -> Path:
    directory = Path(settings.WIJKKOMPAS_EXPORT_DIR)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    return directory


@transaction.atomic
def access_export_request(*, user: Any, pk: int, request: Any = None) -> AccessExport:
    """Ask for the access export of a registered access request; a task builds it."""
    from .tasks import build_access_export

    _require_officer(user)
    data_request = _open_request(user, pk, RequestKind.ACCESS)
    if data_request.exports.filter(status__in=[ExportStatus.PENDING, ExportStatus.READY]).exists():
        raise ApplicationError(_("An export of this request is being prepared or waiting already."))
    export = AccessExport.objects.create(
        data_request=data_request, municipality_id=data_request.municipality_id, requested_by=user
    )
    if data_request.status == RequestStatus.RECEIVED:
        DataRequest.objects.filter(pk=data_request.pk).update(
            status=RequestStatus.IN_PROGRESS, version=data_request.version + 1
        )
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.DATA_REQUEST,
        obj=export,
        request=request,
        subjects=[data_request.resident_id],
    )
    transaction.on_commit(lambda: build_access_export.enqueue(export_id=export.pk))
    return export


def access_export_store(*, export_id: int) -> AccessExport:
    """Build the export of a request and store it encrypted (the background task's work).

    Runs as the officer who asked. On failure the export is marked failed (no content in
    the error) and can be asked for again."""
    export = AccessExport.objects.select_related("data_request", "requested_by").get(pk=export_id)
    if export.status != ExportStatus.PENDING:
        return export
    path: Path | None = None
    try:
        with transaction.atomic():
            bundle = access_export_build(
                user=export.requested_by, resident_id=export.data_request.resident_id
            )
            content = bundle.zip_bytes()
            name = f"{secrets.token_urlsafe(24)}.zip.enc"
            path = _export_dir() / name
            path.write_bytes(_fernet().encrypt(content))
            path.chmod(0o600)
            AccessExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.READY,
                file_name=name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                ready_at=timezone.now(),
            )
    except Exception as exc:
        if path is not None:
            path.unlink(missing_ok=True)
        logger.warning("access export %s failed: %s", export.pk, type(exc).__name__)
        with transaction.atomic():
            AccessExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.FAILED, error=type(exc).__name__[:100]
            )
            log_access(
                user=export.requested_by,
                action=Event.READ,
                purpose=Purpose.DATA_REQUEST,
                obj=export,
                status=Status.ERROR,
                subjects=[export.data_request.resident_id],
            )
    export.refresh_from_db()
    return export


@dataclass(frozen=True)
class Download:
    filename: str
    content: bytes = field(repr=False)
    sha256: str


@transaction.atomic
def access_export_download(*, user: Any, pk: int, request: Any = None) -> Download:
    """The waiting export of a request, once: afterwards the file is removed."""
    _require_officer(user)
    data_request = get_in_scope(DataRequest.objects.all(), user, Action.CHANGE, pk=pk)
    export = (
        AccessExport.objects.select_for_update()
        .filter(data_request=data_request, status=ExportStatus.READY)
        .order_by("-pk")
        .first()
    )
    if export is None:
        raise ApplicationError(_("There is no export waiting to be downloaded."))
    path = _export_dir() / export.file_name
    try:
        content = _fernet().decrypt(path.read_bytes())
    except Exception as exc:
        raise ApplicationError(
            _("The export file cannot be read any more. Ask for a new export.")
        ) from exc
    export.status = ExportStatus.DOWNLOADED
    export.downloaded_at = timezone.now()
    export.downloaded_by = user
    export.file_name = ""
    export.save(update_fields=["status", "downloaded_at", "downloaded_by", "file_name"])
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.DATA_REQUEST,
        obj=export,
        request=request,
        subjects=[data_request.resident_id],
    )
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
    made = export.ready_at or timezone.now()
    return Download(
        filename=f"inzage-{data_request.resident_id}-{made:%Y%m%d}.zip",
        content=content,
        sha256=export.sha256,
    )


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Remove exports that waited longer than ``WIJKKOMPAS_RETENTION_EXPORTS_DAYS``."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.WIJKKOMPAS_RETENTION_EXPORTS_DAYS)
    expired = 0
    for export in AccessExport.objects.filter(
        status__in=[ExportStatus.READY, ExportStatus.PENDING], requested_at__lt=cutoff
    ).select_related("data_request"):
        with transaction.atomic():
            if export.file_name:
                path = _export_dir() / export.file_name
                transaction.on_commit(partial(path.unlink, missing_ok=True))
            AccessExport.objects.filter(pk=export.pk).update(
                status=ExportStatus.EXPIRED, file_name=""
            )
            log_access(
                user=None,
                action=Event.DELETE,
                purpose=Purpose.RETENTION,
                obj=export,
                municipality_id=export.municipality_id,
                subjects=[export.data_request.resident_id],
            )
        expired += 1
    return expired


# --- erasure (AVG art. 17) ----------------------------------------------------------------


@transaction.atomic
def resident_erase(*, user: Any, request_id: int, request: Any = None) -> DataRequest:
    """Erase the resident of a registered erasure request, where the law allows it.

    Refused (with the reason, never the content) while a Wmo procedure is open, while the
    file holds a Wmo decision within its legal retention period, or while a Meldcode signal
    is open (``selectors.erasure_obstacles``). Otherwise the resident goes with everything
    about them, and the household when it is left empty; the access log keeps its entries
    (ids only) and one more that shows the erasure, not the data.
    """
    _require_officer(user)
    data_request = _open_request(user, request_id, RequestKind.ERASURE)
    resident = resident_selectors.resident_for_data_request(
        resident_id=data_request.resident_id, municipality_id=data_request.municipality_id
    )
    if resident is None:
        raise ApplicationError(_("This resident no longer exists: there is nothing to erase."))
    obstacles = selectors.erasure_obstacles(
        data=selectors.erasure_data(resident=resident), today=_today()
    )
    if obstacles:
        reasons = " ".join(str(o.label) for o in obstacles)
        raise ApplicationError(
            _("The data may not be erased now. %(reasons)s") % {"reasons": reasons}
        )
    subjects = resident_selectors.household_member_ids(household=resident.household)
    result = resident_services.resident_delete_for_erasure(resident=resident)
    data_request.status = RequestStatus.COMPLETED
    data_request.handled_on = _today()
    data_request.handled_by = user
    data_request.result = {
        "counts": result["counts"],
        "household_deleted": result["household_deleted"],
        "account_removed": result["account_removed"],
    }
    data_request.version += 1
    data_request.save()
    log_access(
        user=user,
        action=Event.DELETE,
        purpose=Purpose.DATA_REQUEST,
        operation="rights.services.resident_erase",
        object_type="residents.Resident",
        object_id=str(data_request.resident_id),
        count=sum(result["counts"].values()),
        request=request,
        subjects=subjects,
    )
    return data_request


# --- retention ----------------------------------------------------------------------------


def _due_households(today: datetime.date) -> list[dict[str, Any]]:
    """Closed households past their retention period (ids), over all municipalities."""
    default_days = settings.WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS
    overrides: dict[str, int] = settings.WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS_PER_MUNICIPALITY
    wmo_cutoff = today - datetime.timedelta(days=settings.WIJKKOMPAS_RETENTION_WMO_CASES_DAYS)
    rows = resident_selectors.households_closed_before(
        closed_before=today - datetime.timedelta(days=default_days), exclude_codes=overrides
    )
    for code, days in overrides.items():
        rows += resident_selectors.households_closed_before(
            closed_before=today - datetime.timedelta(days=days), municipality_codes=[code]
        )
    with_wmo = conversation_selectors.households_with_wmo_decision(
        household_ids=[row["id"] for row in rows]
    )
    return [row for row in rows if row["id"] not in with_wmo or row["closed_on"] < wmo_cutoff]


def closed_cases_purge(*, today: datetime.date | None = None) -> list[PurgeRun]:
    """Delete closed cases past their retention period, one transaction and one log entry per
    municipality: ``WIJKKOMPAS_RETENTION_CLOSED_CASES_DAYS`` after closing (or the
    municipality's own period), ``WIJKKOMPAS_RETENTION_WMO_CASES_DAYS`` for a case with a
    Wmo decision. The log entry and the purge run hold counts and ids, never data."""
    today = today or _today()
    by_municipality: dict[int, list[dict[str, Any]]] = {}
    for row in _due_households(today):
        by_municipality.setdefault(row["municipality_id"], []).append(row)
    runs = []
    for municipality_id, rows in sorted(by_municipality.items()):
        with transaction.atomic():
            household_ids = [row["id"] for row in rows]
            resident_ids = sorted(pk for row in rows for pk in row["resident_ids"])
            counts = resident_services.households_purge(household_ids=household_ids)
            run = PurgeRun.objects.create(
                municipality_id=municipality_id,
                closed_before=max(row["closed_on"] for row in rows) + datetime.timedelta(days=1),
                household_ids=household_ids,
                resident_ids=resident_ids,
                counts=counts,
            )
            log_access(
                user=None,
                action=Event.DELETE,
                purpose=Purpose.RETENTION,
                operation="rights.services.closed_cases_purge",
                obj=run,
                count=len(household_ids),
                municipality_id=municipality_id,
                subjects=resident_ids,
            )
            runs.append(run)
        logger.info("retention purge: municipality %s, %s households", municipality_id, len(rows))
    return runs

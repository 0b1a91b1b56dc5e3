"""Reads of residents, households, consents and risk signals: the most sensitive data.

Every function limits its rows with the permission layer (``visible_to`` /
``accounts.access.get_in_scope``): team roles see a resident only while the resident
consents to one of their teams or to an organisation they work for; a resident sees their
own record. Every read of personal data for display writes one access-log entry per page
or list (never per row), with its purpose and the ids of the residents concerned
(``subjects``). Functions that say "no log: the caller logs" return rows for a caller that
logs the page it builds from them.

Other apps show their part of a resident's file on the resident page as sections
(``components.sections``, page ``"resident"``): this app may not import theirs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, Exists, F, OuterRef, QuerySet, Value

from wijkkompas.accounts.access import (
    can,
    consent_in_force,
    get_compiled_in_scope,
    get_in_scope,
    may_use,
    scope_key,
)
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled
from wijkkompas.core.compiled import values_rows

from .constants import CASE_CHANGE_ROLES, ConsentPart, RiskKind
from .models import Consent, Household, Resident, RiskSignal

#: Rows per page of the caseload, and the most search results shown at once.
CASELOAD_PAGE_SIZE = 50


# --- helpers ------------------------------------------------------------------------------


def _household_subjects(household_ids: Iterable[int]) -> list[int]:
    """Ids of every resident of these households: the data subjects of household data.

    Ids only, for the access log; never shown.
    """
    ids = sorted(set(household_ids))
    if not ids:
        return []
    # Run as a compiled query (not kept), so a recorded page (``core.pagecache``) sees it.
    rows = compiled.values_once(
        Resident.objects.filter(household_id__in=ids).order_by().values("pk")
    )
    return [row["pk"] for row in rows]


def _signal_subjects(signals: Iterable[RiskSignal]) -> list[int]:
    """A signal about one resident concerns that resident; else the whole household."""
    signals = list(signals)
    subjects = {s.resident_id for s in signals if s.resident_id is not None}
    subjects.update(_household_subjects(s.household_id for s in signals if s.resident_id is None))
    return sorted(subjects)


def _is_owner(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and getattr(user, "role", "") == Role.RESIDENT


# --- permissions (no personal data) -------------------------------------------------------


def may_register(*, user: Any) -> bool:
    """Whether the user may register residents: a case role with a team of their own."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.role not in CASE_CHANGE_ROLES or user.municipality_id is None:
        return False
    return bool(user.team_ids())


def registration_teams(*, user: Any) -> QuerySet[Any]:
    """The teams the user may register a resident in: their own teams in their municipality."""
    from django.apps import apps

    team = apps.get_model("teams", "Team")
    if not may_register(user=user):
        return team.objects.none()
    return team.objects.filter(
        pk__in=user.team_ids(), municipality_id=user.municipality_id
    ).order_by("name")


def has_consent(*, user: Any, household: Household, part: str) -> bool:
    """Whether a resident of ``household`` consents, today, to one of the user's teams or
    organisations, for ``part`` (``ConsentPart``) of the file.

    Used to check who may be invited to a case discussion, and whether the user may raise a
    risk signal. No personal data is read (a yes/no), so nothing is logged.
    """
    if part not in ConsentPart.values:
        raise ValueError(f"unknown part of the file: {part!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.municipality_id != household.municipality_id:
        return False
    return consent_in_force(user, part, household_id=household.pk)


def may_see_resident(*, user: Any, resident: Resident) -> bool:
    """Whether the resident is (still) in the user's scope, e.g. after a consent was withdrawn."""
    return can(user, Action.VIEW, resident)


def may_change_resident(*, user: Any, resident: Resident) -> bool:
    """Whether the user may change the resident's record, consents and risk signals."""
    return can(user, Action.CHANGE, resident)


# --- residents and households -------------------------------------------------------------


def _resident_queryset(user: Any = None) -> QuerySet[Resident]:
    """Residents with what their page needs; limited to ``user``'s scope when given."""
    queryset = Resident.objects.visible_to(user) if user is not None else Resident.objects.all()
    return queryset.select_related(
        "household", "household__team", "neighbourhood", "household__neighbourhood"
    )


def resident_get(
    *,
    user: Any,
    pk: int,
    action: str = Action.VIEW,
    purpose: str = Purpose.SUPPORT,
    request: Any = None,
) -> Resident:
    """One resident in the user's scope for ``action`` (404 outside it, refusal logged);
    the read is logged with ``purpose``."""
    resident: Resident = get_in_scope(_resident_queryset(), user, action, request=request, pk=pk)
    log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        obj=resident,
        request=request,
        subjects=[resident.pk],
    )
    return resident


def household_get(
    *,
    user: Any,
    pk: int,
    action: str = Action.VIEW,
    purpose: str = Purpose.SUPPORT,
    request: Any = None,
) -> Household:
    """One household (case) in the user's scope for ``action`` (404 outside it); the read is
    logged with ``purpose`` and every resident of the household as subject."""
    household: Household = get_in_scope(
        Household.objects.select_related("team", "neighbourhood"),
        user,
        action,
        request=request,
        pk=pk,
    )
    log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        obj=household,
        request=request,
        subjects=_household_subjects([household.pk]),
    )
    return household


def household_residents(*, user: Any, household: Household) -> list[Resident]:
    """The residents of ``household`` the user may see, by name. No log: the caller logs."""
    return compiled.objects(
        ("residents.household_residents", *scope_key(user)),
        lambda household_id: (
            Resident.objects.visible_to(user)
            .filter(household_id=household_id)
            .select_related("neighbourhood")
            .order_by("name", "pk")
        ),
        args={"household_id": household.pk},
    )


def resident_for_account(*, user: Any, request: Any = None) -> Resident | None:
    """The resident record of a resident-role account ("Mijn plan"), or None.

    Logged with ``Purpose.OWN_DATA``.
    """
    if not _is_owner(user):
        return None
    resident = _resident_queryset(user).filter(user_id=user.pk).first()
    if resident is not None:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.OWN_DATA,
            obj=resident,
            request=request,
            subjects=[resident.pk],
        )
    return resident


# --- consents ----------------------------------------------------------------------------


def _consents(*, user: Any, resident: Resident) -> list[Consent]:
    return compiled.objects(
        ("residents.consents", *scope_key(user)),
        lambda resident_id: (
            Consent.objects.visible_to(user)
            .filter(resident_id=resident_id)
            .select_related("team", "organisation")
            .order_by("-valid_from", "-pk")
        ),
        args={"resident_id": resident.pk},
    )


def consents_of(
    *, user: Any, resident: Resident, request: Any = None, purpose: str | None = None
) -> list[Consent]:
    """Every consent of the resident the user may see (active, expired and withdrawn),
    newest first. Logged with ``purpose``: by default ``OWN_DATA`` for the resident
    themselves, ``CONSENT`` for a professional."""
    consents = _consents(user=user, resident=resident)
    if consents:
        log_access(
            user=user,
            action=Event.READ,
            purpose=purpose or (Purpose.OWN_DATA if _is_owner(user) else Purpose.CONSENT),
            objects=consents,
            model=Consent,
            request=request,
            subjects=[resident.pk],
        )
    return consents


def consent_get(
    *, user: Any, resident: Resident, pk: int, action: str = Action.VIEW, request: Any = None
) -> Consent:
    """One consent of ``resident`` in the user's scope for ``action`` (404 outside it).

    Logged with ``Purpose.CONSENT`` (``OWN_DATA`` for the resident themselves).
    """
    consent: Consent = get_in_scope(
        Consent.objects.filter(resident_id=resident.pk).select_related(
            "team", "organisation", "resident"
        ),
        user,
        action,
        request=request,
        pk=pk,
    )
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.OWN_DATA if _is_owner(user) else Purpose.CONSENT,
        obj=consent,
        request=request,
        subjects=[resident.pk],
    )
    return consent


# --- risk signals ------------------------------------------------------------------------


def _signal_queryset(user: Any) -> QuerySet[RiskSignal]:
    return RiskSignal.objects.visible_to(user).select_related("raised_by")


def _name_residents(
    user: Any, signals: list[RiskSignal], *, visible: Iterable[Resident] | None = None
) -> list[RiskSignal]:
    """Set ``about_name`` on each signal: the name of the resident it is about when the user
    may see that resident, else "" (a signal on the whole household, or about a member who
    did not consent to the user). One query, or none when the caller passes the residents
    of the household the user may see (``visible``); resident rows are not read otherwise.
    """
    ids = {s.resident_id for s in signals if s.resident_id is not None}
    if visible is not None:
        names = {r.pk: r.name for r in visible if r.pk in ids}
    elif ids:
        names = dict(Resident.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "name"))
    else:
        names = {}
    for signal in signals:
        known = signal.resident_id is not None and signal.resident_id in names
        signal.about_name = names[signal.resident_id] if known else ""  # type: ignore[index]
        signal.about_other_member = signal.resident_id is not None and not known
    return signals


def risk_signals_of(
    *,
    user: Any,
    household: Household,
    request: Any = None,
    include_resolved: bool = True,
    visible_residents: Iterable[Resident] | None = None,
) -> list[RiskSignal]:
    """The risk signals on ``household`` the user may see (consent to "plan and risk
    signals"): open ones first, most urgent first. Logged with ``Purpose.RISK``.

    Each signal carries ``about_name``: the name of the resident it is about if the user
    may see that resident, else "" (``about_other_member`` tells a signal about a member
    without consent from one on the whole household). Never show ``signal.resident``.
    ``visible_residents``: the residents of the household the user may see, when the caller
    has them already (saves a query).
    """

    def build(household_id: int) -> QuerySet[RiskSignal]:
        queryset = _signal_queryset(user).filter(household_id=household_id)
        if not include_resolved:
            queryset = queryset.filter(resolved_on__isnull=True)
        return queryset

    rows = compiled.objects(
        ("residents.risk_signals_of", include_resolved, *scope_key(user)),
        build,
        args={"household_id": household.pk},
    )
    signals = _name_residents(
        user,
        sorted(rows, key=lambda s: (s.resolved_on is not None, -s.urgency, s.raised_on, s.pk)),
        visible=visible_residents,
    )
    if signals:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.RISK,
            objects=signals,
            model=RiskSignal,
            request=request,
            subjects=_signal_subjects(signals),
        )
    return signals


def risk_signal_get(
    *,
    user: Any,
    household: Household,
    pk: int,
    action: str = Action.VIEW,
    request: Any = None,
) -> RiskSignal:
    """One risk signal on ``household`` in the user's scope (404 outside it); logged
    with ``Purpose.RISK``."""
    signal: RiskSignal = get_in_scope(
        _signal_queryset(user).filter(household_id=household.pk),
        user,
        action,
        request=request,
        pk=pk,
    )
    _name_residents(user, [signal])
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.RISK,
        obj=signal,
        request=request,
        subjects=_signal_subjects([signal]),
    )
    return signal


@dataclass(frozen=True)
class OpenRiskSignal:
    """An open risk signal in the worklist: what it is, how urgent, where it is handled."""

    pk: int
    household_id: int
    resident_id: int | None
    kind: str
    urgency: int
    review_on: dt.date | None

    @property
    def kind_label(self) -> str:
        return str(RiskKind(self.kind).label)


def open_risk_signals(*, user: Any, limit: int = 50, request: Any = None) -> list[OpenRiskSignal]:
    """Open risk signals on open cases in the user's scope, most urgent first, then the
    earliest review date, then the oldest: for the personal worklist.

    One query, compiled once per user and day (``core.compiled``), plus one for the
    residents of signals about a whole household. Logged with ``Purpose.WORKLIST`` and the
    residents concerned. No names: the worklist names the kind of signal only.
    """
    rows = values_rows(
        ("residents.open_risk_signals", limit, *scope_key(user)),
        lambda: (
            RiskSignal.objects.visible_to(user)
            .filter(resolved_on__isnull=True, household__closed_on__isnull=True)
            .order_by("-urgency", F("review_on").asc(nulls_last=True), "raised_on", "pk")
            .values("pk", "household_id", "resident_id", "kind", "urgency", "review_on")[
                : max(0, limit)
            ]
        ),
    )
    signals = [OpenRiskSignal(**row) for row in rows]
    if signals:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.WORKLIST,
            objects=[RiskSignal(pk=s.pk) for s in signals],
            model=RiskSignal,
            request=request,
            subjects=_signal_subjects(signals),  # type: ignore[arg-type]
        )
    return signals


# --- the caseload of a team --------------------------------------------------------------


@dataclass(frozen=True)
class CaseloadRow:
    """One resident in a caseload. Without consent only the name is filled in."""

    pk: int
    name: str
    consented: bool
    birth_year: int | None = None
    household_label: str = ""
    neighbourhood: str = ""
    closed_on: Any = None


@dataclass
class Caseload:
    team: Any
    rows: list[CaseloadRow]
    total: int
    page: Page[Any] | None
    search: str
    include_closed: bool
    shows_unconsented: bool

    @property
    def truncated(self) -> bool:
        """A search shows at most one page of results, without paging links."""
        return self.page is None and self.total > len(self.rows)


def caseload_team_get(*, user: Any, pk: int, request: Any = None) -> Any:
    """A team whose caseload the user may see: one of their own teams (404 otherwise)."""
    from django.apps import apps

    team_model = apps.get_model("teams", "Team")
    queryset = team_model.objects.select_related("municipality")
    if not user.is_superuser:
        queryset = queryset.filter(pk__in=user.team_ids())
    return get_in_scope(queryset, user, Action.VIEW, request=request, pk=pk)


def caseload(
    *,
    user: Any,
    team: Any,
    search: str = "",
    include_closed: bool = False,
    page_number: Any = 1,
    request: Any = None,
) -> Caseload:
    """The residents of ``team`` for the caseload page ("Caseload van het team").

    Residents the user may see (under consent) come with their details and a link. Only if
    the team lead switched on ``Team.caseload_visible_without_consent`` the team's other
    residents are listed too, by name only, marked as without consent: their details are
    never read (the details come from a second query through the permission layer).

    ``search`` (part of a name) looks within that list only and shows at most one page.
    Three queries whatever the size of the caseload; logged with ``Purpose.CASELOAD``.
    """
    search = " ".join((search or "").split())[:100]
    shows_unconsented = bool(team.caseload_visible_without_consent)
    visible = Resident.objects.visible_to(user)
    if shows_unconsented:
        base = Resident.objects.filter(
            household__team_id=team.pk, household__municipality_id=team.municipality_id
        ).annotate(consented=Exists(visible.filter(pk=OuterRef("pk"))))
    else:
        base = visible.filter(household__team_id=team.pk).annotate(
            consented=Value(True, output_field=BooleanField())
        )
    if not include_closed:
        base = base.filter(household__closed_on__isnull=True)
    if search:
        base = base.filter(name__icontains=search)
    names = base.order_by("name", "pk").values("pk", "name", "consented")
    page: Page[Any] | None
    if search:
        found = list(names[: CASELOAD_PAGE_SIZE + 1])
        rows_data = found[:CASELOAD_PAGE_SIZE]
        total = len(found) if len(found) <= CASELOAD_PAGE_SIZE else base.count()
        page = None
    else:
        page = Paginator(names, CASELOAD_PAGE_SIZE).get_page(page_number)
        rows_data = list(page.object_list)
        total = page.paginator.count
    consented_ids = [row["pk"] for row in rows_data if row["consented"]]
    details = (
        {
            resident.pk: resident
            for resident in visible.filter(pk__in=consented_ids).select_related(
                "household", "neighbourhood"
            )
        }
        if consented_ids
        else {}
    )
    rows = []
    for row in rows_data:
        resident = details.get(row["pk"])
        if resident is None:
            rows.append(CaseloadRow(pk=row["pk"], name=row["name"], consented=False))
            continue
        rows.append(
            CaseloadRow(
                pk=resident.pk,
                name=resident.name,
                consented=True,
                birth_year=resident.birth_year,
                household_label=resident.household.label,
                neighbourhood=resident.neighbourhood.name if resident.neighbourhood else "",
                closed_on=resident.household.closed_on,
            )
        )
    if rows:
        log_access(
            user=user,
            action=Event.READ,
            purpose=Purpose.CASELOAD,
            objects=[Resident(pk=row.pk) for row in rows],
            model=Resident,
            request=request,
            subjects=[row.pk for row in rows],
        )
    return Caseload(
        team=team,
        rows=rows,
        total=total,
        page=page,
        search=search,
        include_closed=include_closed,
        shows_unconsented=shows_unconsented,
    )


# --- the resident page and the household page ------------------------------------------


@dataclass
class _CasePage:
    household: Household
    members: list[Resident]
    risk_signals: list[RiskSignal]
    may_change: bool
    may_see_risks: bool

    @property
    def open_risk_signals(self) -> list[RiskSignal]:
        return [s for s in self.risk_signals if s.resolved_on is None]

    @property
    def resolved_risk_signals(self) -> list[RiskSignal]:
        return [s for s in self.risk_signals if s.resolved_on is not None]

    @property
    def has_domestic_violence(self) -> bool:
        """An open signal of domestic violence: the page shows the Meldcode guidance."""
        return any(s.kind == RiskKind.DOMESTIC_VIOLENCE for s in self.open_risk_signals)


@dataclass(kw_only=True)
class ResidentPage(_CasePage):
    """What the resident page shows: the record, the other household members the user may
    see, the household's risk signals and the resident's consents."""

    resident: Resident
    consents: list[Consent]


def resident_page(*, user: Any, pk: int, request: Any = None) -> ResidentPage:
    """Everything of the resident page, in a constant number of queries.

    404 outside the user's scope. Logged as one read with ``Purpose.SUPPORT`` (the record,
    the household members shown and the consents; subjects: those residents) and, when
    risk signals are shown, one with ``Purpose.RISK``. The sections of other apps on the
    page (``components.sections``, page ``"resident"``) log their own reads.
    """
    resident: Resident = get_compiled_in_scope(
        "residents.page",
        lambda: _resident_queryset().annotate(
            may_change=Exists(Resident.objects.changeable_by(user).filter(pk=OuterRef("pk")))
        ),
        user,
        Action.VIEW,
        request=request,
        pk=pk,
    )
    household = resident.household
    members = [m for m in household_residents(user=user, household=household) if m.pk != pk]
    consents = _consents(user=user, resident=resident)
    log_access(
        user=user,
        action=Event.READ,
        purpose=Purpose.SUPPORT,
        obj=resident,
        request=request,
        subjects=[resident.pk, *(m.pk for m in members)],
    )
    may_see_risks = has_consent(user=user, household=household, part=ConsentPart.PLAN)
    signals = (
        risk_signals_of(
            user=user,
            household=household,
            request=request,
            visible_residents=[resident, *members],
        )
        if may_see_risks
        else []
    )
    return ResidentPage(
        resident=resident,
        household=household,
        members=members,
        consents=consents,
        risk_signals=signals,
        may_change=bool(resident.may_change),  # type: ignore[attr-defined]
        may_see_risks=may_see_risks,
    )


class HouseholdPage(_CasePage):
    """What the household (case) page shows: the case, the members the user may see and
    the risk signals."""


def household_page(*, user: Any, pk: int, request: Any = None) -> HouseholdPage:
    """Everything of the household page in a constant number of queries; 404 outside the
    user's scope. Logged by :func:`household_get` (``SUPPORT``, every resident of the
    household) and, when shown, :func:`risk_signals_of` (``RISK``)."""
    household = household_get(user=user, pk=pk, request=request)
    may_see_risks = has_consent(user=user, household=household, part=ConsentPart.PLAN)
    members = household_residents(user=user, household=household)
    return HouseholdPage(
        household=household,
        members=members,
        risk_signals=(
            risk_signals_of(
                user=user, household=household, request=request, visible_residents=members
            )
            if may_see_risks
            else []
        ),
        may_change=can(user, Action.CHANGE, household),
        may_see_risks=may_see_risks,
    )


def may_use_residents(*, user: Any) -> bool:
    """Whether the user's role works with residents' files at all (the professionals' pages)."""
    return may_use(user, Resident)


# --- Data subject rights and retention (used by the rights app) ----------------------------
# Plain data for ``rights.services``, which checks who may ask (the resident themselves, the
# privacy officer for a registered request, the retention task) and writes the access-log
# entry. No log here: the caller logs (purpose DATA_REQUEST or RETENTION).


def resident_for_data_request(*, resident_id: int, municipality_id: int | None) -> Resident | None:
    """The resident with this number in this municipality, or ``None``. No log: the caller
    (rights) checks the role and logs."""
    if municipality_id is None:
        return None
    return (
        Resident.objects.select_related("household")
        .filter(pk=resident_id, household__municipality_id=municipality_id)
        .first()
    )


def household_member_ids(*, household: Household) -> list[int]:
    """Ids of the residents of a household (the data subjects of its shared data)."""
    return sorted(household.residents.values_list("pk", flat=True))


def export_for_resident(*, resident: Resident) -> dict[str, Any]:
    """Everything this app holds about one resident, as plain data (AVG art. 15).

    The household part names the household and its case, not the other members (their data
    is theirs). No log: ``rights.services.access_export_build`` logs the export.
    """
    from django.db.models import Q

    resident = Resident.objects.select_related(
        "neighbourhood", "household__team", "household__municipality", "household__neighbourhood"
    ).get(pk=resident.pk)
    household = resident.household
    consents = (
        Consent.objects.filter(resident=resident)
        .select_related("team", "organisation")
        .order_by("valid_from", "pk")
    )
    signals = (
        RiskSignal.objects.filter(household=household)
        .filter(Q(resident_id=resident.pk) | Q(resident__isnull=True))
        .order_by("raised_on", "pk")
    )
    return {
        "resident": {
            "id": resident.pk,
            "name": resident.name,
            "birth_year": resident.birth_year,
            "neighbourhood": resident.neighbourhood.name if resident.neighbourhood else "",
            "address": resident.address,
            "phone": resident.phone,
            "email": resident.email,
            "bsn": resident.bsn,
            "has_account": resident.user_id is not None,
            "created_at": resident.created_at,
            "updated_at": resident.updated_at,
        },
        "household": {
            "id": household.pk,
            "label": household.label,
            "municipality": household.municipality.name,
            "team": household.team.name,
            "neighbourhood": household.neighbourhood.name if household.neighbourhood else "",
            "opened_on": household.opened_on,
            "closed_on": household.closed_on,
            "number_of_members": household.residents.count(),
        },
        "consents": [
            {
                "id": c.pk,
                "given_to_team": c.team.name if c.team else "",
                "given_to_organisation": c.organisation.name if c.organisation else "",
                "covers": [
                    str(label)
                    for part, label in ConsentPart.choices
                    if getattr(c, f"covers_{part}")
                ],
                "purpose": str(c.get_purpose_display()),
                "form": str(c.get_form_display()),
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
                "withdrawn_at": c.withdrawn_at,
                "recorded_at": c.recorded_at,
            }
            for c in consents
        ],
        "risk_signals": [
            {
                "id": s.pk,
                "kind": s.kind,
                "kind_label": str(s.get_kind_display()),
                "about": "resident" if s.resident_id else "household",
                "urgency": str(s.get_urgency_display()),
                "description": s.description,
                "meldcode_step": str(s.get_meldcode_step_display()) if s.meldcode_step else "",
                "raised_on": s.raised_on,
                "review_on": s.review_on,
                "resolved_on": s.resolved_on,
            }
            for s in signals
        ],
    }


def households_closed_before(
    *,
    closed_before: Any,
    municipality_codes: Iterable[str] | None = None,
    exclude_codes: Iterable[str] = (),
) -> list[dict[str, Any]]:
    """Closed households past a date, for the retention purge: ids only.

    ``municipality_codes``: only these municipalities (CBS codes); ``exclude_codes``: not
    these (they have their own period). Each row: ``id``, ``municipality_id``,
    ``closed_on`` and the ``resident_ids``. No log: the purge logs what it deleted.
    """
    qs = Household.objects.filter(closed_on__isnull=False, closed_on__lt=closed_before)
    if municipality_codes is not None:
        qs = qs.filter(municipality__code__in=list(municipality_codes))
    excluded = list(exclude_codes)
    if excluded:
        qs = qs.exclude(municipality__code__in=excluded)
    rows: dict[int, dict[str, Any]] = {
        pk: {"id": pk, "municipality_id": gm, "closed_on": closed_on, "resident_ids": []}
        for pk, gm, closed_on in qs.order_by("pk").values_list("pk", "municipality_id", "closed_on")
    }
    for household_id, resident_id in Resident.objects.filter(
        household_id__in=list(rows)
    ).values_list("household_id", "pk"):
        rows[household_id]["resident_ids"].append(resident_id)
    return list(rows.values())

"""Writes of residents, households, consents and risk signals.

Rules (with the message the user sees):

* a resident is registered together with their household and a consent, or not at all;
  the registering professional must be able to see the resident with that consent (to
  their team or their organisation, in force today): no data without consent;
* the BSN is optional, passes the 11-proef and is registered once; it is never echoed in a
  message, a log line or a URL;
* a consent names a team and/or an organisation of the resident's municipality, always
  covers the personalia, has a purpose and a form, and does not end before it starts or in
  the past; withdrawing it ends access at once (the permission layer checks every query);
* a resident grants and withdraws their own consents in "Mijn plan" (form: digital);
* a risk signal needs consent for "plan and risk signals"; Meldcode steps belong to
  domestic violence only; a resolved signal is not changed any more;
* a case is closed on a date between its opening and today, after its risk signals are
  resolved.

Every function checks permission itself (404 outside the user's scope), validates fully
before saving, runs in one transaction (a refusal or a failure leaves nothing half-saved)
and logs the write with its purpose and the residents concerned.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import (
    VEILIG_THUIS_PHONE,
    ConsentForm,
    ConsentPart,
    ConsentPurpose,
    MeldcodeStep,
    RiskKind,
    Urgency,
)
from .models import Consent, Household, Resident, RiskSignal
from .selectors import _household_subjects, has_consent, may_register
from .validators import validate_bsn

_PHONE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,28}$")


@dataclass
class ConsentInput:
    """What a resident consents to: to whom (a team and/or an organisation), which parts
    of the file (``ConsentPart`` values; the personalia are always included), for what
    purpose, how it was given and from when until when (``valid_from`` defaults to today,
    ``valid_until`` None means until withdrawn)."""

    team: Any = None
    organisation: Any = None
    parts: set[str] = field(default_factory=set)
    purpose: str = ConsentPurpose.SUPPORT
    form: str = ConsentForm.VERBAL
    valid_from: date | None = None
    valid_until: date | None = None


# --- helpers -----------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _is_owner_of(user: Any, resident: Resident) -> bool:
    """The resident themselves, logged in to "Mijn plan"."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.RESIDENT
        and resident.user_id is not None
        and resident.user_id == user.pk
    )


def _clean_bsn(bsn: str) -> str:
    """Digits only (spaces and dots removed); validated with the 11-proef; "" for none."""
    value = re.sub(r"[\s.]", "", bsn or "")
    if not value:
        return ""
    from django.core.exceptions import ValidationError

    try:
        validate_bsn(value)
    except ValidationError as error:
        raise ApplicationError(error.messages[0], field="bsn") from None
    return value


def _check_bsn_unique(bsn: str, *, pk: int | None) -> None:
    if not bsn:
        return
    others = Resident.objects.filter(bsn=bsn)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        # Never echo the number, nor say whose it is.
        raise ApplicationError(
            _(
                "A resident with this BSN is already registered. Check the number, or look "
                "the resident up in the caseload of your team."
            ),
            field="bsn",
        )


def _save_resident(resident: Resident) -> None:
    """Save, turning a BSN that was registered in the meantime into a clear refusal."""
    try:
        with transaction.atomic():
            resident.save()
    except IntegrityError:
        raise ApplicationError(
            _(
                "A resident with this BSN is already registered. Check the number, or look "
                "the resident up in the caseload of your team."
            ),
            field="bsn",
        ) from None


def _check_personalia(
    *,
    municipality_id: int,
    name: str,
    birth_year: int | None,
    neighbourhood: Any,
    phone: str,
    email: str,
    address: str,
) -> dict[str, Any]:
    name = " ".join((name or "").split())
    if not name:
        raise ApplicationError(_("Give the resident's name."), field="name")
    if birth_year is not None and not 1900 <= int(birth_year) <= _today().year:
        raise ApplicationError(
            _("The year of birth must be between 1900 and this year."), field="birth_year"
        )
    if neighbourhood is not None and neighbourhood.district.municipality_id != municipality_id:
        raise ApplicationError(
            _("Choose a neighbourhood of the team's municipality."), field="neighbourhood"
        )
    phone = " ".join((phone or "").split())
    if phone and not _PHONE.match(phone):
        raise ApplicationError(
            _("A phone number has digits only, optionally with +, spaces or dashes."),
            field="phone",
        )
    return {
        "name": name,
        "birth_year": birth_year,
        "neighbourhood": neighbourhood,
        "phone": phone,
        "email": (email or "").strip(),
        "address": " ".join((address or "").split()),
    }


def _build_consent(
    *,
    user: Any,
    resident: Resident,
    consent: ConsentInput,
    owner: bool,
    must_start_today: bool = False,
) -> Consent:
    """A validated, unsaved consent of ``resident`` (see the rules in the module docstring)."""
    household = resident.household
    if consent.team is None and consent.organisation is None:
        raise ApplicationError(
            _("Say to whom the resident gives consent: the team, an organisation, or both."),
            field="consent_team",
        )
    if consent.team is not None and consent.team.municipality_id != household.municipality_id:
        raise ApplicationError(
            _("The team must work in the resident's municipality."), field="consent_team"
        )
    if (
        consent.organisation is not None
        and consent.organisation.municipality_id != household.municipality_id
    ):
        raise ApplicationError(
            _("The organisation must work in the resident's municipality."),
            field="consent_organisation",
        )
    parts = set(consent.parts or ())
    unknown = parts - set(ConsentPart.values)
    if unknown:
        raise ApplicationError(
            _("Choose the parts of the file from the list."), field="consent_parts"
        )
    parts.add(ConsentPart.PERSONALIA)
    if consent.purpose not in ConsentPurpose.values:
        raise ApplicationError(_("Choose the purpose of the consent."), field="consent_purpose")
    form = consent.form
    if owner:
        form = ConsentForm.DIGITAL
    elif form not in ConsentForm.values:
        raise ApplicationError(_("Say how the consent was given."), field="consent_form")
    elif form == ConsentForm.DIGITAL:
        raise ApplicationError(
            _("Digital consent is given by the resident in Mijn plan: choose verbal or written."),
            field="consent_form",
        )
    today = _today()
    valid_from = consent.valid_from or today
    if must_start_today and valid_from > today:
        raise ApplicationError(
            _("To register a resident the consent must be in force today."),
            field="consent_valid_from",
        )
    if consent.valid_until is not None:
        if consent.valid_until < valid_from:
            raise ApplicationError(
                _("The consent cannot end before it starts."), field="consent_valid_until"
            )
        if consent.valid_until < today:
            raise ApplicationError(
                _("The end date is in the past: the consent would not be in force at all."),
                field="consent_valid_until",
            )
    record = Consent(
        resident=resident,
        household=household,
        team=consent.team,
        organisation=consent.organisation,
        purpose=consent.purpose,
        form=form,
        valid_from=valid_from,
        valid_until=consent.valid_until,
        recorded_by=user,
        **{f"covers_{part}": part in parts for part in ConsentPart.values},
    )
    _full_clean(record)
    return record


# --- residents and households ------------------------------------------------------------


@transaction.atomic
def resident_register(
    *,
    user: Any,
    team: Any,
    household: Household | None = None,
    household_label: str = "",
    name: str,
    birth_year: int | None = None,
    neighbourhood: Any = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    bsn: str = "",
    consent: ConsentInput,
    request: Any = None,
) -> Resident:
    """Register a resident in a new or existing household of ``team``, with their consent.

    All or nothing: the household, the resident and the consent are saved together. The
    registering professional must be able to see the resident afterwards (consent to their
    team or organisation, in force today), otherwise nothing is saved.
    """
    if not may_register(user=user):
        raise PermissionDenied
    if (
        team is None
        or team.pk not in user.team_ids()
        or team.municipality_id != user.municipality_id
    ):
        raise Http404
    if household is not None:
        _require(user, Action.CHANGE, household)
        household = Household.objects.select_for_update().get(pk=household.pk)
        if household.team_id != team.pk:
            raise ApplicationError(_("The household belongs to another team."), field="team")
        if household.closed_on is not None:
            raise ApplicationError(
                _(
                    "The case of this household is closed: register the resident in a new "
                    "household."
                ),
                field="household",
            )
    else:
        household_label = " ".join((household_label or "").split())
        if not household_label:
            raise ApplicationError(
                _("Give the household a name, e.g. 'Familie De Vries'."), field="household_label"
            )
    data = _check_personalia(
        municipality_id=team.municipality_id,
        name=name,
        birth_year=birth_year,
        neighbourhood=neighbourhood,
        phone=phone,
        email=email,
        address=address,
    )
    bsn = _clean_bsn(bsn)
    _check_bsn_unique(bsn, pk=None)
    new_household = household is None
    if household is None:
        household = Household(
            municipality_id=team.municipality_id,
            team=team,
            label=household_label,
            neighbourhood=data["neighbourhood"],
            opened_on=_today(),
        )
        _full_clean(household)
        household.save()
    resident = Resident(household=household, bsn=bsn, **data)
    _full_clean(resident, exclude=["bsn"])  # checked above, without echoing the number
    _save_resident(resident)
    record = _build_consent(
        user=user, resident=resident, consent=consent, owner=False, must_start_today=True
    )
    record.save()
    if not can(user, Action.VIEW, resident):
        raise ApplicationError(
            _(
                "With this consent you could not see the resident's data yourself: record "
                "consent to your team or to your organisation."
            ),
            field="consent_team",
        )
    if new_household:
        log_access(
            user=user,
            action=Event.CREATE,
            purpose=Purpose.SUPPORT,
            obj=household,
            request=request,
            subjects=[resident.pk],
        )
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.SUPPORT,
        obj=resident,
        request=request,
        subjects=[resident.pk],
    )
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CONSENT,
        obj=record,
        request=request,
        subjects=[resident.pk],
    )
    return resident


@transaction.atomic
def resident_update(
    *,
    user: Any,
    resident: Resident,
    name: str,
    birth_year: int | None = None,
    neighbourhood: Any = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    bsn: str | None = None,
    request: Any = None,
) -> Resident:
    """Change a resident's personalia. ``bsn``: None keeps it, "" removes it, a number
    replaces it (11-proef, registered once)."""
    _require(user, Action.CHANGE, resident)
    resident = Resident.objects.select_for_update().select_related("household").get(pk=resident.pk)
    data = _check_personalia(
        municipality_id=resident.household.municipality_id,
        name=name,
        birth_year=birth_year,
        neighbourhood=neighbourhood,
        phone=phone,
        email=email,
        address=address,
    )
    if bsn is not None:
        cleaned = _clean_bsn(bsn)
        _check_bsn_unique(cleaned, pk=resident.pk)
        resident.bsn = cleaned
    for key, value in data.items():
        setattr(resident, key, value)
    _full_clean(resident, exclude=["bsn"])
    _save_resident(resident)
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.SUPPORT,
        obj=resident,
        request=request,
        subjects=[resident.pk],
    )
    return resident


@transaction.atomic
def household_close(
    *, user: Any, household: Household, closed_on: date, request: Any = None
) -> Household:
    """Close a household's case on ``closed_on``; the retention period starts then."""
    _require(user, Action.CHANGE, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    if household.closed_on is not None:
        raise ApplicationError(_("This case is already closed."), field="closed_on")
    if closed_on is None:
        raise ApplicationError(_("Give the date the case was closed."), field="closed_on")
    if closed_on > _today():
        raise ApplicationError(_("A case cannot be closed in the future."), field="closed_on")
    if closed_on < household.opened_on:
        raise ApplicationError(
            _("A case cannot be closed before it was opened."), field="closed_on"
        )
    if RiskSignal.objects.filter(household_id=household.pk, resolved_on__isnull=True).exists():
        raise ApplicationError(
            _("This case still has open risk signals: resolve them before closing the case."),
            field="closed_on",
        )
    household.closed_on = closed_on
    _full_clean(household)
    household.save(update_fields=["closed_on", "updated_at"])
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.SUPPORT,
        obj=household,
        request=request,
        subjects=_household_subjects([household.pk]),
    )
    return household


# --- consents ----------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *, user: Any, resident: Resident, consent: ConsentInput, request: Any = None
) -> Consent:
    """Record a consent of ``resident``: by a professional who may change the resident's
    record, or by the resident themselves in "Mijn plan" (then the form is digital)."""
    owner = _is_owner_of(user, resident)
    if owner:
        _require(user, Action.VIEW, resident)
    else:
        _require(user, Action.CHANGE, resident)
    resident = Resident.objects.select_related("household").get(pk=resident.pk)
    record = _build_consent(user=user, resident=resident, consent=consent, owner=owner)
    record.save()
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.CONSENT,
        obj=record,
        request=request,
        subjects=[resident.pk],
    )
    return record


@transaction.atomic
def consent_withdraw(*, user: Any, consent: Consent, request: Any = None) -> Consent:
    """Withdraw a consent, by a professional or by the resident themselves. Access based
    on it ends at once."""
    _require(user, Action.CHANGE, consent)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_at is not None:
        raise ApplicationError(_("This consent has already been withdrawn."))
    consent.withdrawn_at = timezone.now()
    consent.withdrawn_by = user
    consent.save(update_fields=["withdrawn_at", "withdrawn_by"])
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.CONSENT,
        obj=consent,
        request=request,
        subjects=[consent.resident_id],
    )
    return consent


# --- risk signals ------------------------------------------------------------------------


def _check_signal(
    *, kind: str, urgency: int, description: str, meldcode_step: int | None
) -> tuple[str, int | None]:
    if kind not in RiskKind.values:
        raise ApplicationError(_("Choose the kind of risk."), field="kind")
    if urgency not in Urgency.values:
        raise ApplicationError(_("Choose the urgency."), field="urgency")
    description = (description or "").strip()
    if not description:
        raise ApplicationError(_("Describe what was observed."), field="description")
    if kind == RiskKind.DOMESTIC_VIOLENCE:
        if meldcode_step is None:
            meldcode_step = MeldcodeStep.MAP_SIGNALS
        elif meldcode_step not in MeldcodeStep.values:
            raise ApplicationError(_("Choose a step of the Meldcode."), field="meldcode_step")
    elif meldcode_step is not None:
        raise ApplicationError(
            _("Meldcode steps apply to domestic violence and child abuse only."),
            field="meldcode_step",
        )
    return description, meldcode_step


def _signal_subjects(signal: RiskSignal) -> list[int]:
    if signal.resident_id is not None:
        return [signal.resident_id]
    return _household_subjects([signal.household_id])


@transaction.atomic
def risk_signal_raise(
    *,
    user: Any,
    household: Household,
    kind: str,
    description: str,
    urgency: int = Urgency.MEDIUM,
    resident: Resident | None = None,
    review_on: date | None = None,
    meldcode_step: int | None = None,
    request: Any = None,
) -> RiskSignal:
    """Raise a risk signal on a case (the household, optionally about one resident).

    Needs the household's consent for "plan and risk signals" to one of the user's teams
    or organisations. Domestic violence starts at Meldcode step 1 unless a step is given.
    """
    _require(user, Action.CHANGE, household)
    if not has_consent(user=user, household=household, part=ConsentPart.PLAN):
        raise ApplicationError(
            _(
                "Without consent for 'plan and risk signals' a risk signal cannot be recorded "
                "here. In case of domestic violence or child abuse follow the Meldcode and "
                "call Veilig Thuis (%(phone)s) for advice."
            )
            % {"phone": VEILIG_THUIS_PHONE}
        )
    if resident is not None:
        _require(user, Action.VIEW, resident)
        if resident.household_id != household.pk:
            raise ApplicationError(
                _("The resident is not a member of this household."), field="resident"
            )
    description, meldcode_step = _check_signal(
        kind=kind, urgency=urgency, description=description, meldcode_step=meldcode_step
    )
    today = _today()
    if review_on is not None and review_on < today:
        raise ApplicationError(_("The review date cannot be in the past."), field="review_on")
    signal = RiskSignal(
        household=household,
        resident=resident,
        kind=kind,
        urgency=urgency,
        description=description,
        meldcode_step=meldcode_step,
        raised_by=user,
        raised_on=today,
        review_on=review_on,
    )
    _full_clean(signal)
    signal.save()
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.RISK,
        obj=signal,
        request=request,
        subjects=_signal_subjects(signal),
    )
    return signal


@transaction.atomic
def risk_signal_update(
    *,
    user: Any,
    signal: RiskSignal,
    urgency: int,
    description: str,
    review_on: date | None = None,
    meldcode_step: int | None = None,
    request: Any = None,
) -> RiskSignal:
    """Change an open risk signal: urgency, description, review date, Meldcode step."""
    _require(user, Action.CHANGE, signal)
    signal = RiskSignal.objects.select_for_update().get(pk=signal.pk)
    if signal.resolved_on is not None:
        raise ApplicationError(_("This risk signal has been resolved and cannot be changed."))
    description, meldcode_step = _check_signal(
        kind=signal.kind, urgency=urgency, description=description, meldcode_step=meldcode_step
    )
    if review_on is not None and review_on < signal.raised_on:
        raise ApplicationError(
            _("The review date cannot be before the signal was raised."), field="review_on"
        )
    signal.urgency = urgency
    signal.description = description
    signal.review_on = review_on
    signal.meldcode_step = meldcode_step
    # The account that raised it may have been removed since (SET_NULL).
    _full_clean(signal, exclude=["raised_by"])
    signal.save()
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.RISK,
        obj=signal,
        request=request,
        subjects=_signal_subjects(signal),
    )
    return signal


@transaction.atomic
def risk_signal_resolve(
    *, user: Any, signal: RiskSignal, resolved_on: date | None = None, request: Any = None
) -> RiskSignal:
    """Mark a risk signal resolved (today unless ``resolved_on`` is given)."""
    _require(user, Action.CHANGE, signal)
    signal = RiskSignal.objects.select_for_update().get(pk=signal.pk)
    if signal.resolved_on is not None:
        raise ApplicationError(_("This risk signal has already been resolved."))
    resolved_on = resolved_on or _today()
    if resolved_on > _today():
        raise ApplicationError(_("A risk signal cannot be resolved in the future."))
    if resolved_on < signal.raised_on:
        raise ApplicationError(_("A risk signal cannot be resolved before it was raised."))
    signal.resolved_on = resolved_on
    signal.save(update_fields=["resolved_on"])
    log_access(
        user=user,
        action=Event.UPDATE,
        purpose=Purpose.RISK,
        obj=signal,
        request=request,
        subjects=_signal_subjects(signal),
    )
    return signal


# --- Data subject rights and retention (used by the rights app) ----------------------------
# Deletions on behalf of ``rights.services``, which checks the privacy officer's role and the
# legal grounds first and writes the access-log entry (DATA_REQUEST or RETENTION): these
# functions neither check permission nor log.


def _resident_account_remove(user_id: int | None) -> bool:
    """Delete the "Mijn plan" account of an erased resident (deactivate it if it cannot go)."""
    from django.contrib.auth import get_user_model
    from django.db.models import ProtectedError

    if user_id is None:
        return False
    account = get_user_model()._default_manager.filter(pk=user_id, role=Role.RESIDENT).first()
    if account is None:
        return False
    try:
        with transaction.atomic():
            account.delete()
    except ProtectedError:
        account.is_active = False
        account.email = ""
        account.first_name = account.last_name = ""
        account.set_unusable_password()
        account.save()
    return True


@transaction.atomic
def resident_delete_for_erasure(*, resident: Resident) -> dict[str, Any]:
    """Erase one resident (AVG art. 17) with everything about them, and the household when
    no one is left in it. Returns counts per kind of row, and whether the household went.
    The caller (``rights.services.resident_erase``) checks and logs."""
    household_id = resident.household_id
    account_id = resident.user_id
    _total, counts = Resident.objects.filter(pk=resident.pk).delete()
    household_deleted = False
    if not Resident.objects.filter(household_id=household_id).exists():
        _total, more = Household.objects.filter(pk=household_id).delete()
        for label, n in more.items():
            counts[label] = counts.get(label, 0) + n
        household_deleted = True
    account_removed = _resident_account_remove(account_id)
    return {
        "counts": {label: n for label, n in counts.items() if n},
        "household_deleted": household_deleted,
        "household_id": household_id,
        "account_removed": account_removed,
    }


@transaction.atomic
def households_purge(*, household_ids: list[int]) -> dict[str, int]:
    """Delete households past their retention period, with everything about them (residents,
    consents, risk signals, conversations, assessments, plans, case discussions) and the
    "Mijn plan" accounts of their residents. Returns counts per kind of row. The caller
    (``rights.services.closed_cases_purge``) decides which households are due and logs."""
    if not household_ids:
        return {}
    account_ids = list(
        Resident.objects.filter(household_id__in=household_ids, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    _total, counts = Household.objects.filter(pk__in=household_ids).delete()
    removed = sum(1 for pk in account_ids if _resident_account_remove(pk))
    result = {label: n for label, n in counts.items() if n}
    if removed:
        result["accounts.User"] = removed
    return result


# --- import from other systems ---------------------------------------------------------

from django.utils.translation import gettext_noop  # noqa: E402

# Bulk imports of files exported by other registration systems (called by the imports app
# with parsed rows). Every row is validated in Python with the rules above; existing rows
# are found by (team, source system, external id) in a few queries per chunk; nothing is
# written when any row has an error (see ``core.bulk``).


def _import_may_register(*, user: Any, team: Any) -> None:
    """403 for a role that does not register residents, 404 for a team not the user's."""
    if not may_register(user=user):
        raise PermissionDenied
    if (
        team is None
        or team.pk not in user.team_ids()
        or team.municipality_id != user.municipality_id
    ):
        raise Http404


def import_team_check(*, user: Any, team: Any, model: Any) -> None:
    """An import of case data of ``model`` into ``team``: 403 for a role that does not change
    such data, 404 for a team that is not one of the user's own."""
    from wijkkompas.accounts.access import may_use

    if not may_use(user, model, Action.CHANGE):
        raise PermissionDenied
    if (
        team is None
        or team.pk not in user.team_ids()
        or team.municipality_id != user.municipality_id
    ):
        raise Http404


def residents_for_import(
    *, user: Any, team: Any, source_system: str, external_ids: Any, part: str
) -> dict[str, tuple[int, int, bool]]:
    """The team's residents imported from ``source_system`` with these external ids:
    ``{external id: (resident id, household id, allowed)}``; ``allowed``: the user may change
    the resident and the resident consents to ``part`` of the file for the user. Three
    queries per 2,000 ids; reads no personal data (ids only)."""
    from wijkkompas.accounts.access import active_consents, organisation_ids, restrict
    from wijkkompas.core.bulk import chunks

    found: dict[str, tuple[int, int, bool]] = {}
    for part_ids in chunks(sorted(set(external_ids))):
        rows = list(
            Resident.objects.filter(
                household__team_id=team.pk, source_system=source_system, external_id__in=part_ids
            ).values_list("external_id", "pk", "household_id")
        )
        pks = [pk for _e, pk, _h in rows]
        changeable = set(
            restrict(Resident.objects.filter(pk__in=pks), user, Action.CHANGE).values_list(
                "pk", flat=True
            )
        )
        consenting = set(
            active_consents(
                part=part, team_ids=user.team_ids(), organisation_ids=organisation_ids(user)
            )
            .filter(resident_id__in=pks)
            .values_list("resident_id", flat=True)
        )
        for external_id, pk, household_id in rows:
            found[external_id] = (pk, household_id, pk in changeable and pk in consenting)
    return found


#: Refusal of a row that names a resident not imported (from that system, in the team).
NO_RESIDENT_FOR_IMPORT = gettext_noop(
    "No resident with this id from this system in the team: import the residents first."
)

_IMPORT_RESIDENT_FIELDS = ("name", "birth_year", "neighbourhood", "phone", "email", "address")


def _import_consent(row: dict[str, Any], *, team: Any, today: date) -> dict[str, Any]:
    """The consent of a new resident to ``team`` from the row (the rules of
    :func:`_build_consent` for a registration: in force today, verbal or written)."""
    parts: set[str] = {ConsentPart.PERSONALIA}
    for part in OPTIONAL_IMPORT_PARTS:
        if row.get(f"consent_{part}"):
            parts.add(part)
    purpose = row.get("consent_purpose") or ConsentPurpose.SUPPORT
    if purpose not in ConsentPurpose.values:
        raise ApplicationError(_("Choose the purpose of the consent."), field="consent_purpose")
    form = row.get("consent_form") or ConsentForm.VERBAL
    if form not in (ConsentForm.VERBAL, ConsentForm.WRITTEN):
        raise ApplicationError(
            _("Digital consent is given by the resident in Mijn plan: choose verbal or written."),
            field="consent_form",
        )
    valid_from = row.get("consent_valid_from") or today
    if valid_from > today:
        raise ApplicationError(
            _("To register a resident the consent must be in force today."),
            field="consent_valid_from",
        )
    valid_until = row.get("consent_valid_until")
    if valid_until is not None and valid_until < today:
        raise ApplicationError(
            _("The end date is in the past: the consent would not be in force at all."),
            field="consent_valid_until",
        )
    return {
        "team": team,
        "purpose": purpose,
        "form": form,
        "valid_from": valid_from,
        "valid_until": valid_until,
        **{f"covers_{part}": part in parts for part in ConsentPart.values},
    }


OPTIONAL_IMPORT_PARTS = ("conversations", "assessments", "plan", "case_discussion")


def residents_import(
    *,
    user: Any,
    team: Any,
    source_system: str,
    rows: list[tuple[int, dict[str, Any]]],
    write: bool,
    progress: Any = None,
    request: Any = None,
) -> list[Any]:
    """Import residents of ``team`` from another system (``rows``: row number and parsed
    values; see the imports app for the columns). A new external id registers the resident
    in a new household (rows with the same ``household`` label share one) with a consent to
    the team from the consent columns; a known one updates the personalia (the consent is
    kept as it is). Returns one ``core.bulk.RowResult`` per row; writes (``write``) only
    when no row has an error, all in one transaction, logged as an exchange."""
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    from wijkkompas.accounts.access import restrict
    from wijkkompas.core import bulk

    _import_may_register(user=user, team=team)
    results, first_row = bulk.start(rows)
    existing: dict[str, Resident] = {}
    changeable: set[int] = set()
    taken: dict[str, int] = {}
    bsns = sorted({_bsn_digits(row.get("bsn")) for _n, row in rows} - {""})
    for part in bulk.chunks(sorted(first_row)):
        found = list(
            Resident.objects.filter(
                household__team_id=team.pk, source_system=source_system, external_id__in=part
            )
        )
        existing.update((r.external_id, r) for r in found)
        changeable.update(
            restrict(
                Resident.objects.filter(pk__in=[r.pk for r in found]), user, Action.CHANGE
            ).values_list("pk", flat=True)
        )
    for part in bulk.chunks(bsns):
        taken.update(Resident.objects.filter(bsn__in=part).values_list("bsn", "pk"))
    today = _today()
    bsn_rows: dict[str, int] = {}
    households: dict[str, Household] = {}
    new: list[tuple[Resident, dict[str, Any]]] = []
    changed: list[Resident] = []
    for result, (number, row) in zip(results, rows, strict=True):
        if result.status == bulk.ERROR:
            continue
        try:
            personalia: dict[str, Any] = {name: row.get(name) for name in _IMPORT_RESIDENT_FIELDS}
            data = _check_personalia(municipality_id=team.municipality_id, **personalia)
        except ApplicationError as error:
            result.refused(error, "name")
            continue
        if data["email"]:
            try:
                validate_email(data["email"])
            except ValidationError:
                result.fail("email", _("Enter a valid email address."))
        for name in bulk.too_long(Resident, data):
            result.fail(name, _("This text is too long."))
        try:
            bsn = _clean_bsn(row.get("bsn") or "")
        except ApplicationError as error:
            result.refused(error, "bsn")
            continue
        resident = existing.get(row["external_id"])
        if bsn:
            owner = taken.get(bsn)
            if owner is not None and (resident is None or owner != resident.pk):
                result.fail("bsn", _("A resident with this BSN is already registered."))
            elif bsn in bsn_rows:
                result.fail(
                    "bsn",
                    _("This BSN is in the file twice (first on row %(row)s).")
                    % {"row": bsn_rows[bsn]},
                )
            bsn_rows.setdefault(bsn, number)
        if result.status == bulk.ERROR:
            continue
        values = {**data, "bsn": bsn}
        if resident is None:
            try:
                consent = _import_consent(row, team=team, today=today)
            except ApplicationError as error:
                result.refused(error, "consent_valid_from")
                continue
            label = " ".join((row.get("household") or "").split()) or data["name"]
            household = households.get(label)
            if household is None:
                household = households[label] = Household(
                    municipality_id=team.municipality_id,
                    team=team,
                    label=label[:150],
                    neighbourhood=data["neighbourhood"],
                    opened_on=today,
                )
            resident = Resident(
                household=household,
                external_id=row["external_id"],
                source_system=source_system,
                **values,
            )
            new.append((resident, consent))
        elif resident.pk not in changeable:
            result.fail(
                "external_id",
                _(
                    "You may not change this resident: the resident does not consent to your "
                    "team, or belongs to a closed case."
                ),
            )
        elif bulk.differs(resident, values):
            result.status = bulk.CHANGED
            changed.append(resident)
        else:
            result.status = bulk.UNCHANGED
    if not write or any(r.status == bulk.ERROR for r in results):
        return results
    _residents_import_write(
        user=user,
        households=list(households.values()),
        new=new,
        changed=changed,
        progress=progress,
        request=request,
    )
    return results


def _bsn_digits(value: Any) -> str:
    return re.sub(r"[\s.]", "", value or "")


@transaction.atomic
def _residents_import_write(
    *,
    user: Any,
    households: list[Household],
    new: list[tuple[Resident, dict[str, Any]]],
    changed: list[Resident],
    progress: Any,
    request: Any,
) -> None:
    from wijkkompas.core import bulk

    now = timezone.now()
    for part in bulk.chunks(households):
        Household.objects.bulk_create(part)
    for resident, _consent in new:
        resident.household_id = resident.household.pk
    for resident in changed:
        resident.updated_at = now
    try:
        with transaction.atomic():
            bulk.write(
                Resident,
                new=[resident for resident, _consent in new],
                changed=changed,
                fields=[*_IMPORT_RESIDENT_FIELDS, "bsn", "updated_at"],
                progress=progress,
            )
    except IntegrityError:
        raise ApplicationError(
            _("A resident with this BSN is already registered."), field="bsn"
        ) from None
    consents = [
        Consent(resident=resident, household_id=resident.household_id, recorded_by=user, **values)
        for resident, values in new
    ]
    for consent_batch in bulk.chunks(consents):
        Consent.objects.bulk_create(consent_batch)
    if new:
        log_access(
            user=user,
            action=Event.CREATE,
            purpose=Purpose.EXCHANGE,
            object_type=Resident._meta.label,
            request=request,
            subjects=[resident.pk for resident, _consent in new],
            count=len(new),
        )
    if changed:
        log_access(
            user=user,
            action=Event.UPDATE,
            purpose=Purpose.EXCHANGE,
            object_type=Resident._meta.label,
            request=request,
            subjects=[resident.pk for resident in changed],
            count=len(changed),
        )

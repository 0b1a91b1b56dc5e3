"""Reads of "Mijn plan": the resident's own data, through the selectors of the apps that
own it (each logs the read with ``Purpose.OWN_DATA`` and the resident as subject).

:func:`current_resident` is the one place where an authenticated account becomes a
resident. Today the account logs in with a password and a second factor and is linked to
its ``Resident`` by ``Resident.user``; with DigiD (docs/operators/digid.md) only the
function behind it (``residents.selectors.resident_for_account``) changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Purpose
from wijkkompas.instruments import selectors as instruments_selectors
from wijkkompas.organisations.selectors import organisations_of
from wijkkompas.plans import selectors as plans_selectors
from wijkkompas.residents import selectors as residents_selectors
from wijkkompas.residents.constants import ConsentPart

#: The only role that uses the pages of "Mijn plan".
PORTAL_ROLES = frozenset({Role.RESIDENT})


def is_portal_user(*, user: Any) -> bool:
    """Whether the account may use "Mijn plan" at all (the resident role; nobody else)."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "role", "") in PORTAL_ROLES
    )


def current_resident(*, user: Any, request: Any = None) -> Any:
    """The resident the logged-in account is, or None when no record is linked.

    The one function that maps an account to a resident (swap it for DigiD). The read is
    logged by ``resident_for_account`` (``OWN_DATA``).
    """
    if not is_portal_user(user=user):
        return None
    return residents_selectors.resident_for_account(user=user, request=request)


def my_plan(*, user: Any, request: Any = None) -> Any:
    """The active plan of the resident's household with goals, actions, appointments and
    comments, or None (logged by the plans app)."""
    return plans_selectors.plan_for_resident(user=user, request=request)


def my_consents(*, user: Any, resident: Any, request: Any = None) -> list[Any]:
    """Every consent of the resident: in force, ended and withdrawn (logged)."""
    return residents_selectors.consents_of(user=user, resident=resident, request=request)


def my_consent_for_withdrawal(*, user: Any, resident: Any, pk: int, request: Any = None) -> Any:
    """One consent of the resident that they may withdraw; 404 for any other id (another
    household's consent, or one that does not exist), so nothing is revealed."""
    return residents_selectors.consent_get(
        user=user, resident=resident, pk=pk, action=Action.CHANGE, request=request
    )


@dataclass(frozen=True)
class Recipient:
    """Someone the resident can give consent to: their team or an organisation in it."""

    key: str  # "team-<id>" or "organisation-<id>"; only used inside the form
    label: str
    team: Any = None
    organisation: Any = None


def consent_recipients(*, resident: Any) -> list[Recipient]:
    """The resident's own team, then the organisations of the municipality whose people
    work in that team. No personal data (team and organisation names)."""
    team = resident.household.team
    recipients = [Recipient(key=f"team-{team.pk}", label=team.name, team=team)]
    organisations: QuerySet[Any] = (
        organisations_of(municipality_ids=[team.municipality_id])
        .filter(memberships__team_id=team.pk)
        .distinct()
        .order_by("name")
    )
    recipients += [
        Recipient(key=f"organisation-{org.pk}", label=org.name, organisation=org)
        for org in organisations
    ]
    return recipients


def consent_is_in_force(consent: Any, today: Any = None) -> bool:
    """Whether a consent counts today (started, not ended, not withdrawn)."""
    today = today or timezone.localdate()
    if consent.withdrawn_at is not None or consent.valid_from > today:
        return False
    return consent.valid_until is None or consent.valid_until >= today


def consent_recipient_label(consent: Any) -> str:
    """To whom a consent is given: the team, the organisation, or both."""
    names = [x.name for x in (consent.team, consent.organisation) if x is not None]
    return " / ".join(names)


def consent_parts(consent: Any) -> list[str]:
    """The names of the parts of the file a consent covers, in the order of ``ConsentPart``."""
    return [
        str(label) for value, label in ConsentPart.choices if getattr(consent, f"covers_{value}")
    ]


def my_profile(*, user: Any, resident: Any, request: Any = None) -> Any:
    """The resident's own self-sufficiency scores over time (logged by instruments)."""
    return instruments_selectors.profile(
        user=user, resident=resident, request=request, purpose=Purpose.OWN_DATA
    )

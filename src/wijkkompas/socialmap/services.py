"""Writes of the social map (sociale kaart).

Rules (with the message the user sees):

* an entry belongs to the municipality of the user who adds it; its neighbourhoods, and the
  initiative, place and organisation it is linked to, are of that municipality;
* its life domains are life domains of a conversation (``conversations.constants.LifeDomain``);
* a name is used once per municipality;
* the team roles and the administrator add, change, check and delete entries; an initiator
  only entries linked to an initiative they run (``Initiative.residents_in_charge``);
* saving an entry, or confirming it ("still correct"), records that it was checked today, by
  whom;
* an entry that was used in a conversation is kept (the figures count it): it cannot be
  deleted, only taken off the public map.

Every function checks permission, validates fully and runs in one transaction. The social map
holds no personal data: nothing is logged in the access log.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action, Role
from wijkkompas.conversations.constants import LifeDomain
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .models import Entry

#: The fields a user fills in (``neighbourhoods`` is a list of neighbourhoods).
ENTRY_FIELDS = (
    "name",
    "kind",
    "step",
    "description",
    "target_group",
    "life_domains",
    "neighbourhoods",
    "initiative",
    "place",
    "organisation",
    "address",
    "phone",
    "email",
    "website",
    "how_to_reach",
    "opening_hours",
    "cost",
    "cost_note",
    "public",
)


def _is_initiator(user: Any) -> bool:
    return bool(getattr(user, "role", "") == Role.INITIATOR and not user.is_superuser)


def _runs(user: Any, initiative: Any) -> bool:
    return bool(
        initiative is not None and initiative.residents_in_charge.filter(pk=user.pk).exists()
    )


def _clean_domains(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise ApplicationError(_("Choose the life domains from the list."), field="life_domains")
    domains: list[str] = []
    for code in value:
        if code not in LifeDomain.values:
            raise ApplicationError(
                _("Choose the life domains from the list."), field="life_domains"
            )
        if code not in domains:
            domains.append(code)
    # Kept in the order of the list of life domains.
    return sorted(domains, key=LifeDomain.values.index)


def _check(entry: Entry, neighbourhoods: list[Any] | None, user: Any) -> None:
    municipality_id = entry.municipality_id
    for neighbourhood in neighbourhoods or []:
        if neighbourhood.district.municipality_id != municipality_id:
            raise ApplicationError(
                _("This neighbourhood is not in the municipality of the entry."),
                field="neighbourhoods",
            )
    for field, message in (
        ("initiative", _("This initiative is not of the municipality of the entry.")),
        ("place", _("This place is not in the municipality of the entry.")),
        ("organisation", _("This organisation does not work in the municipality of the entry.")),
    ):
        linked = getattr(entry, field)
        if linked is not None and linked.municipality_id != municipality_id:
            raise ApplicationError(message, field=field)
    if _is_initiator(user) and not _runs(user, entry.initiative):
        raise ApplicationError(
            _("As an initiator you keep the entries of the initiatives you run: choose one."),
            field="initiative",
        )
    entry.name = (entry.name or "").strip()
    if (
        entry.name
        and Entry.objects.filter(municipality_id=municipality_id, name__iexact=entry.name)
        .exclude(pk=entry.pk)
        .exists()
    ):
        raise ApplicationError(
            _("There is already an entry with this name on the social map."), field="name"
        )
    _full_clean(entry, exclude=["municipality", "checked_by"])


def _fields(fields: dict[str, Any]) -> tuple[dict[str, Any], list[Any] | None]:
    unknown = set(fields) - set(ENTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown entry fields: {sorted(unknown)}")
    fields = dict(fields)
    neighbourhoods = fields.pop("neighbourhoods", None)
    if "life_domains" in fields:
        fields["life_domains"] = _clean_domains(fields["life_domains"])
    for name in ("name", "target_group", "address", "phone", "opening_hours", "cost_note"):
        if isinstance(fields.get(name), str):
            fields[name] = fields[name].strip()
    return fields, None if neighbourhoods is None else list(neighbourhoods)


@transaction.atomic
def entry_create(*, user: Any, municipality: Any = None, **fields: Any) -> Entry:
    """Add an entry to ``municipality`` (default: the user's own), checked today by ``user``."""
    if municipality is None:
        municipality = getattr(user, "municipality", None)
    if municipality is None or not may_use(user, Entry, Action.CHANGE):
        raise PermissionDenied
    if not user.is_superuser and municipality.pk != user.municipality_id:
        raise PermissionDenied
    values, neighbourhoods = _fields(fields)
    entry = Entry(
        municipality=municipality,
        last_checked_on=timezone.localdate(),
        checked_by=user,
        **values,
    )
    _check(entry, neighbourhoods, user)
    entry.save()
    entry.neighbourhoods.set(neighbourhoods or [])
    return entry


@transaction.atomic
def entry_update(*, user: Any, entry: Entry, **fields: Any) -> Entry:
    """Change an entry; saving it counts as checking it."""
    _require(user, Action.CHANGE, entry)
    values, neighbourhoods = _fields(fields)
    for name, value in values.items():
        setattr(entry, name, value)
    entry.last_checked_on = timezone.localdate()
    entry.checked_by = user
    _check(entry, neighbourhoods, user)
    entry.save()
    if neighbourhoods is not None:
        entry.neighbourhoods.set(neighbourhoods)
    return entry


@transaction.atomic
def entry_check(*, user: Any, entry: Entry) -> Entry:
    """Confirm that the entry is still correct: checked today by ``user``."""
    _require(user, Action.CHANGE, entry)
    entry.last_checked_on = timezone.localdate()
    entry.checked_by = user
    entry.save(update_fields=["last_checked_on", "checked_by", "updated_at"])
    return entry


@transaction.atomic
def entry_set_public(*, user: Any, entry: Entry, public: bool) -> Entry:
    """Put the entry on the public map, or take it off (it stays on the team's map)."""
    _require(user, Action.CHANGE, entry)
    entry.public = public
    entry.save(update_fields=["public", "updated_at"])
    return entry


@transaction.atomic
def entry_delete(*, user: Any, entry: Entry) -> None:
    """Delete an entry that was never used in a conversation."""
    _require(user, Action.CHANGE, entry)
    if entry.uses.exists():
        raise ApplicationError(
            _(
                "This entry was used to answer conversations and is kept for the figures: it "
                "cannot be deleted. Take it off the public map instead."
            )
        )
    entry.delete()

"""Writes of collective opportunities, initiatives, stories and referrals.

Rules (with the message the user sees):

* an initiative belongs to one municipality; team roles start it in one of their own teams,
  the administrator in any team of the municipality or without a team;
* neighbourhoods, place and partner organisations are of the initiative's municipality;
  residents in charge are accounts with the role initiator of that municipality; coaches
  are team-role accounts of the initiative's team;
* the stage moves one step at a time (idee → verkennen → proef → loopt → geborgd) or back
  one step, or stops (gestopt) with the lesson learned, which is then required; every move is
  kept in the stage history with who and when;
* initiators in charge edit their initiative but not its team, residents in charge or
  coaches;
* an opportunity belongs to a team of the user's, names a signal (all key fields) and/or a
  residents' idea, is discussed with comments and linked to an initiative of the same
  municipality;
* a referral links a conversation the user may change (so the resident consents) to an
  initiative that is not stopped, once; it is case data: the write is logged.

Every function checks permission itself (404 outside the user's scope, 403 for a user who
may see but not change), validates fully before saving and runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can, require
from wijkkompas.accounts.constants import TEAM_ROLES, Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean
from wijkkompas.ideas import services as idea_services
from wijkkompas.webhooks.constants import EventType
from wijkkompas.webhooks.services import event_emit

from . import selectors
from .constants import (
    STAGE_TRANSITIONS,
    OpportunityStatus,
    Origin,
    SignalAreaKind,
    SignalPeriod,
    Stage,
    TransformationLevel,
)
from .models import (
    Initiative,
    InitiativeStory,
    Opportunity,
    OpportunityComment,
    Referral,
    StageChange,
)

#: Fields an initiator in charge may not change.
TEAM_ONLY_FIELDS = ("team", "residents_in_charge", "coaches")


def _ids(objects: Iterable[Any] | None) -> list[int]:
    return sorted({getattr(o, "pk", o) for o in objects or ()})


# --- checks ------------------------------------------------------------------------------


def _check_team(*, user: Any, team: Any, municipality_id: int) -> None:
    if team is None:
        if user.is_superuser or user.role == Role.ADMIN:
            return
        raise ApplicationError(_("Choose the team that coaches the initiative."), field="team")
    if team.municipality_id != municipality_id:
        raise ApplicationError(_("Choose a team of your municipality."), field="team")
    if user.is_superuser or user.role == Role.ADMIN:
        return
    if team.pk not in user.team_ids():
        raise ApplicationError(_("Choose one of your own teams."), field="team")


def _check_related(
    *,
    municipality_id: int,
    team: Any,
    neighbourhoods: list[Any],
    place: Any,
    partner_organisations: list[Any],
    residents_in_charge: list[Any],
    coaches: list[Any],
) -> None:
    for neighbourhood in neighbourhoods:
        if neighbourhood.district.municipality_id != municipality_id:
            raise ApplicationError(
                _("Choose neighbourhoods of the initiative's municipality."),
                field="neighbourhoods",
            )
    if place is not None and place.municipality_id != municipality_id:
        raise ApplicationError(_("Choose a place of the initiative's municipality."), field="place")
    for organisation in partner_organisations:
        if organisation.municipality_id not in (None, municipality_id):
            raise ApplicationError(
                _("Choose partner organisations of the initiative's municipality."),
                field="partner_organisations",
            )
    for account in residents_in_charge:
        if account.role != Role.INITIATOR or account.municipality_id != municipality_id:
            raise ApplicationError(
                _("Residents in charge must be initiator accounts of the municipality."),
                field="residents_in_charge",
            )
    team_members: set[int] | None = None
    if coaches and team is not None:
        team_members = set(
            apps.get_model("accounts", "User")
            .objects.filter(teams__id=team.pk)
            .values_list("pk", flat=True)
        )
    for account in coaches:
        if account.role not in TEAM_ROLES or account.municipality_id != municipality_id:
            raise ApplicationError(
                _("Coaches must be team members of the municipality."), field="coaches"
            )
        if team_members is not None and account.pk not in team_members:
            raise ApplicationError(
                _("Coaches must be members of the initiative's team."), field="coaches"
            )


def _initiative_changed(initiative: Initiative) -> None:
    """Tell the systems that subscribed (webhooks), once the change commits."""
    event_emit(
        event=EventType.INITIATIVE_CHANGED,
        municipality_id=initiative.municipality_id,
        object_id=initiative.pk,
        path=f"/api/v1/initiatives/{initiative.pk}/",
    )


def _clean_text(value: str | None) -> str:
    return (value or "").strip()


def _apply_m2m(initiative: Initiative, values: dict[str, Any]) -> None:
    for name in (
        "neighbourhoods",
        "residents_in_charge",
        "coaches",
        "partner_organisations",
    ):
        if values.get(name) is not None:
            getattr(initiative, name).set(_ids(values[name]))


# --- initiatives -------------------------------------------------------------------------


@transaction.atomic
def initiative_create(
    *,
    user: Any,
    name: str,
    level: str,
    origin: str,
    team: Any = None,
    municipality: Any = None,
    description: str = "",
    neighbourhoods: Iterable[Any] = (),
    place: Any = None,
    budget: Decimal | None = None,
    participants_count: int = 0,
    residents_in_charge: Iterable[Any] = (),
    coaches: Iterable[Any] = (),
    partner_organisations: Iterable[Any] = (),
    other_partners: str = "",
    origin_idea: Any = None,
    stage: str = Stage.IDEA,
    public: bool = False,
    how_to_join: str = "",
) -> Initiative:
    """Start an initiative (stage ``idee`` unless given); the first entry of its history.

    ``public``: residents see it on the public pages (name, description, stage,
    neighbourhoods, a public place and ``how_to_join``; never names of people)."""
    if not selectors.may_create_initiative(user=user):
        raise PermissionDenied
    municipality_id = (
        team.municipality_id
        if team is not None
        else (municipality.pk if municipality is not None else user.municipality_id)
    )
    if municipality_id is None or (
        not user.is_superuser and municipality_id != user.municipality_id
    ):
        raise Http404
    _check_team(user=user, team=team, municipality_id=municipality_id)
    if stage not in Stage.values or stage == Stage.STOPPED:
        raise ApplicationError(_("Choose the stage the initiative starts in."), field="stage")
    neighbourhoods = list(neighbourhoods)
    residents_in_charge = list(residents_in_charge)
    coaches = list(coaches)
    partner_organisations = list(partner_organisations)
    _check_related(
        municipality_id=municipality_id,
        team=team,
        neighbourhoods=neighbourhoods,
        place=place,
        partner_organisations=partner_organisations,
        residents_in_charge=residents_in_charge,
        coaches=coaches,
    )
    initiative = Initiative(
        municipality_id=municipality_id,
        team=team,
        name=_clean_text(name),
        description=_clean_text(description),
        level=level,
        origin=origin,
        origin_idea=origin_idea,
        stage=stage,
        place=place,
        budget=budget,
        participants_count=participants_count or 0,
        other_partners=_clean_text(other_partners),
        public=bool(public),
        how_to_join=_clean_text(how_to_join),
        created_by=user,
    )
    if not initiative.name:
        raise ApplicationError(_("Give the initiative a name."), field="name")
    if level not in TransformationLevel.values:
        raise ApplicationError(_("Choose the transformation level."), field="level")
    if origin not in Origin.values:
        raise ApplicationError(_("Choose where the initiative came from."), field="origin")
    _full_clean(initiative)
    initiative.save()
    _apply_m2m(
        initiative,
        {
            "neighbourhoods": neighbourhoods,
            "residents_in_charge": residents_in_charge,
            "coaches": coaches,
            "partner_organisations": partner_organisations,
        },
    )
    StageChange.objects.create(
        initiative=initiative, from_stage="", to_stage=initiative.stage, changed_by=user
    )
    _initiative_changed(initiative)
    return initiative


@transaction.atomic
def initiative_update(*, user: Any, initiative: Initiative, **values: Any) -> Initiative:
    """Change the initiative's fields (not its stage: :func:`initiative_change_stage`).

    ``values``: any of name, description, level, origin, team, neighbourhoods, place, budget,
    participants_count, residents_in_charge, coaches, partner_organisations, other_partners,
    public, how_to_join; a value left out (or ``None`` for a list) stays as it is. An
    initiator in charge may not change the team, the residents in charge or the coaches;
    whether the initiative is public is for everyone who may change it. A stage change
    leaves ``public`` alone: the public lists show only initiatives on trial, running or
    embedded (``constants.PUBLIC_LIST_STAGES``).
    """
    require(user, Action.CHANGE, initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    allowed = {
        "name",
        "description",
        "level",
        "origin",
        "team",
        "neighbourhoods",
        "place",
        "budget",
        "participants_count",
        "residents_in_charge",
        "coaches",
        "partner_organisations",
        "other_partners",
        "public",
        "how_to_join",
    }
    unknown = set(values) - allowed
    if unknown:
        raise TypeError(f"initiative_update: unknown fields {sorted(unknown)}")
    in_charge_only = user.role == Role.INITIATOR and not user.is_superuser
    if in_charge_only:
        for name in TEAM_ONLY_FIELDS:
            if values.get(name) is not None and name != "team":
                current = _ids(getattr(initiative, name).all())
                if _ids(values[name]) != current:
                    raise ApplicationError(
                        _("Only the team changes who runs and coaches the initiative."),
                        field=name,
                    )
            if name == "team" and "team" in values and values["team"] != initiative.team:
                raise ApplicationError(
                    _("Only the team changes who runs and coaches the initiative."), field="team"
                )
    elif "team" in values and values["team"] != initiative.team:
        _check_team(user=user, team=values["team"], municipality_id=initiative.municipality_id)
        initiative.team = values["team"]
    for name in ("name", "description", "other_partners", "how_to_join"):
        if name in values:
            setattr(initiative, name, _clean_text(values[name]))
    if "public" in values:
        initiative.public = bool(values["public"])
    for name in ("level", "origin", "place", "budget"):
        if name in values:
            setattr(initiative, name, values[name])
    if "participants_count" in values:
        initiative.participants_count = values["participants_count"] or 0
    if not initiative.name:
        raise ApplicationError(_("Give the initiative a name."), field="name")
    lists = {
        name: (list(values[name]) if values.get(name) is not None else None)
        for name in ("neighbourhoods", "residents_in_charge", "coaches", "partner_organisations")
    }
    _check_related(
        municipality_id=initiative.municipality_id,
        team=initiative.team,
        neighbourhoods=lists["neighbourhoods"] or [],
        place=initiative.place,
        partner_organisations=lists["partner_organisations"] or [],
        residents_in_charge=lists["residents_in_charge"] or [],
        coaches=lists["coaches"] if lists["coaches"] is not None else [],
    )
    _full_clean(initiative)
    initiative.save()
    _apply_m2m(initiative, lists)
    _initiative_changed(initiative)
    return initiative


@transaction.atomic
def initiative_change_stage(
    *, user: Any, initiative: Initiative, stage: str, note: str = ""
) -> StageChange:
    """Move the initiative to ``stage``; stopping needs the lesson learned (``note``)."""
    require(user, Action.CHANGE, initiative)
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    note = _clean_text(note)
    if stage not in Stage.values:
        raise ApplicationError(_("Choose a stage."), field="stage")
    if stage == initiative.stage:
        raise ApplicationError(_("The initiative is in this stage already."), field="stage")
    if stage not in STAGE_TRANSITIONS.get(initiative.stage, frozenset()):
        raise ApplicationError(
            _("From %(current)s the initiative can move one stage on or back, or stop.")
            % {"current": Stage(initiative.stage).label},
            field="stage",
        )
    if stage == Stage.STOPPED:
        if not note:
            raise ApplicationError(
                _("Write down the lesson learned: why did the initiative stop?"), field="note"
            )
        initiative.lesson_learned = note
    change = StageChange(
        initiative=initiative,
        from_stage=initiative.stage,
        to_stage=stage,
        note=note,
        changed_by=user,
    )
    _full_clean(change)
    initiative.stage = stage
    initiative.save(update_fields=["stage", "lesson_learned", "updated_at"])
    change.save()
    _initiative_changed(initiative)
    return change


@transaction.atomic
def story_add(*, user: Any, initiative: Initiative, text: str) -> InitiativeStory:
    """Add a short story (tellen en vertellen) to the initiative."""
    require(user, Action.CHANGE, initiative)
    text = _clean_text(text)
    if not text:
        raise ApplicationError(_("Write the story."), field="text")
    story = InitiativeStory(initiative=initiative, text=text, author=user)
    _full_clean(story)
    story.save()
    _initiative_changed(initiative)
    return story


@transaction.atomic
def initiative_start_from_idea(
    *,
    user: Any,
    idea: Any,
    team: Any,
    level: str,
    name: str = "",
    description: str = "",
    residents_in_charge: Iterable[Any] = (),
    coaches: Iterable[Any] = (),
) -> Initiative:
    """An idea of residents grows into an initiative: origin "resident idea", the idea's
    neighbourhood and place, and the idea is marked as grown (``ideas.services``)."""
    municipality_id = idea.neighbourhood.district.municipality_id
    if team is not None and team.municipality_id != municipality_id:
        raise ApplicationError(_("Choose a team of the idea's municipality."), field="team")
    if Initiative.objects.filter(origin_idea=idea).exists():
        raise ApplicationError(_("This idea has grown into an initiative already."))
    initiative = initiative_create(
        user=user,
        team=team,
        name=name or idea.title,
        description=description or idea.description,
        level=level,
        origin=Origin.RESIDENT_IDEA,
        origin_idea=idea,
        neighbourhoods=[idea.neighbourhood] if idea.neighbourhood_id else [],
        place=getattr(idea, "place", None),
        residents_in_charge=residents_in_charge,
        coaches=coaches,
    )
    idea_services.idea_mark_grown(idea=idea, user=user)
    return initiative


@transaction.atomic
def initiative_start_from_opportunity(
    *,
    user: Any,
    opportunity: Opportunity,
    level: str,
    name: str = "",
    description: str = "",
    neighbourhoods: Iterable[Any] = (),
    residents_in_charge: Iterable[Any] = (),
    coaches: Iterable[Any] = (),
) -> Initiative:
    """Start an initiative from an opportunity of the user's team and link the two."""
    require(user, Action.CHANGE, opportunity)
    if opportunity.initiative_id is not None:
        raise ApplicationError(_("This opportunity is linked to an initiative already."))
    neighbourhoods = list(neighbourhoods)
    if not neighbourhoods and opportunity.signal_area_kind == SignalAreaKind.NEIGHBOURHOOD:
        neighbourhood = (
            apps.get_model("areas", "Neighbourhood")
            .objects.filter(pk=opportunity.signal_area_id)
            .first()
        )
        neighbourhoods = [neighbourhood] if neighbourhood is not None else []
    idea = opportunity.idea
    if idea is not None and not Initiative.objects.filter(origin_idea=idea).exists():
        initiative = initiative_start_from_idea(
            user=user,
            idea=idea,
            team=opportunity.team,
            level=level,
            name=name or opportunity.title,
            description=description or opportunity.description,
            residents_in_charge=residents_in_charge,
            coaches=coaches,
        )
    else:
        initiative = initiative_create(
            user=user,
            team=opportunity.team,
            name=name or opportunity.title,
            description=description or opportunity.description,
            level=level,
            origin=Origin.TEAM_SIGNAL,
            neighbourhoods=neighbourhoods,
            residents_in_charge=residents_in_charge,
            coaches=coaches,
        )
    opportunity_link(user=user, opportunity=opportunity, initiative=initiative)
    return initiative


# --- opportunities -----------------------------------------------------------------------


def _check_signal_key(
    *,
    area_kind: str,
    area_id: int | None,
    period: str,
    period_start: dt.date | None,
    measure: str,
) -> bool:
    """Whether a signal key is given; all of its fields or none."""
    given = [bool(area_kind), area_id is not None, bool(period), period_start is not None]
    given.append(bool(measure))
    if not any(given):
        return False
    if not all(given):
        raise ApplicationError(_("A signal is named by its area, period and measure: give all."))
    if area_kind not in SignalAreaKind.values:
        raise ApplicationError(_("Unknown kind of area of the signal."))
    if period not in SignalPeriod.values:
        raise ApplicationError(_("Unknown period of the signal."))
    return True


@transaction.atomic
def opportunity_create(
    *,
    user: Any,
    team: Any,
    title: str,
    description: str = "",
    signal_area_kind: str = "",
    signal_area_id: int | None = None,
    signal_period: str = "",
    signal_period_start: dt.date | None = None,
    signal_measure: str = "",
    signal_snapshot: str = "",
    idea: Any = None,
) -> Opportunity:
    """A team turns a signal (by its key) and/or a residents' idea into an opportunity."""
    if not (user.is_superuser or user.role in TEAM_ROLES):
        raise PermissionDenied
    if team is None or (not user.is_superuser and team.pk not in user.team_ids()):
        raise ApplicationError(_("Choose one of your own teams."), field="team")
    has_signal = _check_signal_key(
        area_kind=signal_area_kind,
        area_id=signal_area_id,
        period=signal_period,
        period_start=signal_period_start,
        measure=signal_measure,
    )
    if not has_signal and idea is None:
        raise ApplicationError(_("An opportunity answers a signal or a residents' idea."))
    opportunity = Opportunity(
        team=team,
        title=_clean_text(title),
        description=_clean_text(description),
        signal_area_kind=signal_area_kind or "",
        signal_area_id=signal_area_id,
        signal_period=signal_period or "",
        signal_period_start=signal_period_start,
        signal_measure=signal_measure or "",
        signal_snapshot=_clean_text(signal_snapshot),
        idea=idea,
        created_by=user,
    )
    if not opportunity.title:
        raise ApplicationError(_("Give the opportunity a title."), field="title")
    _full_clean(opportunity)
    opportunity.save()
    return opportunity


@transaction.atomic
def opportunity_comment(*, user: Any, opportunity: Opportunity, text: str) -> OpportunityComment:
    """Add to the team's discussion; an open opportunity is then "discussed"."""
    require(user, Action.CHANGE, opportunity)
    text = _clean_text(text)
    if not text:
        raise ApplicationError(_("Write your comment."), field="text")
    comment = OpportunityComment(opportunity=opportunity, author=user, text=text)
    _full_clean(comment)
    comment.save()
    if opportunity.status == OpportunityStatus.OPEN:
        opportunity.status = OpportunityStatus.DISCUSSED
        opportunity.save(update_fields=["status", "updated_at"])
    return comment


@transaction.atomic
def opportunity_link(*, user: Any, opportunity: Opportunity, initiative: Initiative) -> Opportunity:
    """Link the opportunity to an initiative (of the same municipality) that answers it."""
    require(user, Action.CHANGE, opportunity)
    if not can(user, Action.VIEW, initiative):
        raise Http404
    if initiative.municipality_id != opportunity.team.municipality_id:
        raise ApplicationError(_("Choose an initiative of your municipality."), field="initiative")
    opportunity.initiative = initiative
    opportunity.status = OpportunityStatus.LINKED
    opportunity.save(update_fields=["initiative", "status", "updated_at"])
    return opportunity


@transaction.atomic
def opportunity_set_status(*, user: Any, opportunity: Opportunity, status: str) -> Opportunity:
    """Drop an opportunity or open it again (linking goes through :func:`opportunity_link`)."""
    require(user, Action.CHANGE, opportunity)
    if status not in (OpportunityStatus.DROPPED, OpportunityStatus.OPEN):
        raise ApplicationError(_("Choose to drop the opportunity or to open it again."))
    opportunity.status = status
    if status == OpportunityStatus.OPEN:
        opportunity.initiative = None
    opportunity.save(update_fields=["status", "initiative", "updated_at"])
    return opportunity


# --- referrals (case data) ---------------------------------------------------------------


@transaction.atomic
def referral_create(
    *, user: Any, conversation: Any, initiative: Initiative, request: Any = None
) -> Referral:
    """Refer a conversation (and so the resident) to an initiative; logged (SUPPORT)."""
    if not selectors.may_refer(user=user):
        raise PermissionDenied
    require(user, Action.CHANGE, conversation)
    if not can(user, Action.VIEW, initiative):
        raise ApplicationError(_("Choose an initiative from the list."), field="initiative")
    if initiative.municipality_id != conversation.municipality_id:
        raise ApplicationError(_("Choose an initiative of your municipality."), field="initiative")
    if initiative.stage == Stage.STOPPED:
        raise ApplicationError(
            _("This initiative has stopped: choose another one."), field="initiative"
        )
    if Referral.objects.filter(conversation=conversation, initiative=initiative).exists():
        raise ApplicationError(
            _("This conversation has been referred to this initiative already."),
            field="initiative",
        )
    referral = Referral(conversation=conversation, initiative=initiative, referred_by=user)
    _full_clean(referral)
    referral.save()
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=Purpose.SUPPORT,
        obj=referral,
        request=request,
        subjects=[conversation.resident_id],
    )
    return referral


@transaction.atomic
def referral_remove(*, user: Any, referral: Referral, request: Any = None) -> None:
    """Withdraw a referral (e.g. the resident did not want it after all); logged."""
    require(user, Action.CHANGE, referral)
    resident_id = referral.conversation.resident_id
    log_access(
        user=user,
        action=Event.DELETE,
        purpose=Purpose.SUPPORT,
        obj=referral,
        request=request,
        subjects=[resident_id],
    )
    referral.delete()


# --- import from other systems ---------------------------------------------------------

#: The fields of an initiative an import sets (besides its neighbourhoods and external id).
IMPORT_FIELDS = (
    "name",
    "description",
    "level",
    "origin",
    "stage",
    "lesson_learned",
    "budget",
    "participants_count",
    "other_partners",
    "public",
    "how_to_join",
)


def _import_values(row: dict[str, Any]) -> dict[str, Any]:
    """The cleaned values of one row, with the rules of :func:`initiative_create`."""
    values: dict[str, Any] = {
        "name": _clean_text(row.get("name")),
        "description": _clean_text(row.get("description")),
        "level": row.get("level") or "",
        "origin": row.get("origin") or "",
        "stage": row.get("stage") or Stage.IDEA,
        "lesson_learned": _clean_text(row.get("lesson_learned")),
        "budget": row.get("budget"),
        "participants_count": row.get("participants_count") or 0,
        "other_partners": _clean_text(row.get("other_partners")),
        "public": bool(row.get("public")),
        "how_to_join": _clean_text(row.get("how_to_join")),
    }
    if not values["name"]:
        raise ApplicationError(_("Give the initiative a name."), field="name")
    if values["level"] not in TransformationLevel.values:
        raise ApplicationError(_("Choose the transformation level."), field="level")
    if values["origin"] not in Origin.values:
        raise ApplicationError(_("Choose where the initiative came from."), field="origin")
    if values["stage"] not in Stage.values:
        raise ApplicationError(_("Choose the stage the initiative starts in."), field="stage")
    if values["stage"] == Stage.STOPPED and not values["lesson_learned"]:
        raise ApplicationError(
            _("Say what was learned when an initiative stops."), field="lesson_learned"
        )
    budget = values["budget"]
    if budget is not None and not (Decimal(0) <= budget < Decimal("100000000")):
        raise ApplicationError(_("The budget must be between 0 and 99,999,999.99."), field="budget")
    if not 0 <= int(values["participants_count"]) <= 2_000_000_000:
        raise ApplicationError(
            _("The number of participants must be 0 or more."), field="participants_count"
        )
    return values


def initiatives_import(
    *,
    user: Any,
    team: Any,
    source_system: str,
    rows: list[tuple[int, dict[str, Any]]],
    write: bool,
    progress: Any = None,
    request: Any = None,
) -> list[Any]:
    """Import initiatives coached by ``team`` from another system (``rows``: row number and
    parsed values; ``neighbourhoods``: neighbourhoods the imports app looked up).

    Known external ids (in the municipality) update the initiative if the user may change
    it; a new one starts it, with the first entry of its history; a changed stage adds one.
    Returns one ``core.bulk.RowResult`` per row; writes (``write``) only when no row has an
    error, in one transaction, logged as an exchange.
    """
    from wijkkompas.accounts.access import restrict
    from wijkkompas.core import bulk

    if not selectors.may_create_initiative(user=user):
        raise PermissionDenied
    if team is None or (not user.is_superuser and team.municipality_id != user.municipality_id):
        raise Http404
    try:
        _check_team(user=user, team=team, municipality_id=team.municipality_id)
    except ApplicationError:
        raise Http404 from None
    municipality_id = team.municipality_id
    results, first_row = bulk.start(rows)
    existing: dict[str, Initiative] = {}
    changeable: set[int] = set()
    areas: dict[int, set[int]] = {}
    through = Initiative.neighbourhoods.through
    for part in bulk.chunks(sorted(first_row)):
        found = list(
            Initiative.objects.filter(
                municipality_id=municipality_id, source_system=source_system, external_id__in=part
            )
        )
        existing.update((i.external_id, i) for i in found)
        pks = [i.pk for i in found]
        changeable.update(
            restrict(Initiative.objects.filter(pk__in=pks), user, Action.CHANGE).values_list(
                "pk", flat=True
            )
        )
        for initiative_id, neighbourhood_id in through.objects.filter(
            initiative_id__in=pks
        ).values_list("initiative_id", "neighbourhood_id"):
            areas.setdefault(initiative_id, set()).add(neighbourhood_id)
    new: list[tuple[Initiative, set[int]]] = []
    changed: list[tuple[Initiative, set[int] | None, str]] = []
    for result, (_number, row) in zip(results, rows, strict=True):
        if result.status == bulk.ERROR:
            continue
        try:
            values = _import_values(row)
        except ApplicationError as error:
            result.refused(error, "name")
            continue
        neighbourhoods = list(row.get("neighbourhoods") or ())
        if any(n.district.municipality_id != municipality_id for n in neighbourhoods):
            result.fail(
                "neighbourhoods", _("Choose neighbourhoods of the initiative's municipality.")
            )
        for name in bulk.too_long(Initiative, values):
            result.fail(name, _("This text is too long."))
        if result.status == bulk.ERROR:
            continue
        wanted = {n.pk for n in neighbourhoods}
        initiative = existing.get(row["external_id"])
        if initiative is None:
            initiative = Initiative(
                municipality_id=municipality_id,
                team=team,
                created_by=user,
                external_id=row["external_id"],
                source_system=source_system,
                **values,
            )
            new.append((initiative, wanted))
            continue
        if initiative.pk not in changeable:
            result.fail("external_id", _("You may not change this initiative."))
            continue
        before = initiative.stage
        fields_changed = bulk.differs(initiative, values)
        areas_changed = areas.get(initiative.pk, set()) != wanted
        if fields_changed or areas_changed:
            result.status = bulk.CHANGED
            changed.append((initiative, wanted if areas_changed else None, before))
        else:
            result.status = bulk.UNCHANGED
    if write and not any(r.status == bulk.ERROR for r in results):
        _initiatives_import_write(
            user=user, new=new, changed=changed, progress=progress, request=request
        )
    return results


@transaction.atomic
def _initiatives_import_write(
    *,
    user: Any,
    new: list[tuple[Initiative, set[int]]],
    changed: list[tuple[Initiative, set[int] | None, str]],
    progress: Any,
    request: Any,
) -> None:
    from django.utils import timezone

    from wijkkompas.core import bulk

    now = timezone.now()
    for initiative, _areas, _before in changed:
        initiative.updated_at = now
    bulk.write(
        Initiative,
        new=[i for i, _a in new],
        changed=[i for i, _a, _b in changed],
        fields=[*IMPORT_FIELDS, "updated_at"],
        progress=progress,
    )
    through = Initiative.neighbourhoods.through
    renewed = [i.pk for i, areas, _b in changed if areas is not None]
    for part in bulk.chunks(renewed):
        through.objects.filter(initiative_id__in=part).delete()
    links = [
        through(initiative_id=i.pk, neighbourhood_id=n)
        for i, areas in [*new, *((i, a) for i, a, _b in changed if a is not None)]
        for n in sorted(areas)
    ]
    for link_batch in bulk.chunks(links):
        through.objects.bulk_create(link_batch)
    history = [
        StageChange(initiative=i, from_stage="", to_stage=i.stage, changed_by=user) for i, _a in new
    ] + [
        StageChange(initiative=i, from_stage=before, to_stage=i.stage, changed_by=user)
        for i, _a, before in changed
        if before != i.stage
    ]
    for history_batch in bulk.chunks(history):
        StageChange.objects.bulk_create(history_batch)
    for event, count in ((Event.CREATE, len(new)), (Event.UPDATE, len(changed))):
        if count:
            log_access(
                user=user,
                action=event,
                purpose=Purpose.EXCHANGE,
                object_type=Initiative._meta.label,
                request=request,
                count=count,
            )

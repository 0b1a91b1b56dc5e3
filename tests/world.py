"""A small world for the access tests: three municipalities, four teams, one user per role.

* municipality A ("own"): the users' municipality, with the users' own team and another team;
* municipality B ("foreign"): another tenant that shares nothing;
* municipality C ("shared"): another tenant that shares its aggregates with the knowledge
  circle (researchers may see what its policies mark as ``shared``).

Every object carries unique marker tokens in its text fields. A marker planted in an
object may appear in a response only when :func:`wijkkompas.accounts.access.can` says the
user may view that object: that is how the access walker finds leaks.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from wijkkompas.accounts.access import can
from wijkkompas.accounts.constants import TEAM_ROLES, Action, Role

#: Variants of an object, relative to the users (who all live in municipality A).
OWN, OTHER, FOREIGN, SHARED = "own", "other", "foreign", "shared"
#: Variants of case data (households and everything about them) in the users' own team
#: that the consent and participant rules must keep apart (see :func:`_build_cases`).
OWN_NOCONSENT = "own_noconsent"  # no consent at all
OWN_WITHDRAWN = "own_withdrawn"  # consent to the team, withdrawn yesterday
OWN_EXPIRED = "own_expired"  # consent to the team, ended yesterday
OWN_ORGCONSENT = "own_orgconsent"  # consent only to the organisation the professional works for
OWN_PARTIAL = "own_partial"  # consent to the team for name and contact details only
OWN_NOTPARTICIPANT = "own_notparticipant"  # full consent; the users are not in the discussion
CASE_VARIANTS = (
    OWN_NOCONSENT,
    OWN_WITHDRAWN,
    OWN_EXPIRED,
    OWN_ORGCONSENT,
    OWN_PARTIAL,
    OWN_NOTPARTICIPANT,
)
#: Instruments shipped with the product (no municipality): every signed-in user sees them.
GLOBAL = "global"
VARIANTS = (OWN, OTHER, FOREIGN, SHARED, *CASE_VARIANTS, GLOBAL)
#: The kinds of case data built for every case variant.
CASE_KINDS = (
    "household",
    "resident",
    "consent",
    "risk_signal",
    "conversation",
    "assessment",
    "plan",
    "goal",
    "plan_action",
    "appointment",
    "review",
    "plan_comment",
    "case_discussion",
    "participant",
    "decision",
)

_counter = itertools.count(1001)


@dataclass(frozen=True)
class Marker:
    """A token planted in ``field`` of ``obj``."""

    token: str
    obj: models.Model
    field: str

    def __str__(self) -> str:
        return f"{self.token} ({type(self.obj).__name__} {self.obj.pk} .{self.field})"


@dataclass
class World:
    municipalities: dict[str, Any]
    teams: dict[str, Any]
    users: dict[str, Any]
    #: kind -> variant -> object (not every kind has every variant).
    objects: dict[str, dict[str, Any]]
    markers: list[Marker] = field(default_factory=list)
    #: Full BSN -> the resident whose it is: no page shows one (only masked, never in a URL),
    #: except the resident's own in the download of their own data.
    secrets: dict[str, Any] = field(default_factory=dict)
    #: The version of the shipped ZRM the assessments use.
    shipped_version: Any = None
    #: The organisation the walker professional works for (their membership is linked).
    employer: Any = None
    _visible: dict[tuple[int, int], bool] = field(default_factory=dict)
    _disclosed: dict[int, set[tuple[str, int, str]]] = field(default_factory=dict)

    def user(self, role: str) -> Any:
        return self.users[role]

    def may_view(self, user: Any, marker: Marker) -> bool:
        """Whether ``user`` may see the object a marker sits in (cached; data is fixed)."""
        if user is None:
            # Anonymous visitors see only rows their policy marks public (AccessPolicy.public).
            key = (0, id(marker))
            if key not in self._visible:
                self._visible[key] = can(None, Action.VIEW, marker.obj)
            return self._visible[key]
        key = (user.pk, id(marker))
        if key not in self._visible:
            self._visible[key] = can(user, Action.VIEW, marker.obj) or (
                (marker.obj._meta.label, marker.obj.pk, marker.field) in self.disclosed(user)
            )
        return self._visible[key]

    def disclosed(self, user: Any) -> set[tuple[str, int, str]]:
        """Fields a user may see beyond what ``can()`` allows them to view as objects:

        * the name of their own municipality (the tenant they work in);
        * for a resident with a record: the name of the team of their household and of the
          organisations whose people work in it, because "Mijn plan" tells them who may see
          their data and to whom they can give consent.
        """
        if user.pk in self._disclosed:
            return self._disclosed[user.pk]
        found: set[tuple[str, int, str]] = set()
        self._disclosed[user.pk] = found
        if user.municipality_id is not None:
            found.add(("areas.Municipality", user.municipality_id, "name"))
        resident = getattr(user, "resident", None) if user.role == Role.RESIDENT else None
        if resident is not None:
            team = resident.household.team
            found.add(("teams.Team", team.pk, "name"))
            for organisation_id in team.memberships.values_list("organisation_id", flat=True):
                found.add(("organisations.Organisation", organisation_id, "name"))
        return found

    def forbidden_markers(self, user: Any) -> list[Marker]:
        return [m for m in self.markers if not self.may_view(user, m)]

    def leaks(self, user: Any, text: str) -> list[Marker]:
        """Markers in ``text`` that ``user`` may not see."""
        return [m for m in self.forbidden_markers(user) if m.token in text]


def _token(label: str) -> str:
    # Letters and digits only, so HTML escaping cannot hide a leak; never a substring
    # of another token because all have the same length and a closing "Q".
    return f"ZQ{label[:6].upper():<6}{next(_counter)}Q".replace(" ", "X")


def _plant(
    markers: list[Marker], obj: models.Model, guard: models.Model | None = None, **fields: str
) -> None:
    """Set each field to a readable text with a unique marker token.

    ``guard``: the object whose visibility decides who may see the marker, for rows without
    an access policy of their own (an instrument's domains and levels: its version).
    """
    for name, label in fields.items():
        token = _token(label)
        setattr(obj, name, f"{label} {token}")
        markers.append(Marker(token, guard or obj, name))
    obj.save()


def build_world() -> World:
    """Create the world in the current database (call inside a transaction)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: F401  (app must be ready)

    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.areas.tests.factories import (
        DistrictFactory,
        MunicipalityFactory,
        NeighbourhoodFactory,
    )
    from wijkkompas.audit.models import AccessLogEntry
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.models import PerspectiveVersion
    from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory

    markers: list[Marker] = []
    municipalities = {
        OWN: MunicipalityFactory(code="GM9701", name="Gemeente Eigenstad"),
        FOREIGN: MunicipalityFactory(code="GM9702", name="Vreemd"),
        SHARED: MunicipalityFactory(code="GM9703", name="Deelstad", shares_aggregates=True),
    }
    municipalities[OTHER] = municipalities[OWN]
    for variant in (OWN, FOREIGN, SHARED):
        _plant(markers, municipalities[variant], name="Gemeente")

    objects: dict[str, dict[str, Any]] = {
        kind: {}
        for kind in (
            "municipality",
            "district",
            "neighbourhood",
            "organisation",
            "team",
            "membership",
            "partner",
            "perspective_version",
            "access_log_entry",
        )
    }
    objects["municipality"] = {
        OWN: municipalities[OWN],
        FOREIGN: municipalities[FOREIGN],
        SHARED: municipalities[SHARED],
    }
    teams: dict[str, Any] = {}
    for number, variant in enumerate((OWN, OTHER, FOREIGN, SHARED), start=1):
        gm = municipalities[variant]
        district = DistrictFactory(municipality=gm, code=f"WK{gm.code[2:]}{number:02d}")
        neighbourhood = NeighbourhoodFactory(district=district, code=f"BU{district.code[2:]}01")
        team = TeamFactory(municipality=gm, name=f"Team {variant}", neighbourhoods=[neighbourhood])
        team.districts.set([district])
        organisation = OrganisationFactory(municipality=gm, name=f"Organisatie {variant}")
        member = MembershipFactory(
            team=team,
            organisation=organisation,
            job_title="Maatschappelijk werker",
            hours_per_week=24,
            started_on=dt.date(2024, 1, 8),
        )
        second = MembershipFactory(team=team, organisation=organisation, ring="first_shell")
        partner = PartnerFactory(team=team, organisation=organisation)
        version = PerspectiveVersion.objects.create(
            team=team, text="x", written_with_residents=True
        )
        # Markers everywhere, including the users' own team: who may see each one is
        # decided by the permission layer (policy officers and researchers may see no
        # member names of any team, residents no team at all).
        _plant(markers, team, name="Team", description="Teambeschrijving", perspective="Stip")
        _plant(markers, district, name="Wijk")
        _plant(markers, neighbourhood, name="Buurt")
        _plant(markers, organisation, name="Organisatie")
        _plant(markers, partner, name="Partner", description="Samenwerking")
        _plant(markers, member, person_name="Lid", personal_drive="Drijfveer", job_title="Functie")
        _plant(markers, second, person_name="Tweede lid", personal_drive="Drijfveer")
        _plant(markers, version, text="Perspectief", note="Wijziging")
        teams[variant] = team
        objects["district"][variant] = district
        objects["neighbourhood"][variant] = neighbourhood
        objects["organisation"][variant] = organisation
        objects["team"][variant] = team
        objects["membership"][variant] = member
        objects["partner"][variant] = partner
        objects["perspective_version"][variant] = version

    for variant in (OWN, FOREIGN):
        # The log is append-only: the markers go in when the entry is written.
        tokens = {name: _token(label) for name, label in (("username", "logboek"), ("path", "pad"))}
        entry = AccessLogEntry.objects.create(
            municipality=municipalities[variant],
            event="read",
            object_type="teams.Membership",
            **{name: f"{name} {token}" for name, token in tokens.items()},
        )
        markers += [Marker(token, entry, name) for name, token in tokens.items()]
        objects["access_log_entry"][variant] = entry

    users: dict[str, Any] = {}
    for role in Role:
        users[role.value] = UserFactory(
            username=f"walker-{role.value}",
            role=role.value,
            municipality=municipalities[OWN],
            teams=[teams[OWN]] if role in TEAM_ROLES else [],
        )
    # Users of the other tenants (for user-bound pages).
    users_foreign = UserFactory(
        username="walker-foreign", role=Role.ADMIN, municipality=municipalities[FOREIGN]
    )
    objects["user"] = {OWN: users[Role.PROFESSIONAL.value], FOREIGN: users_foreign}
    # The operator (a superuser, not a role): for pages only the operator may open.
    users["operator"] = UserFactory(
        username="walker-operator", role=Role.ADMIN, municipality=None, is_superuser=True
    )
    world = World(
        municipalities=municipalities,
        teams=teams,
        users=users,
        objects=objects,
        markers=markers,
    )
    _build_instruments(world)
    _build_cases(world)
    _build_data_requests(world)
    _build_ideas_and_places(world)
    _build_initiatives(world)
    _build_social_map(world)
    _build_social_map_uses(world)
    _build_team_risks(world)
    _build_self_assessments(world)
    _build_reflections(world)
    _build_work_groups(world)
    _build_stories(world)
    _build_api_clients(world)
    _build_import_jobs(world)
    _build_time_use(world)
    return world


def _build_data_requests(world: World) -> None:
    """A data request (AVG) of each municipality, about its "own"-variant resident."""
    from django.utils import timezone

    from wijkkompas.rights.constants import RequestKind
    from wijkkompas.rights.models import DataRequest

    world.objects["data_request"] = {}
    today = timezone.localdate()
    residents = world.objects["resident"]
    for variant in (OWN, FOREIGN):
        request = DataRequest.objects.create(
            municipality=world.municipalities[variant],
            kind=RequestKind.ACCESS,
            resident_id=residents[variant].pk,
            received_on=today - dt.timedelta(days=3),
            due_on=today + dt.timedelta(days=27),
            outcome_note="x",
        )
        _plant(world.markers, request, outcome_note="Afhandeling")
        world.objects["data_request"][variant] = request


# -- Instruments: shipped (global) and loaded by a municipality ------------------------------


def _build_instruments(world: World) -> None:
    """An instrument of each municipality (with its version, domains, levels and licensed
    criterion texts), and criterion texts each municipality loaded for the shipped ZRM."""
    from wijkkompas.instruments.constants import ZRM, InstrumentKind
    from wijkkompas.instruments.models import (
        CriterionText,
        Instrument,
        InstrumentDomain,
        InstrumentLevel,
        InstrumentVersion,
    )

    objects = world.objects
    for kind in ("instrument", "instrument_version", "criterion_text"):
        objects[kind] = {}
    shipped = Instrument.objects.filter(municipality__isnull=True, code=ZRM).first()
    if shipped is None:  # before the data migration with the shipped instruments exists
        shipped = Instrument.objects.create(code=ZRM, name="ZRM", kind=InstrumentKind.MATRIX)
    version = shipped.versions.order_by("-is_active", "-created_at").first()
    if version is None:
        version = InstrumentVersion.objects.create(instrument=shipped, label="2017")
    if not version.domains.exists():
        for position, name in enumerate(("Financiën", "Huisvesting"), start=1):
            InstrumentDomain.objects.create(
                version=version, position=position, code=f"d{position}", name=name
            )
        for value in range(1, 6):
            InstrumentLevel.objects.create(version=version, value=value, name=f"Niveau {value}")
    objects["instrument"][GLOBAL] = shipped
    objects["instrument_version"][GLOBAL] = version
    world.shipped_version = version
    shipped_domain = version.domains.order_by("position").first()
    shipped_level = version.levels.order_by("value").first()
    for variant in (OWN, FOREIGN):
        gm = world.municipalities[variant]
        instrument = Instrument.objects.create(
            municipality=gm, code="wat-telt", name="x", kind=InstrumentKind.MATRIX
        )
        _plant(
            world.markers,
            instrument,
            name="Instrument",
            description="Uitleg",
            source="Bron",
        )
        own_version = InstrumentVersion.objects.create(instrument=instrument, label="v")
        _plant(world.markers, own_version, label="Versie", scoring_note="Scoren")
        domain = InstrumentDomain.objects.create(
            version=own_version, position=1, code="eigen", name="x"
        )
        _plant(world.markers, domain, guard=own_version, name="Domein")
        level = InstrumentLevel.objects.create(version=own_version, value=1, name="x")
        _plant(world.markers, level, guard=own_version, name="Niveau")
        criterion = CriterionText.objects.create(
            municipality=gm, domain=domain, level=level, text="x"
        )
        _plant(world.markers, criterion, text="Criterium")
        # The licensed criterion texts of the shipped ZRM, loaded by this municipality.
        licensed = CriterionText.objects.create(
            municipality=gm, domain=shipped_domain, level=shipped_level, text="x"
        )
        _plant(world.markers, licensed, text="Licentie")
        objects["instrument"][variant] = instrument
        objects["instrument_version"][variant] = own_version
        objects["criterion_text"][variant] = criterion


# -- Case data: households and everything about them, in every variant ----------------------

_bsn_counter = itertools.count(10_000_000)


def _bsn() -> str:
    """The next nine-digit number that passes the 11-proef."""
    while True:
        first = f"{next(_bsn_counter):08d}"
        total = sum(w * int(d) for w, d in zip(range(9, 1, -1), first, strict=True))
        last = total % 11
        if last <= 9:
            return first + str(last)


def _build_cases(world: World) -> None:
    """One household per variant, with every kind of case data about it.

    The users of the users' own team hold the consent (and are the participants of the case
    discussion) in the "own" variant, so its pages answer 200; the other variants differ in
    one rule each (:data:`CASE_VARIANTS`). The resident role's account is the main resident
    of the "own" household ("Mijn plan"); every household also has a second resident who
    gave no consent of their own.
    """
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.tests.factories import MembershipFactory

    objects = world.objects
    for kind in CASE_KINDS:
        objects[kind] = {}
    users = world.users
    team_users = [users[role.value] for role in Role if role in TEAM_ROLES]
    own_gm = world.municipalities[OWN]
    # The organisation the walker professional works for (a membership linked to the account).
    employer = OrganisationFactory(municipality=own_gm, name="Werkgever")
    _plant(world.markers, employer, name="Werkgever")
    MembershipFactory(
        team=world.teams[OWN],
        organisation=employer,
        user=users[Role.PROFESSIONAL.value],
        person_name="Walker professional",
    )
    # A colleague in the users' own team: the only participant of one case discussion.
    colleague = UserFactory(
        username="walker-colleague",
        role=Role.PROFESSIONAL,
        municipality=own_gm,
        teams=[world.teams[OWN]],
    )
    users["colleague"] = colleague
    outsiders = {
        variant: UserFactory(
            username=f"walker-coordinator-{variant}",
            role=Role.COORDINATOR,
            municipality=world.municipalities[variant],
            teams=[world.teams[variant]],
        )
        for variant in (OTHER, FOREIGN)
    }
    world.employer = employer
    # No "shared" case data: no case policy has a ``shared`` lookup, so it would be walked
    # as one more foreign tenant.
    for variant in (OWN, OTHER, FOREIGN, *CASE_VARIANTS):
        team_variant = variant if variant in (OTHER, FOREIGN) else OWN
        worker = outsiders.get(team_variant, users[Role.COORDINATOR.value])
        participants = team_users if team_variant == OWN else [worker]
        if variant == OWN_NOTPARTICIPANT:
            participants = [colleague]
        _build_case(
            world,
            variant,
            team=world.teams[team_variant],
            neighbourhood=objects["neighbourhood"][team_variant],
            organisation=objects["organisation"][team_variant],
            worker=worker,
            participants=participants,
        )


def _consents(world: World, variant: str, resident: Any, team: Any) -> Any:
    """The consents of ``variant`` for ``resident``; returns the one the variant is about."""
    from django.utils import timezone

    from wijkkompas.residents.tests.factories import ConsentFactory

    today = timezone.localdate()
    if variant == OWN_NOCONSENT:
        # No consent to the users' team or employer: only to the other team of the
        # municipality, which opens nothing for the users.
        return ConsentFactory(resident=resident, team=world.teams[OTHER])
    if variant == OWN_WITHDRAWN:
        return ConsentFactory(
            resident=resident, team=team, withdrawn_at=timezone.now() - dt.timedelta(days=1)
        )
    if variant == OWN_EXPIRED:
        return ConsentFactory(
            resident=resident,
            team=team,
            valid_from=today - dt.timedelta(days=90),
            valid_until=today - dt.timedelta(days=1),
        )
    if variant == OWN_ORGCONSENT:
        return ConsentFactory(resident=resident, team=None, organisation=world.employer)
    if variant == OWN_PARTIAL:
        return ConsentFactory(
            resident=resident,
            team=team,
            covers_conversations=False,
            covers_assessments=False,
            covers_plan=False,
            covers_case_discussion=False,
        )
    consent = ConsentFactory(resident=resident, team=team)
    if variant == OTHER:
        # Also to the professional's employer: without the team, that opens nothing.
        ConsentFactory(resident=resident, team=None, organisation=world.employer)
    return consent


def _build_case(
    world: World,
    variant: str,
    *,
    team: Any,
    neighbourhood: Any,
    organisation: Any,
    worker: Any,
    participants: list[Any],
) -> None:
    from django.utils import timezone

    from wijkkompas.conversations.constants import FindingPlace, Outcome
    from wijkkompas.conversations.models import Conversation
    from wijkkompas.instruments.models import Assessment, AssessmentScore
    from wijkkompas.plans.models import (
        Appointment,
        CaseDiscussion,
        Decision,
        Goal,
        Participant,
        Plan,
        PlanAction,
        PlanComment,
        Review,
    )
    from wijkkompas.residents.constants import RiskKind, Urgency
    from wijkkompas.residents.models import Household, Resident, RiskSignal

    markers = world.markers
    today = timezone.localdate()
    gm = team.municipality
    household = Household.objects.create(
        municipality=gm,
        team=team,
        label="x",
        neighbourhood=neighbourhood,
        opened_on=today - dt.timedelta(days=60),
    )
    _plant(markers, household, label="Huishouden")
    resident = Resident.objects.create(
        household=household, name="x", birth_year=1975, neighbourhood=neighbourhood
    )
    resident.bsn = _bsn()
    world.secrets[resident.bsn] = resident
    if variant == OWN:
        resident.user = world.users[Role.RESIDENT.value]
    _plant(markers, resident, name="Inwoner", address="Adres", phone="Tel")
    email_token = _token("Email")
    resident.email = f"{email_token}@voorbeeld.nl"
    resident.save()
    markers.append(Marker(email_token, resident, "email"))
    partner = Resident.objects.create(household=household, name="x", birth_year=1978)
    _plant(markers, partner, name="Partner")
    consent = _consents(world, variant, resident, team)

    risk = RiskSignal.objects.create(
        household=household,
        resident=resident,
        kind=RiskKind.DEBTS,
        urgency=Urgency.HIGH,
        description="x",
        raised_by=worker,
        raised_on=today - dt.timedelta(days=3),
        review_on=today + dt.timedelta(days=4),
    )
    _plant(markers, risk, description="Risico")

    conversation = Conversation.objects.create(
        municipality=gm,
        team=team,
        household=household,
        resident=resident,
        author=worker,
        held_on=today - dt.timedelta(days=10),
        place=FindingPlace.HOME,
        question="x",
        outcome=Outcome.WMO,
        life_domains=["finances", "housing"],
        is_wmo_report=True,
        reported_on=today - dt.timedelta(days=10),
        wmo_due_on=today - dt.timedelta(days=10) + dt.timedelta(weeks=6),
    )
    _plant(
        markers,
        conversation,
        participants="Deelnemers",
        question="Vraag",
        question_behind="Achtervraag",
        own_strength="Eigen kracht",
        network="Netwerk",
        collective_opportunity="Kans",
        resident_idea="Idee",
    )
    version = world.shipped_version
    assessment = Assessment.objects.create(
        resident=resident,
        version=version,
        conversation=conversation,
        assessed_on=conversation.held_on,
        assessed_by=worker,
    )
    for score, domain in enumerate(version.domains.order_by("position"), start=2):
        AssessmentScore.objects.create(assessment=assessment, domain=domain, value=min(score, 5))

    plan = Plan.objects.create(
        municipality=gm,
        team=team,
        household=household,
        coordinator=worker,
        summary="x",
        started_on=today - dt.timedelta(days=30),
        next_review_on=today + dt.timedelta(days=7),
    )
    _plant(markers, plan, summary="Plan")
    goal = Goal.objects.create(plan=plan, text="x", life_domain="finances", author=worker)
    _plant(markers, goal, text="Doel")
    action = PlanAction.objects.create(
        plan=plan,
        goal=goal,
        description="x",
        owner_organisation=organisation,
        owner_name="x",
        due_on=today + dt.timedelta(days=14),
    )
    _plant(markers, action, description="Actie", owner_name="Eigenaar")
    appointment = Appointment.objects.create(
        plan=plan, starts_at=timezone.now() + dt.timedelta(days=2)
    )
    _plant(markers, appointment, place="Plek", with_whom="Met", note="Afspraak")
    review = Review.objects.create(
        plan=plan, planned_on=today - dt.timedelta(days=1), held_on=today, held_by=worker
    )
    _plant(markers, review, conclusion="Evaluatie")
    Review.objects.create(plan=plan, planned_on=today + dt.timedelta(days=7))
    comment = PlanComment.objects.create(plan=plan, author=worker, text="x")
    _plant(markers, comment, text="Opmerking")
    # A comment whose author's account has been removed (author SET_NULL).
    PlanComment.objects.create(plan=plan, author=None, text="Zonder auteur")

    discussion = CaseDiscussion.objects.create(
        municipality=gm,
        team=team,
        household=household,
        plan=plan,
        scheduled_at=timezone.now() + dt.timedelta(days=5),
        question="x",
        created_by=participants[0],
    )
    _plant(markers, discussion, place="Zaal", question="Casusvraag", minutes="Verslag")
    participant = None
    for user in participants:
        participant = Participant.objects.create(
            discussion=discussion, user=user, invited_by=participants[0]
        )
    decision = Decision.objects.create(
        discussion=discussion, text="x", owner_organisation=organisation, owner_name="x"
    )
    _plant(markers, decision, text="Besluit", owner_name="Uitvoerder")

    found = {
        "household": household,
        "resident": resident,
        "consent": consent,
        "risk_signal": risk,
        "conversation": conversation,
        "assessment": assessment,
        "plan": plan,
        "goal": goal,
        "plan_action": action,
        "appointment": appointment,
        "review": review,
        "plan_comment": comment,
        "case_discussion": discussion,
        "participant": participant,
        "decision": decision,
    }
    for kind, obj in found.items():
        world.objects[kind][variant] = obj


# -- Residents' ideas and places (issue 4) ----------------------------------------------------


def _build_ideas_and_places(world: World) -> None:
    """For every team variant: a place, a submitted and a published idea of the team's
    neighbourhood, each with a supporter (personal data: only the idea's team sees it).

    Kinds: ``place`` (public in the "own" and "foreign" variants), ``idea`` (submitted in
    "own" and "shared", published in "other" and "foreign": a sibling team's published idea
    is visible, its supporters are not), ``published_idea`` (published in every variant,
    for the public "ik doe mee" page) and ``idea_supporter``.
    """
    from django.utils import timezone

    from wijkkompas.ideas.constants import IdeaStatus
    from wijkkompas.ideas.models import Idea, IdeaSupporter
    from wijkkompas.places.constants import PlaceKind
    from wijkkompas.places.models import Place

    objects = world.objects
    for kind in ("place", "idea", "published_idea", "idea_supporter"):
        objects[kind] = {}
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        neighbourhood = objects["neighbourhood"][variant]
        team = world.teams[variant]
        place = Place.objects.create(
            municipality=world.municipalities[variant],
            neighbourhood=neighbourhood,
            name=f"Plek {variant}",
            kind=PlaceKind.COMMUNITY_CENTRE,
            public=variant in (OWN, FOREIGN),
        )
        _plant(world.markers, place, name="Plek", description="Plekbeschrijving", address="Adres")
        objects["place"][variant] = place
        ideas = {}
        for status in (IdeaStatus.SUBMITTED, IdeaStatus.PUBLISHED):
            published = status == IdeaStatus.PUBLISHED
            idea = Idea.objects.create(
                neighbourhood=neighbourhood,
                team=team,
                title="x",
                description="x",
                status=status,
                public=published,
                published_at=timezone.now() if published else None,
            )
            _plant(world.markers, idea, title="Idee", description="Ideebeschrijving")
            supporter = IdeaSupporter.objects.create(idea=idea, name="x", email="x@example.org")
            _plant(
                world.markers,
                supporter,
                name="Steunbetuiger",
                email="Mail",
                phone="Tel",
                message="Bericht",
            )
            ideas[status] = idea
            if published:
                objects["idea_supporter"][variant] = supporter
        objects["published_idea"][variant] = ideas[IdeaStatus.PUBLISHED]
        objects["idea"][variant] = ideas[
            IdeaStatus.PUBLISHED if variant in (OTHER, FOREIGN) else IdeaStatus.SUBMITTED
        ]


# -- Collective opportunities and initiatives (issue 4) -----------------------------------------


def _build_initiatives(world: World) -> None:
    """For every team variant: an initiative of the team (the walker initiator is in charge
    of the "own" one, which meets at the own place), with a stage change and a story, and
    an opportunity of the team with a comment; referrals of the "own" and the no-consent
    conversation to the "own" initiative (case data: seen on the resident page only).

    The "own" and "foreign" initiatives are public (like the places): everyone may see their
    name and description (guarded by their ``PublicInitiative``), nothing else of them.

    Kinds: ``initiative``, ``public_initiative`` (the same rows as ``PublicInitiative``, for
    the public initiative page), ``opportunity``.
    """
    from wijkkompas.initiatives.models import (
        Initiative,
        InitiativeStory,
        Opportunity,
        OpportunityComment,
        PublicInitiative,
        Referral,
        StageChange,
    )

    objects = world.objects
    for kind in ("initiative", "public_initiative", "opportunity"):
        objects[kind] = {}
    initiator = world.users[Role.INITIATOR.value]
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        team = world.teams[variant]
        initiative = Initiative.objects.create(
            municipality=world.municipalities[variant],
            team=team,
            name="x",
            level="normaliseren",
            origin="team_signal",
            stage="loopt",
            place=objects["place"][OWN] if variant == OWN else None,
            participants_count=12,
            public=variant in (OWN, FOREIGN),
        )
        initiative.neighbourhoods.set([objects["neighbourhood"][variant]])
        if variant == OWN:
            initiative.residents_in_charge.set([initiator])
        public = PublicInitiative.objects.get(pk=initiative.pk)
        _plant(
            world.markers,
            initiative,
            guard=public if initiative.public else None,
            name="Initiatief",
            description="Initiatiefbeschrijving",
            how_to_join="Meedoen",
        )
        _plant(world.markers, initiative, other_partners="Partners")
        change = StageChange.objects.create(
            initiative=initiative, from_stage="proef", to_stage="loopt"
        )
        _plant(world.markers, change, note="Fase")
        story = InitiativeStory.objects.create(initiative=initiative, text="x")
        _plant(world.markers, story, text="Verhaal")
        opportunity = Opportunity.objects.create(
            team=team,
            title="x",
            signal_area_kind="neighbourhood",
            signal_area_id=objects["neighbourhood"][variant].pk,
            signal_period="quarter",
            signal_period_start=dt.date(2026, 7, 1),
            signal_measure="theme:eenzaam",
            initiative=initiative,
        )
        _plant(
            world.markers,
            opportunity,
            title="Kans",
            description="Kansbeschrijving",
            signal_snapshot="Signaal",
        )
        comment = OpportunityComment.objects.create(opportunity=opportunity, text="x")
        _plant(world.markers, comment, text="Reactie")
        objects["initiative"][variant] = initiative
        objects["public_initiative"][variant] = public
        objects["opportunity"][variant] = opportunity
    for variant in (OWN, OWN_NOCONSENT):
        Referral.objects.create(
            conversation=objects["conversation"][variant], initiative=objects["initiative"][OWN]
        )


# -- The social map (issue 8) ---------------------------------------------------------------------


def _build_social_map(world: World) -> None:
    """For every team variant: an entry of the social map of the team's municipality, for
    the team's neighbourhood. The "own" one is linked to the "own" initiative (which the
    walker initiator runs, so they may change it) and is public, as is the "foreign" one;
    the "other" and "shared" ones are not public (the team's map only).

    Kind: ``social_map_entry``. No personal data: every role of the municipality sees its
    entries; everyone sees the public ones.
    """
    from django.utils import timezone

    from wijkkompas.socialmap.models import Entry

    objects = world.objects
    objects["social_map_entry"] = {}
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        entry = Entry.objects.create(
            municipality=world.municipalities[variant],
            name=f"Kaart {variant}",
            kind="initiative",
            step="collective",
            description="x",
            life_domains=["social_network", "daytime"],
            initiative=objects["initiative"][OWN] if variant == OWN else None,
            place=objects["place"][variant],
            organisation=objects["organisation"][variant],
            public=variant in (OWN, FOREIGN),
            last_checked_on=timezone.localdate() - dt.timedelta(days=400),
        )
        entry.neighbourhoods.set([objects["neighbourhood"][variant]])
        _plant(
            world.markers,
            entry,
            name="Kaart",
            description="Kaartbeschrijving",
            target_group="Doelgroep",
            how_to_reach="Bereik",
            opening_hours="Open",
        )
        objects["social_map_entry"][variant] = entry


def _build_social_map_uses(world: World) -> None:
    """The "own" entry of the social map used for the "own" and the no-consent conversation
    (case data, like a referral: seen on the conversation page by the team roles of the
    conversation's team while the resident consents).

    Kind: ``social_map_use``.
    """
    from wijkkompas.socialmap.models import EntryUse

    objects = world.objects
    objects["social_map_use"] = {}
    for variant in (OWN, OWN_NOCONSENT):
        objects["social_map_use"][variant] = EntryUse.objects.create(
            conversation=objects["conversation"][variant],
            entry=objects["social_map_entry"][OWN],
            step="collective",
            rank=1,
        )


# -- The team risk register (issue 5) ------------------------------------------------------------


def _build_team_risks(world: World) -> None:
    """For every team variant: a risk in the team's register, owned by the walker
    coordinator in the "own" team, with a line of history (a review with a note).

    Kind: ``team_risk``. The register is the team's own: only its members see it.
    """
    from wijkkompas.risks.models import TeamRisk, TeamRiskChange

    world.objects["team_risk"] = {}
    coordinator = world.users[Role.COORDINATOR.value]
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        risk = TeamRisk.objects.create(
            team=world.teams[variant],
            title="x",
            category="waiting_lists",
            likelihood=4,
            impact=3,
            owner=coordinator if variant == OWN else None,
            review_date=dt.date(2030, 1, 1),
        )
        _plant(
            world.markers,
            risk,
            title="Risico",
            description="Risicobeschrijving",
            measures="Maatregel",
        )
        change = TeamRiskChange.objects.create(
            risk=risk,
            kind="reviewed",
            old_likelihood=3,
            new_likelihood=4,
            old_impact=3,
            new_impact=3,
        )
        _plant(world.markers, change, note="Beoordeling")
        world.objects["team_risk"][variant] = risk


# -- Self-assessment rounds (issue 5) ----------------------------------------------------------


def _build_self_assessments(world: World) -> None:
    """A measurement round with a self-assessment per variant: the users' municipality
    ("own", a draft), the other team of that municipality ("other", a team assessment,
    submitted), the municipality that shares nothing ("foreign") and the one that shares its
    aggregates ("shared"), both submitted; every answer has a comment with a marker.

    Kind: ``self_assessment``.
    """
    from wijkkompas.selfassessments.models import (
        MeasurementRound,
        Question,
        Questionnaire,
        SelfAssessment,
        SelfAssessmentAnswer,
    )

    questionnaire = Questionnaire.objects.get(code="kenniskring-2015")
    measurement_round = MeasurementRound.objects.create(
        questionnaire=questionnaire, name="Nulmeting", held_on=dt.date(2026, 3, 1), order=1
    )
    questions = list(Question.objects.filter(questionnaire=questionnaire)[:2])
    world.objects["self_assessment"] = {}
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        assessment = SelfAssessment.objects.create(
            round=measurement_round,
            municipality=world.municipalities[variant],
            team=world.teams[OTHER] if variant == OTHER else None,
            status="draft" if variant == OWN else "submitted",
        )
        for question in questions:
            answer = SelfAssessmentAnswer.objects.create(
                assessment=assessment, question=question, reality=2, wish=4
            )
            _plant(world.markers, answer, comment="Toelichting")
        world.objects["self_assessment"][variant] = assessment


# -- Reflection sessions (issue 5) --------------------------------------------------------------


def _build_reflections(world: World) -> None:
    """For every team variant: a reflection session (planned in the "own" team, so its page
    pulls in the live indicators and risks; held elsewhere) with a line of history, and a
    follow-up action owned by the walker team lead with a review.

    Kinds: ``reflection``, ``follow_up_action``. Sessions are the team's own: only its
    members see them, only its team lead changes them.
    """
    from wijkkompas.reflections.models import (
        ActionReview,
        FollowUpAction,
        Reflection,
        ReflectionChange,
    )

    world.objects["reflection"] = {}
    world.objects["follow_up_action"] = {}
    lead = world.users[Role.TEAM_LEAD.value]
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        held = variant != OWN
        session = Reflection.objects.create(
            team=world.teams[variant],
            title="x",
            planned_on=dt.date(2026, 3, 1) if held else dt.date(2030, 1, 1),
            held_on=dt.date(2026, 3, 1) if held else None,
            status="held" if held else "planned",
        )
        _plant(world.markers, session, title="Sessie", keep="Behouden", summary="Samenvatting")
        change = ReflectionChange.objects.create(reflection=session, kind="planned")
        _plant(world.markers, change, note="Sessiewijziging")
        action = FollowUpAction.objects.create(
            reflection=session,
            decision="x",
            owner=lead if variant == OWN else None,
            due_date=dt.date(2030, 6, 1),
        )
        _plant(world.markers, action, decision="Besluit", review_note="Terugblik")
        review = ActionReview.objects.create(action=action, outcome="continued")
        _plant(world.markers, review, note="Actiebeoordeling")
        world.objects["reflection"][variant] = session
        world.objects["follow_up_action"][variant] = action


# -- Stories next to the indicators (issue 5) ---------------------------------------------------


def _build_stories(world: World) -> None:
    """For every team variant: a story with an indicator of the team's municipality and
    team, visible to the knowledge circle (so its access policy and its visibility agree for
    every role), written by the walker professional in the "own" team.

    Kind: ``story``. Visibility narrower than the circle is tested in the indicators app.
    """
    from wijkkompas.indicators.models import Story

    world.objects["story"] = {}
    professional = world.users[Role.PROFESSIONAL.value]
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        team = world.teams[variant]
        story = Story.objects.create(
            municipality_id=team.municipality_id,
            team=team,
            indicator="conversations",
            narrative="x",
            visibility="circle",
            created_by=professional if variant == OWN else None,
        )
        _plant(world.markers, story, title="Verhaaltitel", narrative="Verhaal")
        world.objects["story"][variant] = story


# -- API clients (issue 6) -------------------------------------------------------------------------


def _build_api_clients(world: World) -> None:
    """An API client of the users' municipality (acting as the walker administrator) and one
    of the municipality that shares nothing; their names carry markers.

    Kind: ``api_client``. The tokens are not kept: tests that call the API with a token make
    their own client.
    """
    from wijkkompas.api.constants import ApiScope
    from wijkkompas.api.models import ApiClient
    from wijkkompas.api.tokens import new_token

    world.objects["api_client"] = {}
    accounts = {OWN: world.users[Role.ADMIN.value], FOREIGN: world.objects["user"][FOREIGN]}
    for variant, account in accounts.items():
        _token_, prefix, digest = new_token()
        client = ApiClient.objects.create(
            municipality=world.municipalities[variant],
            name="x",
            account=account,
            scopes=list(ApiScope.values),
            token_prefix=prefix,
            token_hash=digest,
        )
        _plant(world.markers, client, name="Koppeling")
        world.objects["api_client"][variant] = client


# -- Imports of files from other systems ----------------------------------------------


def _build_import_jobs(world: World) -> None:
    """Checked imports (a dry run done, waiting for the confirmation): in the users' own team
    one by the walker team lead ("own", so the query counts measure it) and one by the
    walker professional ("other"); in the other team of the users' municipality one by a
    professional who is none of the walker users ("shared"); and one in the municipality
    that shares nothing ("foreign"). Their texts carry markers.

    Kind: ``import_job``. A job is seen only by the user who uploaded it: not by the other
    members of the team, not by the administrator.
    """
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.imports.constants import ImportKind, JobStatus
    from wijkkompas.imports.models import ImportJob

    world.objects["import_job"] = {}
    uploaders = {
        OWN: (world.users[Role.TEAM_LEAD.value], world.teams[OWN]),
        OTHER: (world.users[Role.PROFESSIONAL.value], world.teams[OWN]),
        SHARED: (
            UserFactory(
                username="walker-uploader",
                role=Role.PROFESSIONAL,
                municipality=world.municipalities[OWN],
                teams=[world.teams[OTHER]],
            ),
            world.teams[OTHER],
        ),
        FOREIGN: (
            UserFactory(
                username="walker-foreign-uploader",
                role=Role.PROFESSIONAL,
                municipality=world.municipalities[FOREIGN],
                teams=[world.teams[FOREIGN]],
            ),
            world.teams[FOREIGN],
        ),
    }
    for variant, (user, team) in uploaders.items():
        job = ImportJob.objects.create(
            municipality_id=team.municipality_id,
            team=team,
            created_by=user,
            kind=ImportKind.CONVERSATIONS,
            source_system="x",
            file_format="csv",
            size=2048,
            headers=["clientnummer", "datum", "vindplek"],
            mapping={"held_on": 1, "place": 2},
            status=JobStatus.CHECKED,
            total_rows=3,
            new_count=2,
            error_count=1,
            errors=[[3, "datum", "Geen geldige datum."]],
            preview=[[1, "new"], [2, "new"], [3, "error"]],
        )
        _plant(world.markers, job, source_system="Systeem", message="Melding", file_name="Bestand")
        world.objects["import_job"][variant] = job


# -- Time for the collective (issue 8) -------------------------------------------------------


def _build_time_use(world: World) -> None:
    """Weeks recorded by team members, and the teams' ambitions.

    Kind ``time_split`` (personal data of the employee): the walker professional's own week
    in the "own" team (``own``), the walker coordinator's week in the same team
    (``own_colleague``: the team lead sees it, the professional not), and a member's week
    in the "other", "foreign" and "shared" teams. Kind ``team_time_ambition``: the target
    share of the "own" and "foreign" teams (the team's goal: its team roles and the
    municipality's policy officer and administrator see it).
    """
    from wijkkompas.accounts.tests.factories import UserFactory
    from wijkkompas.timeuse.models import TeamTimeAmbition, TimeSplit
    from wijkkompas.timeuse.weeks import this_week

    week = this_week() - dt.timedelta(weeks=1)
    splits: dict[str, Any] = {}
    recorders = {
        OWN: (world.teams[OWN], world.users[Role.PROFESSIONAL.value]),
        "own_colleague": (world.teams[OWN], world.users[Role.COORDINATOR.value]),
    }
    for variant in (OTHER, FOREIGN, SHARED):
        team = world.teams[variant]
        member = UserFactory(
            username=f"walker-tijd-{variant}",
            role=Role.PROFESSIONAL,
            municipality=team.municipality,
            teams=[team],
        )
        recorders[variant] = (team, member)
    for variant, (team, user) in recorders.items():
        split = TimeSplit.objects.create(
            team=team, user=user, week=week, casework=60, collective=20, network=10, overhead=10
        )
        _plant(world.markers, split, note="Weeknotitie")
        splits[variant] = split
    world.objects["time_split"] = splits
    world.objects["team_time_ambition"] = {}
    for variant in (OWN, FOREIGN):
        ambition = TeamTimeAmbition.objects.create(
            team=world.teams[variant], collective_target=30, set_on=week
        )
        _plant(world.markers, ambition, note="Stoppen")
        world.objects["team_time_ambition"][variant] = ambition


# -- Working groups (issue 8) -------------------------------------------------------------------


def _build_work_groups(world: World) -> None:
    """For every team variant: an open working group of the team, linked to the team's
    opportunity and initiative, with a team member and a resident from the outer ring, an
    agenda item and an action owned by the resident.

    Kinds: ``work_group``, ``work_group_lead`` (the same rows as ``WorkGroupLead``, for the
    close page), ``work_group_member`` (the outer-ring resident), ``work_group_action``.
    Groups are seen by the team roles of their team, the policy officer and the
    administrator; their people, agenda and actions only by the team and the administrator.
    """
    from wijkkompas.workgroups.models import (
        AgendaItem,
        WorkGroup,
        WorkGroupAction,
        WorkGroupLead,
        WorkGroupMember,
    )

    objects = world.objects
    for kind in ("work_group", "work_group_lead", "work_group_member", "work_group_action"):
        objects[kind] = {}
    for variant in (OWN, OTHER, FOREIGN, SHARED):
        group = WorkGroup.objects.create(
            team=world.teams[variant],
            name="x",
            focus_kind="theme",
            focus="x",
            started_on=dt.date(2026, 1, 5),
        )
        _plant(world.markers, group, name="Werkgroep", focus="Focus", purpose="Doel")
        group.opportunities.set([objects["opportunity"][variant]])
        group.initiatives.set([objects["initiative"][variant]])
        WorkGroupMember.objects.create(group=group, membership=objects["membership"][variant])
        outer = WorkGroupMember.objects.create(group=group, outer_kind="resident", label="x")
        _plant(world.markers, outer, label="Bewoner")
        item = AgendaItem.objects.create(group=group, day=dt.date(2026, 2, 3), topic="x")
        _plant(world.markers, item, topic="Agendapunt", notes="Notitie")
        action = WorkGroupAction.objects.create(group=group, what="x", owner=outer)
        _plant(world.markers, action, what="Werkgroepactie")
        objects["work_group"][variant] = group
        objects["work_group_lead"][variant] = WorkGroupLead.objects.get(pk=group.pk)
        objects["work_group_member"][variant] = outer
        objects["work_group_action"][variant] = action

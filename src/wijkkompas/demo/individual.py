"""The demo's individual support: households, residents, consents, conversations, scores,
plans, a case discussion, risk signals and Wmo terms (``demo/data/cases.json``).

Written through the services of each app, acting as the demo account named in the data
(``by``: demo-professional, demo-coordinator, demo-team_lead, demo-resident), so every row
is validated like a real one, the derived fields (Wmo terms, next review, …) are kept by the
services, and the access log gets the entries a real day would give it.

Only what no service can do is written directly, here and nowhere else:

* dates in the past that a service sets to "today" (a household opened months ago, a risk
  signal raised last month, a comment written last week, a consent withdrawn three weeks
  ago) or refuses because they lie in the past (a consent that has ended, a risk review
  that is overdue): the row is made through the service, then the date is set back;
* residents without any consent (a household the team may not see yet): the register
  service requires a consent, so these rows are inserted as they are;
* the link of the demo resident account to its resident (``Resident.user``): in real use
  it comes from the login (docs/operators/digid.md).

Idempotent: a household is known by team and name. On a second load nothing is created;
instead every date of a known household is moved by the days that passed since it was
loaded (the household's ``opened_on`` tells how many), so the worklist keeps showing
overdue and upcoming terms whatever day the demo is loaded again.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import models
from django.utils import timezone

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Neighbourhood
from wijkkompas.conversations import services as conversation_services
from wijkkompas.conversations.models import Conversation
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.instruments.models import Assessment, InstrumentVersion
from wijkkompas.organisations.models import Organisation
from wijkkompas.plans import services as plan_services
from wijkkompas.plans.constants import DiscussionStatus, GoalStatus
from wijkkompas.plans.models import (
    Appointment,
    CaseDiscussion,
    Decision,
    Goal,
    Plan,
    PlanAction,
    PlanComment,
    Review,
)
from wijkkompas.residents import services as resident_services
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.teams.models import Team

CASES_FILE = "cases.json"


def read_cases(data_dir: Any) -> dict[str, Any]:
    return dict(json.loads((data_dir / CASES_FILE).read_text(encoding="utf-8")))


def cases_overview(data: dict[str, Any]) -> str:
    """One line about the individual support in the demo, as it is in the database."""
    households = Household.objects.filter(team__name=data["team"])
    residents = Resident.objects.filter(household__in=households)
    linked = residents.filter(user__isnull=False).select_related("user").first()
    account = linked.user if linked is not None else None
    return (
        f"Individual support in {data['team']}: {households.count()} households, "
        f"{residents.count()} residents, "
        f"{Conversation.objects.filter(household__in=households).count()} conversations, "
        f"{Plan.objects.filter(household__in=households).count()} plans"
        + (
            f"; {account.username} sees the plan of {linked.name} in Mijn plan"
            if linked is not None and account is not None
            else ""
        )
    )


class _Clock:
    """Days relative to the load day."""

    def __init__(self) -> None:
        self.today = timezone.localdate()

    def ago(self, days: int | None) -> dt.date | None:
        return None if days is None else self.today - dt.timedelta(days=days)

    def ahead(self, days: int | None) -> dt.date | None:
        return None if days is None else self.today + dt.timedelta(days=days)

    def at(self, day: dt.date, time: str) -> dt.datetime:
        hour, minute = (int(part) for part in time.split(":"))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def load_cases(*, data: dict[str, Any], municipality: Any, summary: Any) -> None:
    """Load (or move the dates of) every household of ``data`` in the demo team."""
    team = Team.objects.get(municipality=municipality, name=data["team"])
    actors = {
        user.username.removeprefix("demo-"): user
        for user in User.objects.filter(is_demo=True, municipality=municipality)
    }
    clock = _Clock()
    loader = _Loader(team=team, actors=actors, clock=clock, summary=summary)
    for household in data["households"]:
        try:
            loader.household(household)
        except ApplicationError as error:
            # Demo data that a service refuses is a bug in demo/data/cases.json: say where.
            raise ValueError(
                f"demo/data/{CASES_FILE}, household {household['label']!r}: {error.message}"
            ) from error


class _Loader:
    def __init__(self, *, team: Team, actors: dict[str, User], clock: _Clock, summary: Any):
        self.team = team
        self.actors = actors
        self.clock = clock
        self.summary = summary
        self.versions = {
            version.instrument.code: version
            for version in InstrumentVersion.objects.filter(
                instrument__municipality__isnull=True, is_active=True
            ).select_related("instrument")
        }
        self.organisations = {
            o.name: o for o in Organisation.objects.filter(municipality=team.municipality)
        }

    # --- one household --------------------------------------------------------------------

    def household(self, data: dict[str, Any]) -> None:
        opened_on = self.clock.ago(data["opened_days_ago"])
        assert opened_on is not None
        existing = Household.objects.filter(team=self.team, label=data["label"]).first()
        if existing is not None:
            shift_household(existing, opened_on - existing.opened_on)
            self.summary.note("household", False)
            return
        residents = self._residents(data)
        household = next(iter(residents.values())).household
        Household.objects.filter(pk=household.pk).update(opened_on=opened_on)
        household.refresh_from_db()
        self.summary.note("household", True)
        for item in data.get("conversations", []):
            self._conversation(item, residents)
        for item in data.get("risk_signals", []):
            self._risk_signal(item, household, residents)
        plan = self._plan(data["plan"], household, residents) if "plan" in data else None
        if "case_discussion" in data:
            self._discussion(data["case_discussion"], household, plan)
        # Last: consents that were withdrawn or have ended (the conversations above were
        # recorded while they were in force).
        for resident_data in data["residents"]:
            resident = residents[resident_data["name"]]
            for consent_data in resident_data.get("consents", []):
                self._end_consent(consent_data, resident)

    def _actor(self, role: str) -> User:
        return self.actors[role]

    def _consent_input(self, data: dict[str, Any]) -> Any:
        to_team = data["to"] == "team"
        return resident_services.ConsentInput(
            team=self.team if to_team else None,
            organisation=None if to_team else self.organisations[data["organisation"]],
            parts=set(data.get("parts", [])),
            purpose=data["purpose"],
            form=data["form"],
            valid_from=self.clock.ago(data["from_days_ago"]),
            valid_until=self.clock.ahead(data.get("until_in_days")),
        )

    def _residents(self, data: dict[str, Any]) -> dict[str, Resident]:
        neighbourhood = Neighbourhood.objects.get(code=data["neighbourhood"])
        actor = self._actor(data["by"])
        household: Household | None = None
        residents: dict[str, Resident] = {}
        for item in data["residents"]:
            consents = item.get("consents", [])
            details = {
                "name": item["name"],
                "birth_year": item.get("birth_year"),
                "neighbourhood": neighbourhood,
                "phone": item.get("phone", ""),
                "email": item.get("email", ""),
                "address": item.get("address", ""),
            }
            if consents:
                resident = resident_services.resident_register(
                    user=actor,
                    team=self.team,
                    household=household,
                    household_label=data["label"],
                    bsn=item.get("bsn", ""),
                    consent=self._consent_input(consents[0]),
                    **details,
                )
                for extra in consents[1:]:
                    resident_services.consent_record(
                        user=actor, resident=resident, consent=self._consent_input(extra)
                    )
            else:
                # No service registers a resident without consent: inserted as is.
                if household is None:
                    household = Household(
                        municipality=self.team.municipality,
                        team=self.team,
                        label=data["label"],
                        neighbourhood=neighbourhood,
                        opened_on=self.clock.today,
                    )
                    household.full_clean()
                    household.save()
                resident = Resident(household=household, **details)
                resident.full_clean()
                resident.save()
            household = resident.household
            if item.get("account"):
                Resident.objects.filter(pk=resident.pk).update(user=self._actor(item["account"]))
                resident.refresh_from_db()
            residents[resident.name] = resident
            self.summary.note("resident", True)
        return residents

    def _scores(self, scores: dict[str, dict[str, int]]) -> list[tuple[Any, dict[str, int]]]:
        return [(self.versions[code], values) for code, values in scores.items()]

    def _conversation(self, data: dict[str, Any], residents: dict[str, Resident]) -> None:
        wmo = data.get("wmo", {})
        conversation_services.conversation_record(
            user=self._actor(data["by"]),
            resident=residents[data["resident"]],
            held_on=self.clock.ago(data["days_ago"]),
            place=data["place"],
            participants=data.get("participants", ""),
            question=data["question"],
            question_behind=data.get("question_behind", ""),
            life_domains=data.get("life_domains", []),
            own_strength=data.get("own_strength", ""),
            network=data.get("network", ""),
            outcome=data["outcome"],
            collective_opportunity=data.get("collective_opportunity", ""),
            resident_idea=data.get("resident_idea", ""),
            is_wmo_report=bool(wmo),
            reported_on=self.clock.ago(wmo.get("reported_days_ago")),
            applied_on=self.clock.ago(wmo.get("applied_days_ago")),
            assessments=self._scores(data.get("scores", {})),
        )
        self.summary.note("conversation", True)

    def _risk_signal(
        self, data: dict[str, Any], household: Household, residents: dict[str, Resident]
    ) -> None:
        review_in = data.get("review_in_days")
        signal = resident_services.risk_signal_raise(
            user=self._actor(data["by"]),
            household=household,
            kind=data["kind"],
            description=data["description"],
            urgency=data["urgency"],
            resident=residents[data["resident"]] if data.get("resident") else None,
            review_on=self.clock.ahead(review_in) if review_in and review_in > 0 else None,
            meldcode_step=data.get("meldcode_step"),
        )
        # Raised in the past, and possibly a review that is overdue: set back.
        RiskSignal.objects.filter(pk=signal.pk).update(
            raised_on=self.clock.ago(data["raised_days_ago"]),
            review_on=self.clock.ahead(review_in) if review_in is not None else None,
        )
        self.summary.note("risksignal", True)

    def _plan(
        self, data: dict[str, Any], household: Household, residents: dict[str, Resident]
    ) -> Plan:
        coordinator = self._actor(data["coordinator"])
        plan = plan_services.plan_create(
            user=coordinator,
            household=household,
            coordinator=coordinator,
            summary=data["summary"],
            started_on=self.clock.ago(data["started_days_ago"]),
        )
        self.summary.note("plan", True)
        goals = []
        for item in data.get("goals", []):
            by_resident = bool(item.get("by_resident"))
            plan.refresh_from_db()
            goal = plan_services.goal_add(
                user=self._actor("resident") if by_resident else coordinator,
                plan=plan,
                text=item["text"],
                life_domain=item.get("life_domain", ""),
                target_on=self.clock.ahead(item["target_in_days"])
                if item.get("target_in_days", 0) > 0
                else None,
                by_resident=by_resident,
            )
            if item.get("target_in_days") is not None and item["target_in_days"] <= 0:
                Goal.objects.filter(pk=goal.pk).update(
                    target_on=self.clock.ahead(item["target_in_days"])
                )
            if item.get("status", GoalStatus.OPEN) != GoalStatus.OPEN:
                plan.refresh_from_db()
                plan_services.goal_update(
                    user=coordinator,
                    goal=goal,
                    text=goal.text,
                    life_domain=goal.life_domain,
                    status=item["status"],
                    target_on=None,
                    version=plan.version,
                )
                Goal.objects.filter(pk=goal.pk).update(
                    target_on=self.clock.ahead(item.get("target_in_days"))
                )
            goals.append(goal)
            self.summary.note("goal", True)
        for item in data.get("actions", []):
            plan.refresh_from_db()
            due = item.get("due_in_days")
            action = plan_services.action_add(
                user=coordinator,
                plan=plan,
                description=item["description"],
                owner_name=item["owner_name"],
                owner_organisation=self.organisations.get(item.get("organisation", "")),
                goal=goals[item["goal"]] if item.get("goal") is not None else None,
                due_on=self.clock.ahead(due) if due is not None and due > 0 else None,
            )
            done = self.clock.ago(item.get("done_days_ago"))
            # Due (and done) in the past: set back, as the service plans ahead only.
            PlanAction.objects.filter(pk=action.pk).update(
                due_on=self.clock.ahead(due), done_on=done
            )
            self.summary.note("planaction", True)
        for item in data.get("appointments", []):
            plan.refresh_from_db()
            day = self.clock.ahead(item["in_days"])
            assert day is not None
            plan_services.appointment_add(
                user=coordinator,
                plan=plan,
                starts_at=self.clock.at(day, item["time"]),
                place=item.get("place", ""),
                with_whom=item.get("with_whom", ""),
                note=item.get("note", ""),
            )
            self.summary.note("appointment", True)
        for item in data.get("reviews", []):
            self._review(item, plan, coordinator, residents)
        for item in data.get("comments", []):
            by_resident = item["by"] == "resident"
            plan.refresh_from_db()
            comment = plan_services.comment_add(
                user=self._actor(item["by"]),
                plan=plan,
                text=item["text"],
                by_resident=by_resident,
            )
            written = self.clock.ago(item["days_ago"])
            assert written is not None
            PlanComment.objects.filter(pk=comment.pk).update(
                created_at=self.clock.at(written, "10:00")
            )
            self.summary.note("plancomment", True)
        _refresh_next_review(plan)
        return plan

    def _review(
        self, data: dict[str, Any], plan: Plan, coordinator: User, residents: dict[str, Resident]
    ) -> None:
        planned = (
            self.clock.ago(data["planned_days_ago"])
            if "planned_days_ago" in data
            else self.clock.ahead(data["planned_in_days"])
        )
        assert planned is not None
        plan.refresh_from_db()
        if planned >= self.clock.today:
            plan_services.review_schedule(user=coordinator, plan=plan, planned_on=planned)
        else:
            # A review date in the past (held, or overdue): the service plans ahead only.
            review = Review(plan=plan, planned_on=planned)
            review.full_clean()
            review.save()
            if data.get("held"):
                plan.refresh_from_db()
                plan_services.review_hold(
                    user=self._actor(data["by"]),
                    review=review,
                    version=plan.version,
                    held_on=planned,
                    conclusion=data["conclusion"],
                    resident=residents[data["resident"]],
                    assessments=self._scores(data.get("scores", {})),
                )
        self.summary.note("review", True)

    def _discussion(self, data: dict[str, Any], household: Household, plan: Plan | None) -> None:
        organiser = self._actor(data["by"])
        day = self.clock.ago(data["days_ago"])
        assert day is not None
        discussion = plan_services.discussion_create(
            user=organiser,
            household=household,
            scheduled_at=self.clock.at(self.clock.today + dt.timedelta(days=1), data["time"]),
            question=data["question"],
            place=data.get("place", ""),
        )
        for role in data.get("participants", []):
            plan_services.participant_invite(
                user=organiser, discussion=discussion, invitee=self._actor(role)
            )
        # Held two weeks ago: the service plans discussions ahead, so the date is set back
        # before the minutes are recorded.
        CaseDiscussion.objects.filter(pk=discussion.pk).update(
            scheduled_at=self.clock.at(day, data["time"])
        )
        discussion.refresh_from_db()
        plan_services.discussion_record(
            user=organiser,
            discussion=discussion,
            minutes=data["minutes"],
            status=DiscussionStatus.HELD,
        )
        for item in data.get("decisions", []):
            due = item.get("due_in_days")
            decision = plan_services.decision_add(
                user=organiser,
                discussion=discussion,
                text=item["text"],
                owner_name=item["owner_name"],
                owner_organisation=self.organisations.get(item.get("organisation", "")),
                due_on=self.clock.ahead(due) if due is not None and due > 0 else None,
            )
            Decision.objects.filter(pk=decision.pk).update(due_on=self.clock.ahead(due))
            PlanAction.objects.filter(decision_id=decision.pk).update(due_on=self.clock.ahead(due))
            self.summary.note("decision", True)
        self.summary.note("casediscussion", True)

    def _end_consent(self, data: dict[str, Any], resident: Resident) -> None:
        consent = (
            Consent.objects.filter(resident=resident, purpose=data["purpose"])
            .order_by("pk")
            .first()
        )
        if consent is None:
            return
        if data.get("withdrawn_days_ago") is not None:
            resident_services.consent_withdraw(user=self._actor("team_lead"), consent=consent)
            withdrawn = self.clock.ago(data["withdrawn_days_ago"])
            assert withdrawn is not None
            Consent.objects.filter(pk=consent.pk).update(
                withdrawn_at=self.clock.at(withdrawn, "11:00")
            )
        if data.get("until_days_ago") is not None:
            # Ended in the past: the service refuses an end date before today.
            Consent.objects.filter(pk=consent.pk).update(
                valid_until=self.clock.ago(data["until_days_ago"])
            )


def _refresh_next_review(plan: Plan) -> None:
    """The earliest review that has not been held (as the plans services keep it)."""
    first = (
        Review.objects.filter(plan=plan, held_on__isnull=True)
        .order_by("planned_on")
        .values_list("planned_on", flat=True)
        .first()
    )
    Plan.objects.filter(pk=plan.pk).update(next_review_on=first)


# --- moving the dates of a household on a later load -------------------------------------

#: Every date of a case, per model, with the lookup from the model to the household.
_DATED: list[tuple[type[models.Model], str, tuple[str, ...]]] = [
    (Household, "pk", ("opened_on", "closed_on")),
    (Consent, "household_id", ("valid_from", "valid_until", "withdrawn_at")),
    (RiskSignal, "household_id", ("raised_on", "review_on", "resolved_on")),
    (
        Conversation,
        "household_id",
        (
            "held_on",
            "reported_on",
            "investigation_done_on",
            "applied_on",
            "decided_on",
            "wmo_due_on",
        ),
    ),
    (Assessment, "resident__household_id", ("assessed_on",)),
    (Plan, "household_id", ("started_on", "next_review_on", "closed_on")),
    (Goal, "plan__household_id", ("target_on",)),
    (PlanAction, "plan__household_id", ("due_on", "done_on")),
    (Appointment, "plan__household_id", ("starts_at",)),
    (Review, "plan__household_id", ("planned_on", "held_on")),
    (PlanComment, "plan__household_id", ("created_at",)),
    (CaseDiscussion, "household_id", ("scheduled_at",)),
    (Decision, "discussion__household_id", ("due_on",)),
]


def shift_household(household: Household, delta: dt.timedelta) -> int:
    """Move every date of ``household`` by ``delta``; the number of rows changed."""
    return shift_households([household.pk], delta)


#: Households whose rows are read and written together when their dates move.
_SHIFT_CHUNK = 200


def shift_households(household_ids: list[int], delta: dt.timedelta) -> int:
    """Move every date of these households by ``delta``; the number of rows changed."""
    if not delta:
        return 0
    changed = 0
    for i in range(0, len(household_ids), _SHIFT_CHUNK):
        changed += _shift_chunk(household_ids[i : i + _SHIFT_CHUNK], delta)
    return changed


def _shift_chunk(household_ids: list[int], delta: dt.timedelta) -> int:
    changed = 0
    for model, lookup, fields in _DATED:
        rows = list(model._default_manager.filter(**{f"{lookup}__in": household_ids}))
        for row in rows:
            for name in fields:
                value = getattr(row, name)
                if value is not None:
                    setattr(row, name, value + delta)
        if rows:
            model._default_manager.bulk_update(rows, list(fields), batch_size=500)
            changed += len(rows)
    return changed

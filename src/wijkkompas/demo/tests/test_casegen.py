"""The bench generator's case data: consistent, valid, repeatable, growable, removable.

The small scale is generated once per module (in a transaction rolled back at the end);
tests that change the data generate their own.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, F, Min, Q

from wijkkompas.accounts.constants import TEAM_ROLES
from wijkkompas.accounts.models import User
from wijkkompas.conversations.models import Conversation
from wijkkompas.conversations.services import wmo_due_on
from wijkkompas.demo import casegen
from wijkkompas.demo.generator import (
    CASE_SCALES,
    bench_data_generate,
    generated_municipalities,
)
from wijkkompas.instruments.models import Assessment, AssessmentScore, InstrumentVersion
from wijkkompas.plans.constants import PlanStatus
from wijkkompas.plans.models import Plan, PlanAction, Review
from wijkkompas.residents.models import Consent, Household, Resident, RiskSignal
from wijkkompas.residents.validators import is_valid_bsn
from wijkkompas.teams.models import Membership

#: One worker builds the module's data once (``--dist loadgroup``, as bin/run-tests runs).
pytestmark = pytest.mark.xdist_group("demo-casegen")

TODAY = dt.date(2026, 6, 15)
SMALL = CASE_SCALES["small"]


@pytest.fixture(scope="module")
def generated(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """The small scale, generated once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield bench_data_generate(scale="small", seed=7, today=TODAY)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def worker() -> User:
    return User.objects.get(username=casegen.BENCH_WORKER_USERNAME)


def fingerprint() -> list[tuple[Any, ...]]:
    """The generated case data by natural values (ids differ between runs)."""
    return [
        *Resident.objects.order_by("pk").values_list(
            "name", "birth_year", "bsn", "household__label", "household__team__name"
        ),
        *Conversation.objects.order_by("pk").values_list(
            "resident__name", "author__username", "held_on", "outcome", "question", "wmo_due_on"
        ),
        *AssessmentScore.objects.order_by("pk").values_list(
            "assessment__resident__name", "domain__code", "value"
        ),
        *Plan.objects.order_by("pk").values_list(
            "household__label", "coordinator__username", "next_review_on"
        ),
        *Consent.objects.order_by("pk").values_list(
            "resident__name", "team__name", "organisation__name", "valid_until", "withdrawn_at"
        ),
    ]


def own_work() -> dict[str, int]:
    """What the worklist of the bench worker is made of (the same at every size)."""
    user = worker()
    return {
        "conversations": Conversation.objects.filter(author=user).count(),
        "open_wmo": Conversation.objects.filter(author=user, wmo_due_on__isnull=False).count(),
        "plans": Plan.objects.filter(coordinator=user, status=PlanStatus.ACTIVE).count(),
        "actions_open": PlanAction.objects.filter(owner_user=user, done_on__isnull=True).count(),
        "risks_open": RiskSignal.objects.filter(raised_by=user, resolved_on__isnull=True).count(),
    }


@pytest.mark.django_db
class TestSmallScale:
    def test_counts(self, generated: Any) -> None:
        counts = generated.counts
        assert counts["conversations"] == SMALL.conversations == 1500
        assert counts["residents"] == SMALL.residents == 450
        assert counts["users"] == counts["memberships"] == 200
        assert 0.28 < counts["assessments"] / counts["conversations"] < 0.39
        assert counts["assessment_scores"] == 13 * counts["assessments"]
        assert counts["households"] < counts["residents"]
        assert counts["plans"] and counts["risk_signals"] and counts["plan_actions"]
        assert Conversation.objects.count() == counts["conversations"]
        assert generated.rows == sum(counts.values())

    def test_conversations_agree_with_their_resident(self, generated: Any) -> None:
        conversations = Conversation.objects.all()
        assert not conversations.exclude(household_id=F("resident__household_id")).exists()
        assert not conversations.exclude(team_id=F("household__team_id")).exists()
        assert not conversations.exclude(municipality_id=F("household__municipality_id")).exists()
        assert not Household.objects.exclude(municipality_id=F("team__municipality_id")).exists()
        assert not Resident.objects.exclude(
            neighbourhood_id=F("household__neighbourhood_id")
        ).exists()
        assert not conversations.filter(held_on__lt=F("household__opened_on")).exists()
        assert not conversations.filter(held_on__gt=F("household__closed_on")).exists()
        assert not conversations.filter(held_on__gt=TODAY).exists()
        earliest = conversations.aggregate(first=Min("held_on"))["first"]
        assert TODAY - earliest > dt.timedelta(days=2 * 365)
        # Authors are members of the conversation's team.
        authors = set(conversations.values_list("team_id", "author_id").distinct())
        members = set(Membership.objects.values_list("team_id", "user_id"))
        assert authors <= members

    def test_wmo_terms_follow_the_conversations_rule(self, generated: Any) -> None:
        fields = ("is_wmo_report", "reported_on", "investigation_done_on", "applied_on")
        rows = Conversation.objects.values(*fields, "decided_on", "wmo_due_on", "held_on")
        states: Counter[str] = Counter()
        for row in rows:
            due = row.pop("wmo_due_on")
            held_on = row.pop("held_on")
            assert due == wmo_due_on(**row)
            if row["is_wmo_report"]:
                assert row["reported_on"] == held_on
                states["open" if due else "closed"] += 1
                if due and due < TODAY:
                    states["overdue"] += 1
            else:
                assert not any(row[f] for f in fields[1:]) and row["decided_on"] is None
        assert states["open"] and states["closed"] and states["overdue"]

    def test_zrm_assessments(self, generated: Any) -> None:
        zrm = InstrumentVersion.objects.get(
            instrument__code="zrm", instrument__municipality__isnull=True, label="2017"
        )
        assessments = Assessment.objects.all()
        assert set(assessments.values_list("version_id", flat=True)) == {zrm.pk}
        assert not assessments.exclude(resident_id=F("conversation__resident_id")).exists()
        assert not assessments.exclude(assessed_on=F("conversation__held_on")).exists()
        per_assessment = set(
            assessments.annotate(n=Count("scores")).values_list("n", flat=True).distinct()
        )
        assert per_assessment == {13}
        values = set(AssessmentScore.objects.values_list("value", flat=True).distinct())
        assert values <= {1, 2, 3, 4, 5} and len(values) == 5
        # A profile over time: residents with several assessments.
        assert Resident.objects.annotate(n=Count("assessments")).filter(n__gte=3).exists()

    def test_consents(self, generated: Any) -> None:
        consents = Consent.objects.all()
        assert not consents.exclude(household_id=F("resident__household_id")).exists()
        team_consents = consents.filter(team__isnull=False)
        assert not team_consents.exclude(team_id=F("household__team_id")).exists()
        organisation_consents = consents.filter(organisation__isnull=False)
        assert organisation_consents.exists()
        assert not organisation_consents.exclude(
            organisation__municipality_id=F("household__municipality_id")
        ).exists()
        withdrawn = consents.filter(withdrawn_at__isnull=False).count()
        expired = consents.filter(valid_until__lt=TODAY).count()
        in_force = consents.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=TODAY), withdrawn_at__isnull=True
        ).count()
        assert withdrawn and expired and in_force > 0.8 * Resident.objects.count()
        # A few residents gave no consent at all.
        assert Resident.objects.filter(consents__isnull=True).exists()

    def test_plans_and_reviews(self, generated: Any) -> None:
        plans = Plan.objects.all()
        assert not plans.exclude(team_id=F("household__team_id")).exists()
        assert not plans.exclude(municipality_id=F("household__municipality_id")).exists()
        members = set(Membership.objects.values_list("team_id", "user_id"))
        assert set(plans.values_list("team_id", "coordinator_id")) <= members
        for plan in plans.filter(status=PlanStatus.ACTIVE).prefetch_related("reviews"):
            open_reviews = [r.planned_on for r in plan.reviews.all() if r.held_on is None]
            assert plan.next_review_on == min(open_reviews)
            assert plan.closed_on is None
        closed = plans.filter(status=PlanStatus.CLOSED)
        assert closed.exists()
        assert not closed.exclude(closed_on=F("household__closed_on")).exists()
        assert not Review.objects.filter(plan__status=PlanStatus.CLOSED, held_on=None).exists()
        assert not PlanAction.objects.exclude(
            owner_organisation__municipality_id=F("plan__municipality_id")
        ).exists()

    def test_accounts_are_linked_to_memberships(self, generated: Any) -> None:
        memberships = Membership.objects.filter(team__municipality__in=generated_municipalities())
        assert not memberships.filter(user__isnull=True).exists()
        assert not memberships.exclude(user__municipality_id=F("team__municipality_id")).exists()
        linked = set(memberships.values_list("user_id", "team_id"))
        assert set(User.teams.through.objects.values_list("user_id", "team_id")) >= linked
        roles = set(User.objects.filter(memberships__in=memberships).values_list("role", flat=True))
        assert roles <= set(TEAM_ROLES) and len(roles) == 3
        assert (
            not User.objects.filter(memberships__in=memberships)
            .exclude(username__startswith="bench-")
            .exists()
        )

    def test_bsns_pass_the_11_proef(self, generated: Any) -> None:
        bsns = list(Resident.objects.exclude(bsn="").values_list("bsn", flat=True))
        assert bsns and len(set(bsns)) == len(bsns)
        assert all(is_valid_bsn(bsn) for bsn in bsns)

    def test_rows_pass_model_validation(self, generated: Any) -> None:
        for model in (Household, Resident, Consent, Conversation, Assessment, Plan, RiskSignal):
            for obj in model.objects.order_by("?")[:15]:  # type: ignore[attr-defined]
                obj.full_clean()

    def test_the_workers_own_work(self, generated: Any) -> None:
        assert own_work() == {
            "conversations": casegen.OWN_CONVERSATIONS,
            "open_wmo": casegen.OWN_OPEN_WMO,
            "plans": casegen.OWN_HOUSEHOLDS,
            "actions_open": own_work()["actions_open"],
            "risks_open": casegen.OWN_RISK_SIGNALS,
        }
        user = worker()
        own_teams = set(user.teams.values_list("pk", flat=True))
        assert len(own_teams) == 1
        # Everything the worker wrote is in the worker's team, with consent in force.
        assert (
            set(Conversation.objects.filter(author=user).values_list("team_id", flat=True))
            == own_teams
        )
        assert Conversation.objects.visible_to(user).filter(author=user).count() == (
            casegen.OWN_CONVERSATIONS
        )

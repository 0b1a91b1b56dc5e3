"""The services of reflection sessions: who may do what, the rules and their messages,
the history, and what a recorded session keeps of what was on the table."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.reflections import services
from wijkkompas.reflections.constants import ActionStatus, ChangeKind, ReflectionStatus
from wijkkompas.reflections.models import ActionReview, FollowUpAction, Reflection
from wijkkompas.teams.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def _plan(world: Any, user: Any = None, **kwargs: Any) -> Reflection:
    data: dict[str, Any] = {
        "team": world.team,
        "title": "Kairosmoment",
        "planned_on": TODAY + dt.timedelta(days=7),
        "facilitator": world.members[Role.TEAM_LEAD],
        "participants": [world.members[Role.PROFESSIONAL], world.members["outer"]],
    } | kwargs
    return services.reflection_plan(user=user or world.user(Role.TEAM_LEAD), **data)


def test_the_team_lead_plans_with_members_and_a_line_of_history(world: Any) -> None:
    session = _plan(world, title="  Kairosmoment  ")
    assert session.title == "Kairosmoment" and session.status == ReflectionStatus.PLANNED
    assert set(session.participants.all()) == {
        world.members[Role.PROFESSIONAL],
        world.members["outer"],
    }
    assert session.changes.get().kind == ChangeKind.PLANNED


@pytest.mark.parametrize(
    "who", [Role.PROFESSIONAL, Role.COORDINATOR, "sibling_lead", "foreign_lead"]
)
def test_only_the_team_lead_of_the_team_plans(world: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        _plan(world, user=world.user(who))
    assert not Reflection.objects.filter(title="Kairosmoment").exists()


def test_planning_refuses_bad_input_with_a_clear_message(world: Any) -> None:
    outsider = MembershipFactory(team=world.sibling, person_name="Iemand van Noord")
    cases: list[tuple[dict[str, Any], str]] = [
        ({"title": "  "}, "Give the session a short title."),
        ({"planned_on": None}, "Choose the date of the session."),
        ({"participants": [outsider]}, "Facilitator and participants must be members"),
        ({"facilitator": outsider}, "Facilitator and participants must be members"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ApplicationError) as error:
            _plan(world, **kwargs)
        assert message in str(error.value.message)
    assert not Reflection.objects.filter(title="Kairosmoment").exists()


def _record(world: Any, session: Any, **kwargs: Any) -> Reflection:
    data: dict[str, Any] = {
        "held_on": TODAY,
        "keep": "De inloop",
        "right_things": "Ja, maar te weinig met bewoners.",
    } | kwargs
    return services.reflection_record(user=world.user(Role.TEAM_LEAD), reflection=session, **data)


def test_recording_keeps_what_was_on_the_table(world: Any) -> None:
    session = _record(world, world.planned, participants=[world.members[Role.COORDINATOR]])
    session.refresh_from_db()
    assert session.status == ReflectionStatus.HELD and session.held_on == TODAY
    assert [r["title"] for r in session.snapshot["risks"]] == ["Wachtlijst schuldhulp"]
    assert session.snapshot["risks"][0]["level"] == "high"
    assert session.snapshot["indicators"], "the key indicators are on the table"
    assert {"code", "name", "headline"} <= set(session.snapshot["indicators"][0])
    assert list(session.participants.all()) == [world.members[Role.COORDINATOR]]
    assert session.changes.filter(kind=ChangeKind.RECORDED).count() == 1
    # The risk changes afterwards; the record still shows it as it was.
    world.risk.title = "Andere titel"
    world.risk.save()
    session.refresh_from_db()
    assert session.snapshot["risks"][0]["title"] == "Wachtlijst schuldhulp"


def test_recording_refuses_bad_input(world: Any) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"held_on": TODAY + dt.timedelta(days=1)}, "not before"),
        ({"held_on": None}, "Fill in the day the session was held."),
        ({"keep": "", "right_things": " "}, "Write down at least one answer"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ApplicationError) as error:
            _record(world, world.planned, **kwargs)
        assert message in str(error.value.message)
    world.planned.refresh_from_db()
    assert world.planned.status == ReflectionStatus.PLANNED and not world.planned.snapshot
    with pytest.raises(ApplicationError, match="recorded already"):
        _record(world, world.held)


def test_only_the_team_lead_records_and_out_of_scope_is_404(world: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.reflection_record(
            user=world.user(Role.COORDINATOR), reflection=world.planned, held_on=TODAY, keep="x"
        )
    with pytest.raises(Http404):
        services.reflection_record(
            user=world.user("sibling_lead"), reflection=world.planned, held_on=TODAY, keep="x"
        )


def test_a_change_after_the_session_is_marked_and_kept_in_history(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    snapshot = dict(world.held.snapshot)
    services.reflection_update(user=lead, reflection=world.held, stop="Dubbel registreren.")
    assert not world.held.changes.exists(), "nothing changed: no line of history"
    session = services.reflection_update(
        user=lead, reflection=world.held, stop="Twee keer hetzelfde vragen.", note="Aangevuld"
    )
    assert session.amended_at is not None
    change = session.changes.get()
    assert change.kind == ChangeKind.UPDATED and change.changed_fields == ["stop"]
    assert change.note == "Aangevuld" and change.changed_labels == ["What do we stop?"]
    session.refresh_from_db()
    assert session.snapshot == snapshot
    with pytest.raises(ApplicationError, match="at least one answer"):
        services.reflection_update(user=lead, reflection=world.held, keep="", stop="", summary="")
    with pytest.raises(ApplicationError, match="Record the session"):
        services.reflection_update(user=lead, reflection=world.planned, held_on=TODAY)
    planned = services.reflection_update(user=lead, reflection=world.planned, title="Nieuw")
    assert planned.changes.get().kind == ChangeKind.CHANGED and planned.amended_at is None


def test_decisions_become_actions_with_an_owner_of_the_team(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    action = services.action_add(
        user=lead,
        reflection=world.planned,
        decision=" Buurtwandeling met nieuwe collega's ",
        owner=world.user(Role.COORDINATOR),
        due_date=world.planned.planned_on + dt.timedelta(days=30),
    )
    assert action.decision == "Buurtwandeling met nieuwe collega's"
    assert action.status == ActionStatus.OPEN
    cases: list[tuple[dict[str, Any], str]] = [
        ({"decision": ""}, "Write down what the team decided."),
        ({"owner": None}, "Choose the team member"),
        ({"owner": world.user("sibling_lead")}, "active member of the team"),
        ({"owner": world.user(Role.POLICY_OFFICER)}, "active member of the team"),
        ({"due_date": world.planned.planned_on - dt.timedelta(days=1)}, "before the session"),
        ({"due_date": None}, "Choose the date the action is due."),
    ]
    valid: dict[str, Any] = {
        "decision": "x",
        "owner": world.user(Role.PROFESSIONAL),
        "due_date": world.planned.planned_on,
    }
    for wrong, message in cases:
        with pytest.raises(ApplicationError) as error:
            services.action_add(user=lead, reflection=world.planned, **(valid | wrong))
        assert message in str(error.value.message)
    with pytest.raises(PermissionDenied):
        services.action_add(user=world.user(Role.COORDINATOR), reflection=world.planned, **valid)
    assert FollowUpAction.objects.filter(reflection=world.planned).count() == 1


def test_the_next_session_reviews_open_actions(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="why the action continues"):
        services.action_review(
            user=lead, action=world.action, reflection=world.planned, outcome="continued"
        )
    action = services.action_review(
        user=lead,
        action=world.action,
        reflection=world.planned,
        outcome="continued",
        note="Loopt, wachttijd nog hoog.",
    )
    assert action.status == ActionStatus.OPEN and action.reviewed_in == world.planned
    action = services.action_review(
        user=lead, action=world.action, reflection=world.planned, outcome="done"
    )
    assert action.status == ActionStatus.DONE
    assert [r.outcome for r in ActionReview.objects.order_by("pk")] == ["continued", "done"]
    with pytest.raises(ApplicationError, match="closed already"):
        services.action_review(
            user=lead, action=world.action, reflection=world.planned, outcome="dropped", note="x"
        )


def test_a_review_happens_in_a_later_session_of_the_same_team(world: Any) -> None:
    lead = world.user(Role.TEAM_LEAD)
    with pytest.raises(ApplicationError, match="later session"):
        services.action_review(
            user=lead, action=world.action, reflection=world.held, outcome="done"
        )
    with pytest.raises(Http404):
        services.action_review(
            user=lead, action=world.action, reflection=world.sibling_session, outcome="done"
        )
    with pytest.raises(ApplicationError, match="done, continued or dropped"):
        services.action_review(
            user=lead, action=world.action, reflection=world.planned, outcome="half"
        )
    with pytest.raises(PermissionDenied):
        services.action_review(
            user=world.user(Role.PROFESSIONAL),
            action=world.action,
            reflection=world.planned,
            outcome="done",
        )
    world.action.refresh_from_db()
    assert world.action.status == ActionStatus.OPEN


def test_the_owner_marks_their_own_action_done(world: Any) -> None:
    for other in (world.user(Role.COORDINATOR), world.user(Role.POLICY_OFFICER)):
        with pytest.raises((PermissionDenied, Http404)):
            services.action_complete(user=other, action=world.action)
    with pytest.raises(Http404):
        services.action_complete(user=world.user("sibling_lead"), action=world.action)
    action = services.action_complete(
        user=world.user(Role.PROFESSIONAL), action=world.action, note="Spreekuur loopt."
    )
    assert action.status == ActionStatus.DONE and action.reviewed_in is None
    review = action.reviews.get()
    assert review.reflection is None and review.note == "Spreekuur loopt."
    with pytest.raises(ApplicationError, match="closed already"):
        services.action_complete(user=world.user(Role.TEAM_LEAD), action=world.action)

"""Reads of conversations: scope (team, municipality, consent), order, paging, Wmo terms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations import selectors
from wijkkompas.conversations.constants import WmoStatus, WmoTermKind
from wijkkompas.conversations.tests.factories import ConversationFactory
from wijkkompas.residents.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    return timezone.localdate()


def ago(n: int) -> dt.date:
    return today() - dt.timedelta(days=n)


# --- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "resident", "expected"),
    [
        (Role.PROFESSIONAL, "resident", True),
        (Role.TEAM_LEAD, "resident", True),
        (Role.PROFESSIONAL, "partial", False),  # consent without conversations
        (Role.PROFESSIONAL, "sibling_resident", False),
        (Role.POLICY_OFFICER, "resident", False),
        ("sibling_professional", "resident", False),
        ("foreign_professional", "resident", False),
    ],
)
def test_may_record_conversation(world, who, resident, expected):
    user = world.user(who)
    assert selectors.may_record_conversation(user=user, resident=getattr(world, resident)) is (
        expected
    )


# --- a resident's conversations ----------------------------------------------------------


def test_conversations_of_a_resident_newest_first_and_only_in_scope(world):
    older = ConversationFactory(resident=world.resident, held_on=ago(30))
    newer = ConversationFactory(resident=world.resident, held_on=ago(1))
    ConversationFactory(resident=world.partial)
    user = world.user(Role.TEAM_LEAD)
    assert selectors.conversations_of(user=user, resident=world.resident) == [
        newer,
        world.conversation,
        older,
    ]
    assert selectors.conversations_of(user=user, resident=world.partial) == []
    other = world.user("sibling_professional")
    assert selectors.conversations_of(user=other, resident=world.resident) == []


def test_withdrawal_ends_access_at_once(world):
    user = world.user(Role.PROFESSIONAL)
    assert selectors.conversations_of(user=user, resident=world.resident)
    world.consent.withdrawn_at = timezone.now()
    world.consent.save()
    assert selectors.conversations_of(user=user, resident=world.resident) == []
    assert list(selectors.my_conversations(user=user).object_list) == []
    assert selectors.wmo_terms(user=user) == []


# --- Mijn gesprekken -------------------------------------------------------------------------


def test_my_conversations_are_mine_newest_first_and_paged(world):
    me = world.user(Role.PROFESSIONAL)
    mine = [ConversationFactory(resident=world.resident, author=me, held_on=ago(n)) for n in (3, 2)]
    ConversationFactory(resident=world.resident, author=world.user(Role.COORDINATOR))
    first = selectors.my_conversations(user=me, per_page=2)
    assert list(first.object_list) == [mine[1], mine[0]]
    assert first.paginator.count == 3 and first.has_next()
    second = selectors.my_conversations(user=me, page=2, per_page=2)
    assert list(second.object_list) == [world.conversation]
    # a page out of range or not a number shows a page, not an error
    assert selectors.my_conversations(user=me, page="x", per_page=2).number == 1
    assert selectors.my_conversations(user=me, page=99, per_page=2).number == 2


def test_name_is_only_shown_with_consent_for_personalia(world):
    me = world.user(Role.PROFESSIONAL)
    ConsentFactory(
        resident=world.unconsented,
        covers_personalia=False,
        covers_conversations=True,
    )
    ConversationFactory(resident=world.unconsented, author=me, held_on=today())
    rows = list(selectors.my_conversations(user=me).object_list)
    assert [r.resident_visible for r in rows] == [False, True]


# --- Wmo terms --------------------------------------------------------------------------------


def _wmo(world, author, **kwargs):
    return ConversationFactory(resident=world.resident, author=author, wmo=True, **kwargs)


def test_wmo_terms_are_mine_open_and_earliest_first(world):
    me = world.user(Role.PROFESSIONAL)
    overdue = _wmo(world, me, held_on=ago(50))  # investigation due 8 days ago
    soon = _wmo(world, me, held_on=ago(40))  # due in 2 days
    decision = _wmo(
        world,
        me,
        held_on=ago(20),
        investigation_done_on=ago(10),
        applied_on=ago(3),
    )  # decision due in 11 days
    _wmo(world, me, held_on=ago(20), investigation_done_on=ago(10))  # nothing open
    _wmo(world, world.user(Role.COORDINATOR), held_on=ago(45))  # not mine
    hidden = ConversationFactory(resident=world.partial, author=me, wmo=True, held_on=ago(60))
    assert hidden.wmo_due_on is not None  # open, but the consent does not cover it
    terms = selectors.wmo_terms(user=me, today=today())
    assert [t.conversation_id for t in terms] == [overdue.pk, soon.pk, decision.pk]
    assert [t.kind for t in terms] == [
        WmoTermKind.INVESTIGATION,
        WmoTermKind.INVESTIGATION,
        WmoTermKind.DECISION,
    ]
    assert [t.status for t in terms] == [WmoStatus.OVERDUE, WmoStatus.DUE_SOON, WmoStatus.ON_TIME]
    assert [t.days_left for t in terms] == [-8, 2, 11]
    assert terms[0].resident_id == world.resident.pk
    assert terms[0].resident_name == world.resident.name
    assert terms[0].url == f"/gesprekken/{overdue.pk}/"
    assert terms[0].kind_label and terms[0].status_label and terms[0].days_overdue == 8
    assert len(selectors.wmo_terms(user=me, limit=2)) == 2


def test_wmo_terms_of_roles_without_cases_are_empty(world):
    _wmo(world, world.user(Role.ADMIN), held_on=ago(50))
    assert selectors.wmo_terms(user=world.user(Role.ADMIN)) == []


def _count_wmo_terms(user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        selectors.wmo_terms(user=user)
    return len(ctx.captured_queries)


def test_wmo_terms_take_the_same_queries_for_1_and_30_conversations(world):
    one, thirty = world.user(Role.PROFESSIONAL), world.user(Role.TEAM_LEAD)
    _wmo(world, one, held_on=ago(10))
    for n in range(30):
        _wmo(world, thirty, held_on=ago(n))
    small, large = _count_wmo_terms(one), _count_wmo_terms(thirty)
    # the select, the user's organisations for the consent rule, the log entry and its subjects
    assert small == large <= 4, (small, large)


def test_wmo_terms_query_walks_the_author_index_first(world):
    """The plan of the query starts from ``author = user AND wmo_due_on IS NOT NULL``."""
    me = world.user(Role.PROFESSIONAL)
    _wmo(world, me, held_on=ago(10))
    with CaptureQueriesContext(connection) as ctx:
        selectors.wmo_terms(user=me)
    sql = next(q["sql"] for q in ctx.captured_queries if "wmo_due_on" in q["sql"])
    assert '"author_id" = ' in sql and '"wmo_due_on" IS NOT NULL' in sql
    assert "ORDER BY" in sql and "LIMIT 50" in sql
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            plan = " ".join(str(row) for row in cursor.fetchall())
        assert "conversation_author_wmo" in plan, plan

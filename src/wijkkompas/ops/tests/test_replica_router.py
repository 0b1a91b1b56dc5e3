"""Aggregate reads go to the replica, everything else to the primary. The replica here is a
test mirror of the test database (conf/test.py)."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wijkkompas.areas.models import Municipality
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.core.routers import reading_aggregates

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", "replica"]),
]


@pytest.fixture
def replica(settings):
    settings.WIJKKOMPAS_READ_REPLICAS = ["replica"]


def _queries(block):
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections["replica"]) as replica,
    ):
        block()
    return len(primary), len(replica)


def test_reads_in_the_block_go_to_the_replica(replica):
    MunicipalityFactory(code="GM0344", name="Utrecht")

    def read():
        with reading_aggregates() as alias:
            assert alias == "replica"
            assert Municipality.objects.get(code="GM0344").name == "Utrecht"

    assert _queries(read) == (0, 1)
    assert _queries(lambda: Municipality.objects.count()) == (1, 0)  # outside the block


def test_after_a_write_the_block_reads_the_primary(replica):
    def write_then_read():
        with reading_aggregates():
            Municipality.objects.count()
            MunicipalityFactory(code="GM0363", name="Amsterdam")
            assert Municipality.objects.filter(code="GM0363").exists()

    primary, on_replica = _queries(write_then_read)
    assert on_replica == 1  # the read before the write
    assert primary >= 2  # the insert and the read after it


def test_without_replicas_everything_stays_on_the_primary(settings):
    settings.WIJKKOMPAS_READ_REPLICAS = []

    def read():
        with reading_aggregates() as alias:
            assert alias == "default"
            Municipality.objects.count()

    assert _queries(read) == (1, 0)


def test_aggregate_pages_read_from_the_replica_and_others_do_not(replica, client):
    MunicipalityFactory(code="GM0344", name="Utrecht")
    primary, on_replica = _queries(lambda: client.get(reverse("neighbourhoods:public_index")))
    assert on_replica > 0
    primary, on_replica = _queries(lambda: client.get(reverse("ideas:list")))
    assert on_replica == 0


def test_migrations_only_on_the_primary(replica):
    from wijkkompas.core.routers import ReplicaRouter

    assert ReplicaRouter().allow_migrate("replica", "areas") is False
    assert ReplicaRouter().allow_migrate("default", "areas") is None


def test_a_query_compiled_for_the_replica_is_not_sent_to_the_primary_later(replica):
    """``core.compiled`` keys its queries by where reads go: the same question compiled
    inside an aggregate page (replica) and on a case page (primary) are two entries."""
    from wijkkompas.core import compiled

    compiled.clear()
    MunicipalityFactory(code="GM0344", name="Utrecht")

    def ask():
        return compiled.values_rows(
            ("test", "replica-or-primary"),
            lambda code: Municipality.objects.filter(code=code).values("name"),
            args={"code": "GM0344"},
        )

    def in_block():
        with reading_aggregates():
            assert ask() == [{"name": "Utrecht"}]

    assert _queries(in_block) == (0, 1)
    assert _queries(ask) == (1, 0)  # outside the block: the primary, not the replica's SQL
    assert _queries(in_block) == (0, 1)

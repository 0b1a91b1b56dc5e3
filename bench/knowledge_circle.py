"""Benchmark ``knowledge_circle``: GET /kenniskring/ (``circle:index``) as a researcher, over
exactly 11 sharing municipalities of the large generated scale (issue 5: "over 11
municipalities"), against the floor.

The generated scale has 20 municipalities, each sharing its aggregates or not at random.
Before timing, :func:`circle_data` makes exactly 11 of them share (the large one first,
then the others by code; every other municipality of the database stops sharing for the
run) and gives each of the 11 a submitted self-assessment in two measurement rounds of
its own ("Bench nulmeting", "Bench eenmeting"). The page then counts the teams of the 11
(the large one alone has 50 teams and 1,000 members) and 11 answers per question and round.

The page is timed twice: as computed (``computed``: nothing kept, every table read and
rendered, with the query counts) and as served (the main figures: the body kept between
two changes of the circle's data, ``circle.cache``). The query count is also taken with
only 2 sharing municipalities: the two must agree. Everything is put back afterwards
(:func:`circle_data_remove`): the sharing flags as they were, the bench rounds and their
assessments removed.
"""

from __future__ import annotations

import random
import time
from typing import Any

from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.circle.cache import bump
from wijkkompas.demo.generator import generated_municipalities
from wijkkompas.selfassessments.constants import KENNISKRING_QUESTIONNAIRE, AssessmentStatus
from wijkkompas.selfassessments.models import (
    MeasurementRound,
    Question,
    Questionnaire,
    SelfAssessment,
    SelfAssessmentAnswer,
)
from wijkkompas.teams.models import Membership, Team

from .pages import bench_user, count_queries, time_page, verified_client

NAME = "knowledge_circle"
URL_NAME = "circle:index"
SHARING = 11
SMALL_SHARING = 2
TARGET_RATIO_P95 = 3.0
ROUNDS = (("Bench nulmeting", 9001), ("Bench eenmeting", 9002))


def bench_researcher(municipality: Municipality) -> User:
    """The benchmark's own researcher (role researcher, not superuser)."""
    return bench_user(municipality, role=Role.RESEARCHER, name="researcher")


def _chosen(large: Municipality, n: int) -> list[Municipality]:
    others = list(generated_municipalities().exclude(pk=large.pk).order_by("code")[: n - 1])
    return [large, *others]


@transaction.atomic
def circle_data(large: Municipality, *, n: int = SHARING) -> dict[str, Any]:
    """Exactly ``n`` sharing municipalities with two submitted rounds; returns what to put
    back (the ids that shared before) and the sizes."""
    shared_before = list(
        Municipality.objects.filter(shares_aggregates=True).values_list("pk", flat=True)
    )
    chosen = _chosen(large, n)
    ids = [m.pk for m in chosen]
    Municipality.objects.exclude(pk__in=ids).update(shares_aggregates=False)
    Municipality.objects.filter(pk__in=ids).update(shares_aggregates=True)
    questionnaire = Questionnaire.objects.get(code=KENNISKRING_QUESTIONNAIRE)
    questions = list(Question.objects.filter(questionnaire=questionnaire))
    rng = random.Random(11)
    for name, order in ROUNDS:
        measurement_round, _ = MeasurementRound.objects.get_or_create(
            name=name,
            defaults={
                "questionnaire": questionnaire,
                "held_on": "2026-03-01",
                "order": order,
                "open": False,
            },
        )
        SelfAssessment.objects.filter(round=measurement_round).delete()
        assessments = SelfAssessment.objects.bulk_create(
            SelfAssessment(
                round=measurement_round,
                municipality=municipality,
                status=AssessmentStatus.SUBMITTED,
            )
            for municipality in chosen
        )
        SelfAssessmentAnswer.objects.bulk_create(
            SelfAssessmentAnswer(
                assessment=assessment,
                question=question,
                reality=rng.randint(1, 5),
                wish=rng.randint(1, 5),
            )
            for assessment in assessments
            for question in questions
        )
    bump()
    return {
        "shared_before": shared_before,
        "municipalities": len(chosen),
        "teams": Team.objects.filter(municipality__in=ids).count(),
        "members": Membership.objects.filter(team__municipality__in=ids).count(),
    }


@transaction.atomic
def circle_data_remove(shared_before: list[int]) -> None:
    """Put the sharing flags back and remove the bench rounds."""
    Municipality.objects.exclude(pk__in=shared_before).update(shares_aggregates=False)
    Municipality.objects.filter(pk__in=shared_before).update(shares_aggregates=True)
    rounds = MeasurementRound.objects.filter(name__in=[name for name, _order in ROUNDS])
    SelfAssessment.objects.filter(round__in=rounds).delete()
    rounds.delete()
    bump()


def run(
    *,
    large: Municipality,
    small: Municipality,
    requests: int,
    log: Any,
    warmup: int = 20,
    settle: Any = None,
    **kw: Any,
) -> dict[str, Any]:
    url = reverse(URL_NAME)
    started = time.perf_counter()
    shared_before: list[int] | None = None
    try:
        # First with 2 sharing municipalities, for the query count only.
        few = circle_data(large, n=SMALL_SHARING)
        shared_before = few["shared_before"]
        client = verified_client(bench_researcher(large))
        with override_settings(WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS=0):
            client.get(url)
            queries_small = count_queries(client, url)
        size = circle_data(large, n=SHARING)
        generated = time.perf_counter() - started
        if settle is not None:
            settle()
        log(
            f"{NAME}: {size['municipalities']} sharing municipalities, {size['teams']} teams, "
            f"{size['members']:,} members, 2 rounds (prepared in {generated:.1f} s)"
        )
        with override_settings(WIJKKOMPAS_AREA_PAGE_CACHE_SECONDS=0):
            client.get(url)
            queries = count_queries(client, url)
            floor_queries = count_queries(client, reverse("web:health"))
            log(
                f"  {queries} queries (with {SMALL_SHARING} municipalities: {queries_small}); "
                f"timing {requests} computed…"
            )
            computed = time_page(
                client,
                url,
                requests=requests,
                warmup=warmup,
                progress=lambda n: log(f"  {n}/{requests}"),
            )
        client.get(url)
        queries_kept = count_queries(client, url)
        log(f"  kept: {queries_kept} queries; timing {requests} served…")
        timing = time_page(
            client,
            url,
            requests=requests,
            warmup=warmup,
            progress=lambda n: log(f"  {n}/{requests}"),
        )
    finally:
        if shared_before is not None:
            circle_data_remove(shared_before)
    figures = timing.figures()
    return {
        "url": url,
        **figures,
        "queries": queries,
        "queries_small": queries_small,
        "queries_grow": queries_small != queries,
        "queries_kept": queries_kept,
        "floor_queries": floor_queries,
        "computed": computed.figures(),
        "municipalities": size["municipalities"],
        "teams": size["teams"],
        "members": size["members"],
        "rows": size["teams"] + size["municipalities"] * 2 * 11,
        "data_seconds": round(generated, 2),
        "target_ratio_p95": TARGET_RATIO_P95,
        "meets_target": figures["ratio_p95"] <= TARGET_RATIO_P95 and queries_small == queries,
    }

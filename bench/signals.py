"""Benchmarks of the signal engine (docs/operators/benchmarks.md, "Signals").

``signals_recompute``: recompute every signal and theme of one year of the large generated
municipality with :data:`CONVERSATIONS` conversations in that year, from their digests.
Figure ``seconds``; target ≤ 60.

``signal_update``: the bench worker records one conversation through the service; the
queued task (digest with de-identification, then the update of its team, district and
neighbourhood for its month, quarter and year) runs; ``seconds`` is the time from the
start of the save until the neighbourhood's month signal counts it, the worst of
:data:`UPDATE_RUNS` runs. Target ≤ 1.

Preparing the data is not timed: the generator makes the conversations (spread over three
years; they are folded into the benchmark year), and their digests are written in bulk.
The generated texts come from fixed template lists, so each distinct combination is
de-identified once (``digests_bulk_write`` with a cache) instead of 200,000 times.
"""

from __future__ import annotations

import datetime as dt
import math
import statistics
import time
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

NAME_RECOMPUTE = "signals_recompute"
NAME_UPDATE = "signal_update"
CONVERSATIONS = 200_000
TARGET_RECOMPUTE_SECONDS = 60.0
TARGET_UPDATE_SECONDS = 1.0
UPDATE_RUNS = 5
DIGEST_CHUNK = 5000


def bench_year() -> int:
    """The last full year: all conversations are in the past."""
    return dt.date.today().year - 1


def _fold_into_year(municipality_id: int, year: int) -> None:
    """Move the municipality's conversations into ``year`` (one day per id, all in the past)."""
    start = dt.date(year, 1, 1)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE conversations_conversation SET held_on = %s::date + (id %% 365)::int "
                "WHERE municipality_id = %s",
                [start, municipality_id],
            )
        else:
            cursor.execute(
                "UPDATE conversations_conversation SET held_on = "
                "date(%s, '+' || (id %% 365) || ' days') WHERE municipality_id = %s",
                [start.isoformat(), municipality_id],
            )


#: The year's conversations at the small scale (the test of the runner): enough to exercise
#: every step, small enough for the test suite.
CONVERSATIONS_SMALL = 2_000


def prepare(
    *,
    municipality: Any,
    seed: int,
    say: Callable[[str], None],
    conversations: int = CONVERSATIONS,
) -> dict[str, Any]:
    """Conversations and digests of one year of ``municipality`` (reused when there)."""
    from wijkkompas.demo.casegen import cases_generate, cases_top_up, generated_conversations
    from wijkkompas.signals.models import ConversationDigest
    from wijkkompas.signals.selectors import conversations_without_digest
    from wijkkompas.signals.services import digests_bulk_write

    year = bench_year()
    started = time.perf_counter()
    have = generated_conversations([municipality.pk])
    if have < conversations:
        say(f"Generating {conversations:,} conversations for {municipality.name}…")
        kwargs: dict[str, Any] = {
            "municipality_ids": [municipality.pk],
            "conversations": conversations,
            "seed": seed,
            "today": dt.date(year, 12, 31),
            "say": say,
        }
        with transaction.atomic():
            if have == 0:
                cases_generate(**kwargs)
            else:
                # The case benchmarks generated this municipality's share of their data:
                # new blocks are numbered after every block used, so no BSN repeats.
                from wijkkompas.conversations.models import Conversation
                from wijkkompas.demo.casegen import BLOCK_CONVERSATIONS

                used = Conversation.objects.count()
                cases_top_up(**kwargs, first_block=math.ceil(used / BLOCK_CONVERSATIONS) + 1)
    _fold_into_year(municipality.pk, year)
    generated = time.perf_counter() - started
    ids = conversations_without_digest(municipality_id=municipality.pk)
    say(f"Writing {len(ids):,} digests (de-identifying each distinct text once)…")
    started = time.perf_counter()
    cache: dict[Any, Any] = {}
    for i in range(0, len(ids), DIGEST_CHUNK):
        digests_bulk_write(conversation_ids=ids[i : i + DIGEST_CHUNK], cache=cache)
    # Digests of conversations folded into the year after they were digested.
    ConversationDigest.objects.filter(municipality_id=municipality.pk).exclude(
        month__gte=dt.date(year, 1, 1), month__lt=dt.date(year + 1, 1, 1)
    ).delete()
    missing = conversations_without_digest(municipality_id=municipality.pk)
    for i in range(0, len(missing), DIGEST_CHUNK):
        digests_bulk_write(conversation_ids=missing[i : i + DIGEST_CHUNK], cache=cache)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE signals_conversationdigest")
    return {
        "prepare_generate_seconds": round(generated, 2),
        "prepare_digest_seconds": round(time.perf_counter() - started, 2),
        "distinct_texts": len(cache),
    }


def run_recompute(*, municipality: Any, say: Callable[[str], None]) -> dict[str, Any]:
    from wijkkompas.signals.models import ConversationDigest
    from wijkkompas.signals.services import signals_recompute

    year = bench_year()
    in_year = ConversationDigest.objects.filter(
        municipality_id=municipality.pk,
        month__gte=dt.date(year, 1, 1),
        month__lt=dt.date(year + 1, 1, 1),
    ).count()
    say(f"Recomputing {year} of {municipality.name} ({in_year:,} conversations)…")
    started = time.perf_counter()
    rows = signals_recompute(municipality_id=municipality.pk, year=year)
    seconds = time.perf_counter() - started
    say(f"  {rows:,} signal and theme rows in {seconds:.2f} s")
    return {
        "seconds": round(seconds, 3),
        "conversations": in_year,
        "rows": rows,
        "rows_per_s": round(rows / max(seconds, 1e-9), 1),
        "year": year,
        "target_seconds": TARGET_RECOMPUTE_SECONDS,
        "meets_target": seconds <= TARGET_RECOMPUTE_SECONDS,
    }


def _resident_for(worker: Any) -> Any:
    from wijkkompas.conversations import selectors as conversation_selectors
    from wijkkompas.conversations.models import Conversation

    for conversation in Conversation.objects.visible_to(worker).select_related(
        "resident__household"
    )[:50]:
        resident = conversation.resident
        if resident.household.neighbourhood_id and conversation_selectors.may_record_conversation(
            user=worker, resident=resident
        ):
            return resident
    raise RuntimeError("No resident the bench worker may record a conversation with")


def run_update(*, say: Callable[[str], None]) -> dict[str, Any]:
    from wijkkompas.conversations.constants import FindingPlace, LifeDomain, Outcome
    from wijkkompas.conversations.services import conversation_record
    from wijkkompas.signals import text
    from wijkkompas.signals.models import AreaSignal
    from wijkkompas.signals.services import conversation_signals_refresh

    from .worklist import bench_worker

    worker = bench_worker()
    resident = _resident_for(worker)
    neighbourhood_id = resident.household.neighbourhood_id
    held_on = dt.date(bench_year(), 11, 15)
    month = held_on.replace(day=1)
    say("Loading the de-identification model (once per process)…")
    started = time.perf_counter()
    text.deidentifier()
    load = time.perf_counter() - started
    runs: list[float] = []
    for i in range(UPDATE_RUNS):

        def count() -> int:
            row = AreaSignal.objects.filter(
                area_kind="neighbourhood",
                area_id=neighbourhood_id,
                period="month",
                period_start=month,
                measure="conversations",
            ).first()
            return row.value if row is not None else 0

        before = count()
        saved: list[int] = []
        started = time.perf_counter()
        with transaction.atomic():
            conversation = conversation_record(
                user=worker,
                resident=resident,
                held_on=held_on,
                place=FindingPlace.HOME,
                question=(
                    "Mevrouw Jansen van de Dorpsstraat 3 voelt zich eenzaam sinds de "
                    f"buurvrouw verhuisde (bel 06-1234567{i})."
                ),
                outcome=Outcome.COLLECTIVE,
                life_domains=[LifeDomain.SOCIAL_NETWORK.value],
                collective_opportunity="Een wandelgroep voor ouderen in de buurt.",
            )
            saved.append(conversation.pk)
        # What the worker does with the queued task (its id only).
        conversation_signals_refresh(conversation_id=saved[0])
        after = count()
        seconds = time.perf_counter() - started
        if after != before + 1:
            raise RuntimeError(f"The month signal went from {before} to {after}, not up by one")
        runs.append(seconds)
        say(f"  update {i + 1}: {seconds * 1000:.0f} ms")
    worst = max(runs)
    return {
        "seconds": round(worst, 3),
        "median_seconds": round(statistics.median(runs), 3),
        "runs": [round(r, 3) for r in runs],
        "model_load_seconds": round(load, 2),
        "rows": len(runs),
        "rows_per_s": round(len(runs) / max(sum(runs), 1e-9), 1),
        "target_seconds": TARGET_UPDATE_SECONDS,
        "meets_target": worst <= TARGET_UPDATE_SECONDS,
    }

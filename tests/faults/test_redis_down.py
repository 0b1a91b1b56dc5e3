"""Redis down: the pages and the API keep working (the cache fails soft), a change whose task
cannot be queued is still saved and answered normally, and the work queued while Redis was
away is done once when it is back (the scheduler's ``recover`` job queues it again)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable

from .harness import App, Http, wait_for
from .test_database_restart import API

PAGES = ["/", "/inwoners/", "/wijken/"]


def test_redis_down_pages_work_and_no_task_is_lost(
    make_app: Callable[..., App], cluster: tuple
) -> None:
    work, pg, redis = cluster
    app = make_app(WIJKKOMPAS_RECOVER_AFTER="3", WIJKKOMPAS_SCHEDULER_INTERVAL="1")
    database = app.environ["DATABASE_URL"].rsplit("/", 1)[1]
    app.start_web()
    app.start_worker()
    professional = app.session_for("demo-professional")
    api = Http(app.port)

    def pages_answer() -> dict[str, int]:
        answers = {path: professional.get(path).status for path in PAGES}
        answers["api"] = api.get("/api/v1/conversations/?page_size=5", headers=API).status
        return answers

    before = pages_answer()
    assert set(before.values()) <= {200, 302}, before

    redis.stop()
    try:
        during = pages_answer()
        assert during == before, f"with Redis down: {during}, before: {before}"
        # A change whose task (the signals of the conversation) cannot be queued now.
        resident = api.get("/api/v1/residents/", headers=API).json()["results"][0]["id"]
        choices = app.python(
            "import json\n"
            "from wijkkompas.conversations.constants import FindingPlace, Outcome\n"
            "print(json.dumps([FindingPlace.values[0], Outcome.values[0]]))\n"
        )
        body = {
            "resident": resident,
            "held_on": "2026-11-03",
            "place": choices[0],
            "outcome": choices[1],
            "question": "Vraag terwijl Redis weg is",
        }
        recorded = api.request(
            "POST",
            "/api/v1/conversations/",
            body=json.dumps(body).encode(),
            headers={**API, "Content-Type": "application/json"},
        )
        assert recorded.status == 201, recorded.text[:500]
        question = "SELECT count(*) FROM conversations_conversation WHERE question = %s"
        assert (
            pg.execute(question.replace("%s", "'Vraag terwijl Redis weg is'"), database)[0][0] == 1
        )
        # An import's dry run queued while Redis is away.
        csv = work.path / f"redis-{app.port}.csv"
        csv.write_text(
            "Cliëntnummer;Naam;Huishouden;Geboortejaar;Buurt;BSN;Toestemming gesprekken\n"
            + "".join(f"R{n};Inwoner {n};Huishouden R{n};1980;;;ja\n" for n in range(20)),
            encoding="utf-8",
        )
        job = app.start_import(csv, source="Redis")
        time.sleep(2)
    finally:
        redis.start()

    after = pages_answer()
    assert after == before
    status = f"SELECT status, total_rows FROM imports_importjob WHERE id = {int(job)}"
    wait_for(
        lambda: pg.execute(status, database)[0][0] == "checked",
        timeout=180,
        what="the dry run queued while Redis was down",
        interval=1,
    )
    assert pg.execute(status, database)[0] == ("checked", 20)
    # The conversation's task, kept in the database while Redis was away, was moved to RQ
    # and run: nothing waits any more, and its digest (for the signals) exists once.
    waiting = "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'READY'"
    wait_for(
        lambda: pg.execute(waiting, database)[0][0] == 0,
        timeout=180,
        what="the tasks kept while Redis was down moved to RQ",
        interval=1,
    )
    digests = (
        "SELECT count(*) FROM signals_conversationdigest d JOIN conversations_conversation c "
        "ON c.id = d.conversation_id WHERE c.question = '{}'"
    )
    wait_for(
        lambda: pg.execute(digests.format(body["question"]), database)[0][0] == 1,
        timeout=120,
        what="the conversation's signals task ran",
        interval=1,
    )

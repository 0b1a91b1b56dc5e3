"""PostgreSQL restarted under load: a few threads read pages and the API and record
conversations through the API while the private PostgreSQL is stopped and started again.

During the outage every answer is a 503 (the unavailable page, or problem+json under /api/,
with Retry-After), never a 500; nothing is half-written (every conversation whose recording
was answered 201 is there, none whose recording was refused is); and the service resumes by
itself when the database is back, without restarting the app."""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from .harness import App, Http, wait_for

TOKEN = "wk_demo0000_Wijkkompas-demo-koppeling-NIET-GEHEIM-2026"  # the demo's public token
API = {"Authorization": f"Token {TOKEN}", "Accept": "application/json"}


@dataclass
class Record:
    """What the load saw: (phase, kind, status, marker) per answer."""

    answers: list[tuple[str, str, int, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    phase: str = "before"
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, status: int, marker: str = "") -> None:
        with self.lock:
            self.answers.append((self.phase, kind, status, marker))


def check_unavailable(kind: str, response: object, record: Record) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    if "retry-after" not in headers:
        record.problems.append(f"{kind}: 503 without Retry-After")
    if kind.startswith("api"):
        if headers.get("content-type") != "application/problem+json":
            record.problems.append(f"{kind}: 503 as {headers.get('content-type')}")
        elif response.json().get("status") != 503:  # type: ignore[attr-defined]
            record.problems.append(f"{kind}: problem without status 503")
    elif "<html" not in response.text.lower():  # type: ignore[attr-defined]
        record.problems.append(f"{kind}: 503 without the unavailable page")


def test_postgresql_restart_under_load(make_app: Callable[..., App], cluster: tuple) -> None:
    _work, pg, _redis = cluster
    app = make_app(WIJKKOMPAS_DB_POOL_TIMEOUT="2", WIJKKOMPAS_DB_POOL_MIN="1")
    database = app.environ["DATABASE_URL"].rsplit("/", 1)[1]
    choices = app.python(
        "import json\n"
        "from wijkkompas.conversations.constants import FindingPlace, Outcome\n"
        "print(json.dumps([FindingPlace.values[0], Outcome.values[0]]))\n"
    )
    app.start_web()
    professional = app.session_for("demo-professional")
    api = Http(app.port)

    # A resident the demo's API client may record a conversation for.
    residents = api.get("/api/v1/residents/", headers=API)
    assert residents.status == 200, residents.text[:300]

    def record_conversation(resident: int, marker: str) -> object:
        body = {
            "resident": resident,
            "held_on": "2026-11-02",
            "place": choices[0],
            "outcome": choices[1],
            "question": f"Vraag {marker}",
        }
        return api.request(
            "POST",
            "/api/v1/conversations/",
            body=json.dumps(body).encode(),
            headers={**API, "Content-Type": "application/json"},
        )

    resident = None
    for row in residents.json()["results"]:
        if record_conversation(row["id"], "probe-" + uuid.uuid4().hex).status == 201:  # type: ignore[attr-defined]
            resident = row["id"]
            break
    assert resident is not None, "no resident accepts a conversation from the demo client"

    record = Record()
    stop = threading.Event()

    def reader_page() -> None:
        client = Http(app.port, cookies=dict(professional.cookies), timeout=30)
        while not stop.is_set():
            response = client.get("/inwoners/")
            record.add("page", response.status)
            if response.status == 503:
                check_unavailable("page", response, record)
            time.sleep(0.05)

    def reader_api() -> None:
        client = Http(app.port, timeout=30)
        while not stop.is_set():
            response = client.get("/api/v1/conversations/?page_size=5", headers=API)
            record.add("api-read", response.status)
            if response.status == 503:
                check_unavailable("api-read", response, record)
            time.sleep(0.05)

    def writer() -> None:
        while not stop.is_set():
            marker = uuid.uuid4().hex
            response = record_conversation(resident, marker)
            record.add("api-write", response.status, marker)  # type: ignore[attr-defined]
            if response.status == 503:  # type: ignore[attr-defined]
                check_unavailable("api-write", response, record)
            time.sleep(0.05)

    threads = [threading.Thread(target=t, daemon=True) for t in (reader_page, reader_api, writer)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(3)
        record.phase = "outage"
        pg.stop("fast")
        time.sleep(8)
        record.phase = "back"
        pg.start()

        def all_kinds_succeed_again() -> bool:
            recent = [a for a in record.answers[-30:] if a[0] == "back"]
            good = {kind for _phase, kind, status, _m in recent if status in (200, 201)}
            return good == {"page", "api-read", "api-write"}

        wait_for(all_kinds_succeed_again, timeout=60, what="the service resumes by itself")
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        if not pg.running():
            pg.start()

    statuses = {(phase, status) for phase, _kind, status, _m in record.answers}
    assert not record.problems, record.problems
    assert all(status in (200, 201, 503) for _phase, status in statuses), sorted(statuses)
    assert ("before", 503) not in statuses
    outage = [a for a in record.answers if a[0] == "outage"]
    assert any(status == 503 for _p, _k, status, _m in outage), "no request saw the outage"
    # Nothing half-written: exactly the recordings answered 201 are in the database.
    created = {m for _p, kind, status, m in record.answers if kind == "api-write" and status == 201}
    refused = {m for _p, kind, status, m in record.answers if kind == "api-write" and status != 201}
    stored = {
        row[0].removeprefix("Vraag ")
        for row in pg.execute(
            "SELECT question FROM conversations_conversation WHERE question LIKE 'Vraag %%'",
            database,
        )
    }
    stored = {m for m in stored if not m.startswith("probe-")}
    assert created <= stored, f"answered 201 but not stored: {created - stored}"
    assert not (refused & stored), f"refused but stored: {refused & stored}"
    assert stored == created

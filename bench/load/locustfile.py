"""The load test's mix of users (locust). Django-free on purpose: locust patches the standard
library with gevent, which Django's database connections do not survive, so everything the
users need (session cookies with the second factor passed, the addresses they visit, the
fields of the conversation form) comes from the file ``bench.load.prepare`` wrote.

Environment (``bin/run-load`` sets it):

* ``WIJKKOMPAS_LOAD_SESSIONS``: the prepared file (required);
* ``WIJKKOMPAS_LOAD_WARMUP``: seconds of warm-up; the statistics are reset after it, so only
  the measured part counts (default 30);
* ``WIJKKOMPAS_LOAD_RATE``: task runs per second each user aims at (locust's
  ``constant_throughput``: a user waits after a task for what is left of its 1/rate seconds;
  default 4, so 32 users offer about 128 tasks per second);
* ``WIJKKOMPAS_LOAD_RESULT``: where the measured figures are written as JSON at the end.

Users are locust's ``FastHttpUser`` (geventhttpclient): the load generator shares the two
cores with the server, and it costs a fraction of what ``requests`` costs per request.

The mix (user weights, then task weights within each persona):

* professionals (4): their worklist (30), the page of a resident of their own caseload
  (40), recording a conversation with that resident (1: the form, then the real POST with
  its CSRF token, answered by a redirect to the new conversation; tagged ``write``:
  ``--exclude-tags write`` leaves the writes out, to tell their cost from the rest). At
  100 requests per second that is about 0.6 recorded conversations per second in one
  municipality: some 40 times what a large municipality records at its busiest hour (50
  teams of ~700 conversations a year, about 140 a working day), so the writes' effect on
  the aggregate pages is not understated;
* team leads (1): their team's dashboard (2) and team page (1);
* policy officers (1): a neighbourhood page (3), the municipality's dashboard (1);
* anonymous residents (3): a neighbourhood's public ideas page (3) and public page (2).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any

from locust import FastHttpUser, constant_throughput, events, tag, task

#: Names of the pages in the statistics (and in var/bench.json), by persona.
PAGES = {
    "professional": ("worklist", "resident_page", "conversation_form", "conversation_record"),
    "team_lead": ("team_dashboard", "team_page"),
    "policy_officer": ("neighbourhood_page", "municipality_dashboard"),
    "resident": ("public_ideas", "public_neighbourhood"),
}
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def load_sessions(path: str | None = None) -> dict[str, Any]:
    """The prepared file (``WIJKKOMPAS_LOAD_SESSIONS`` unless ``path`` is given)."""
    name = path or os.environ.get("WIJKKOMPAS_LOAD_SESSIONS", "")
    if not name:
        raise RuntimeError("WIJKKOMPAS_LOAD_SESSIONS must name the prepared sessions file")
    data: dict[str, Any] = json.loads(Path(name).read_text(encoding="utf-8"))
    return data


def _rate() -> float:
    return float(os.environ.get("WIJKKOMPAS_LOAD_RATE", "4"))


class _Sessions:
    """The prepared file, read once per locust process, and a round robin per persona."""

    data: dict[str, Any] | None = None
    cycles: dict[str, Any] = {}

    @classmethod
    def next(cls, persona: str) -> dict[str, Any]:
        if cls.data is None:
            cls.data = load_sessions()
            cls.cycles = {
                name: itertools.cycle(items) for name, items in cls.data["personas"].items()
            }
        account: dict[str, Any] = next(cls.cycles[persona])
        return account


class _Persona(FastHttpUser):
    """A user of one persona: takes the next prepared account of it and sends its cookies in
    every request (the session cookie and the CSRF cookie whose secret the forms' tokens
    mask), as a browser would."""

    abstract = True
    persona = ""
    wait_time = constant_throughput(_rate())

    def on_start(self) -> None:
        self.account = _Sessions.next(self.persona)
        data = _Sessions.data or {}
        cookies = []
        if self.account.get("session"):
            cookies.append(f"{data['session_cookie']}={self.account['session']}")
        if self.account.get("csrf"):
            cookies.append(f"{data['csrf_cookie']}={self.account['csrf']}")
        self.headers = {"Accept-Language": "nl"}
        if cookies:
            self.headers["Cookie"] = "; ".join(cookies)

    def url(self, page: str) -> str:
        return random.choice(self.account["pages"][page])  # noqa: S311 - not security

    def page(self, page: str, url: str | None = None) -> str:
        """GET a page; anything but 200 counts as a failure."""
        with self.client.get(
            url or self.url(page),
            name=page,
            headers=self.headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return ""
            return str(response.text)


class Professional(_Persona):
    weight = 4
    persona = "professional"

    @task(30)
    def worklist(self) -> None:
        self.page("worklist")

    @task(40)
    def resident_page(self) -> None:
        self.page("resident_page")

    @tag("write")
    @task(1)
    def record_conversation(self) -> None:
        url = self.url("conversation_form")
        html = self.page("conversation_form", url)
        found = CSRF_INPUT.search(html)
        if not found:
            return
        form = {**self.account["form"], "csrfmiddlewaretoken": found.group(1)}
        headers = {**self.headers, "Origin": self.host, "Referer": f"{self.host}{url}"}
        with self.client.post(
            url,
            data=form,
            name="conversation_record",
            headers=headers,
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/gesprekken/" not in response.headers.get(
                "Location", ""
            ):
                response.failure(f"status {response.status_code}, not the new conversation")


class TeamLead(_Persona):
    weight = 1
    persona = "team_lead"

    @task(2)
    def team_dashboard(self) -> None:
        self.page("team_dashboard")

    @task(1)
    def team_page(self) -> None:
        self.page("team_page")


class PolicyOfficer(_Persona):
    weight = 1
    persona = "policy_officer"

    @task(3)
    def neighbourhood_page(self) -> None:
        self.page("neighbourhood_page")

    @task(1)
    def municipality_dashboard(self) -> None:
        self.page("municipality_dashboard")


class Resident(_Persona):
    weight = 3
    persona = "resident"

    @task(3)
    def public_ideas(self) -> None:
        self.page("public_ideas")

    @task(2)
    def public_neighbourhood(self) -> None:
        self.page("public_neighbourhood")


# --- warm-up and the figures ---------------------------------------------------------------

_measured: dict[str, float] = {}


def _percentile(entry: Any, q: float) -> float:
    return float(entry.get_response_time_percentile(q)) if entry.num_requests else 0.0


def figures(stats: Any, seconds: float) -> dict[str, Any]:
    """The measured figures from locust's statistics over ``seconds`` of measurement."""
    total = stats.total
    pages = {}
    for (name, method), entry in sorted(stats.entries.items()):
        pages[name] = {
            "method": method,
            "requests": entry.num_requests,
            "requests_per_s": round(entry.num_requests / seconds, 2),
            "p50_ms": _percentile(entry, 0.50),
            "p95_ms": _percentile(entry, 0.95),
            "max_ms": round(entry.max_response_time or 0.0, 1),
            "errors": entry.num_failures,
        }
    return {
        "requests": total.num_requests,
        "requests_per_s": round(total.num_requests / seconds, 2),
        "p50_ms": _percentile(total, 0.50),
        "p95_ms": _percentile(total, 0.95),
        "p99_ms": _percentile(total, 0.99),
        "errors": total.num_failures,
        "error_kinds": {str(e.error): e.occurrences for e in stats.errors.values()},
        "measured_seconds": round(seconds, 1),
        "pages": pages,
    }


@events.test_start.add_listener
def _warm_up(environment: Any, **_: Any) -> None:
    import gevent

    warmup = float(os.environ.get("WIJKKOMPAS_LOAD_WARMUP", "30"))

    def reset() -> None:
        gevent.sleep(warmup)
        environment.stats.reset_all()
        _measured["start"] = time.monotonic()

    _measured["start"] = time.monotonic()
    if warmup > 0:
        gevent.spawn(reset)


@events.test_stop.add_listener
def _stopped(environment: Any, **_: Any) -> None:
    _measured["stop"] = time.monotonic()


@events.quitting.add_listener
def _write(environment: Any, **_: Any) -> None:
    target = os.environ.get("WIJKKOMPAS_LOAD_RESULT")
    if not target or "start" not in _measured:
        return
    stop = _measured.get("stop", time.monotonic())
    seconds = max(stop - _measured["start"], 1e-9)
    result = figures(environment.stats, seconds)
    result["users"] = environment.parsed_options.num_users if environment.parsed_options else 0
    Path(target).write_text(json.dumps(result, indent=1), encoding="utf-8")

"""Smoke test of the load test (bench/load/, ``make load``): the locustfile imports without
Django, and the sessions and addresses prepared for it reach the pages its users visit. No
load is run here."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bench.load import prepare
from bench.load.run import record
from django.core.management import call_command
from django.test import Client
from django.urls import resolve

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]

#: Run in a separate interpreter: locust patches the standard library with gevent, which
#: must never happen in a process that runs Django (this one).
DESCRIBE = """
import json, sys
from bench.load import locustfile as f
users = (f.Professional, f.TeamLead, f.PolicyOfficer, f.Resident)
print(json.dumps({
    "django": any(m == "django" or m.startswith("django.") for m in sys.modules),
    "pages": f.PAGES,
    "tasks": {u.persona: sorted({t.__name__ for t in u.tasks}) for u in users},
    "weights": {u.persona: u.weight for u in users},
}))
"""


@pytest.fixture(scope="module")
def locustfile() -> dict:
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", DESCRIBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    described: dict = json.loads(done.stdout.strip().splitlines()[-1])
    return described


def test_the_locustfile_imports_without_django(locustfile):
    assert not locustfile["django"]
    assert set(locustfile["tasks"]) == set(prepare.PERSONAS) == set(locustfile["pages"])
    assert all(weight > 0 for weight in locustfile["weights"].values())
    assert "record_conversation" in locustfile["tasks"]["professional"]


def test_every_prepared_address_resolves_and_answers(locustfile):
    call_command("generate", scale="small", conversations=300, stdout=None)
    data = prepare.prepare()
    assert set(data["personas"]) == set(prepare.PERSONAS)
    for persona, accounts in data["personas"].items():
        assert accounts, persona
        # The pages the persona's tasks GET (the POST goes to the form's own address).
        wanted = set(locustfile["pages"][persona]) - {"conversation_record"}
        for account in accounts:
            assert set(account["pages"]) == wanted, persona
            for urls in account["pages"].values():
                assert urls
                for url in urls:
                    resolve(url)
        # One address per page with the first account's cookies, as locust sends them.
        client = Client()
        first = accounts[0]
        if first["session"]:
            client.cookies[data["session_cookie"]] = first["session"]
        for page, urls in first["pages"].items():
            response = client.get(urls[0])
            assert response.status_code == 200, (persona, page, urls[0])
    form = data["personas"]["professional"][0]["form"]
    assert {"held_on", "place", "question", "outcome"} <= set(form)


def test_the_figures_are_merged_into_bench_json(tmp_path):
    output = tmp_path / "bench.json"
    output.write_text(json.dumps({"worklist": {"p95_ms": 12.0}}))
    result = {"requests_per_s": 120.0, "p50_ms": 40.0, "p95_ms": 250.0, "errors": 0, "pages": {}}
    entry = record(result, output, options={"users": 32})
    written = json.loads(output.read_text())
    assert written["worklist"] == {"p95_ms": 12.0}
    assert written["load"] == entry
    assert entry["meets_target"]
    slow = record({**result, "p95_ms": 301.0}, output, options={"users": 32})
    assert not slow["meets_target"]
    assert not record({**result, "errors": 1}, output, options={"users": 32})["meets_target"]

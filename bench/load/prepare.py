"""The load test's data and sessions, prepared up front in Python (Django, never imported by
the locustfile: locust patches the standard library with gevent, which Django's database
connections do not survive).

``python -m bench.load.prepare --output var/load/sessions.json`` (``bin/run-load`` runs it
with the server's own settings, so the cookie names are the server's):

* makes sure the database holds the large generated scale (``wijkkompas generate --scale
  large``, 1,000,000 conversations) and what the neighbourhood pages read (signals, ideas,
  initiatives, places: ``bench.neighbourhood_page.page_data_generate``), generating only
  what is missing;
* logs in the personas of the mix, second factor passed, and writes one session per account
  with the addresses it visits (see :data:`PERSONAS`). The file holds session keys: it is
  written under ``var/`` with mode 0600 and the sessions expire like any other.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import string
import sys
import time
from pathlib import Path
from typing import Any

import django

#: The personas of the mix and how many accounts (sessions) of each are logged in.
PERSONAS = ("professional", "team_lead", "policy_officer", "resident")
PROFESSIONALS = 8
TEAM_LEADS = 8
POLICY_OFFICERS = 4
#: Residents each professional opens and records conversations with, their own caseload
#: (typical ones: the median number of conversations, a ZRM history, consent for every
#: part).
RESIDENTS = 20
#: Neighbourhoods the policy officers and the anonymous residents go round.
NEIGHBOURHOODS = 20
#: The large scale counts as present from this share of its conversations on.
PRESENT = 0.95
#: Anonymous residents: no session; this many "visitors" share the addresses.
VISITORS = 1


def say(message: str) -> None:
    print(message, flush=True)


def ensure_data(*, seed: int = 2026) -> dict[str, Any]:
    """Generate the large scale unless the database already holds it; then the page data of
    the large municipality unless it is there. Returns what was done (for the log)."""
    from django.core.management import call_command

    from bench.neighbourhood_page import page_data_generate, page_data_remove
    from wijkkompas.conversations.models import Conversation
    from wijkkompas.demo.generator import CASE_SCALES, generated_municipalities
    from wijkkompas.ideas.models import Idea

    wanted = CASE_SCALES["large"].conversations
    municipalities = list(generated_municipalities())
    have = Conversation.objects.filter(municipality__in=municipalities).count()
    done: dict[str, Any] = {"conversations": have, "generated": False, "page_data": False}
    # The served database changes: the scheduler's retention job removes closed cases past
    # their term (a few thousand), the load adds conversations. Near enough is the scale.
    if have < wanted * PRESENT:
        say(f"The database holds {have:,} generated conversations, not {wanted:,}: generating…")
        started = time.perf_counter()
        page_data_remove(municipalities)
        call_command("generate", scale="large", seed=seed, reset=True)
        done.update(generated=True, generate_seconds=round(time.perf_counter() - started, 1))
    large = large_municipality()
    if not Idea.objects.filter(neighbourhood__district__municipality=large).exists():
        say(f"Page data (signals, ideas, initiatives, places) for {large.code}…")
        page_data_generate(large, seed=seed)
        done["page_data"] = True
    # What the scheduler's retention job removes when the server starts is removed now,
    # before the caseloads are chosen: a resident of a caseload purged during the run would
    # answer 404 (errors in the figures) and the purge would run inside the measured part.
    done["purged_households"] = purge()
    if done["generated"] or done["page_data"] or done["purged_households"]:
        vacuum()
    return done


def purge() -> int:
    """Delete the closed cases past their retention period (the scheduler's
    ``rights.tasks.purge_closed_cases``, run here in the foreground); returns how many
    households went."""
    from wijkkompas.rights.services import closed_cases_purge

    runs = closed_cases_purge()
    removed = sum(len(run.household_ids) for run in runs)
    if removed:
        say(f"Retention purge: {removed:,} closed households past their term removed")
    return removed


def vacuum() -> None:
    """PostgreSQL: ``VACUUM ANALYZE`` after generating, as autovacuum would do in time on a
    served database: fresh statistics for the planner, and a visibility map that lets the
    consent checks read their covering indexes alone. Then a ``CHECKPOINT``: generating
    and vacuuming leave gigabytes of changed pages that PostgreSQL would otherwise write out
    in the background during the first run (a checkpoint spread over minutes), on the same
    two cores and disk as the measured server."""
    from django.db import DatabaseError, connection

    if connection.vendor == "postgresql":
        say("VACUUM ANALYZE…")
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        say("CHECKPOINT…")
        try:
            with connection.cursor() as cursor:
                cursor.execute("CHECKPOINT")
        except DatabaseError as exc:  # a role without pg_checkpoint: the run still goes on
            say(f"CHECKPOINT refused ({exc.__class__.__name__}): the first run may be slower")


def large_municipality() -> Any:
    """The generated municipality with the most teams (50 at the large scale)."""
    from django.db.models import Count

    from wijkkompas.demo.generator import generated_municipalities

    return (
        generated_municipalities()
        .annotate(team_count=Count("teams"))
        .order_by("-team_count", "code")
        .first()
    )


def _session(user: Any) -> dict[str, str]:
    """A session of ``user`` with the second factor passed, and a CSRF secret for its forms."""
    from bench.pages import verified_client

    client = verified_client(user)
    alphabet = string.ascii_letters + string.digits
    return {
        "session": str(client.session.session_key),
        "csrf": "".join(secrets.choice(alphabet) for _ in range(32)),
        "user": user.username,
    }


def _spread(values: list[Any], n: int) -> list[Any]:
    step = max(1, len(values) // max(1, n))
    return values[::step][:n]


def professionals(large: Any) -> list[dict[str, Any]]:
    """The bench worker and the other professionals of its team, each with the worklist,
    a caseload of its own (:data:`RESIDENTS` typical residents of the team) and the
    registration form of a conversation."""
    from django.urls import reverse
    from django.utils import timezone

    from bench.resident_page import typical_residents
    from bench.worklist import bench_worker
    from wijkkompas.accounts.constants import Role
    from wijkkompas.accounts.models import User
    from wijkkompas.conversations.constants import FindingPlace, Outcome

    worker = bench_worker()
    team = worker.teams.order_by("pk").first()
    others = list(
        User.objects.filter(teams=team, role=Role.PROFESSIONAL, is_active=True)
        .exclude(pk=worker.pk)
        .order_by("pk")[: PROFESSIONALS - 1]
    )
    accounts = [worker, *others]
    # Each professional works with residents of their own (a caseload): a resident's page is
    # opened by the one professional who works with them, not by the whole team at once.
    residents = typical_residents(worker, sample=RESIDENTS * len(accounts))["residents"]
    caseloads = [residents[i :: len(accounts)] or residents for i in range(len(accounts))]
    form = {
        "held_on": timezone.localdate().isoformat(),
        "place": FindingPlace.HOME.value,
        "participants": "",
        "question": "Load test: a question about daily groceries and getting around.",
        "question_behind": "",
        "own_strength": "",
        "network": "",
        "outcome": Outcome.OWN_NETWORK.value,
        "collective_opportunity": "",
        "resident_idea": "",
    }
    return [
        {
            **_session(user),
            "pages": {
                "worklist": [reverse("plans:worklist")],
                "resident_page": [reverse("residents:detail", args=[r]) for r in caseload],
                "conversation_form": [reverse("conversations:create", args=[r]) for r in caseload],
            },
            "form": form,
        }
        for user, caseload in zip(accounts, caseloads, strict=True)
    ]


def team_leads(large: Any) -> list[dict[str, Any]]:
    """Team leads of the large municipality's teams, each with their own team's dashboard,
    team page and signals."""
    from django.urls import reverse

    from wijkkompas.accounts.constants import Role
    from wijkkompas.accounts.models import User

    leads = list(
        User.objects.filter(municipality=large, role=Role.TEAM_LEAD, is_active=True).order_by("pk")[
            :TEAM_LEADS
        ]
    )
    found = []
    for lead in leads:
        team = lead.teams.order_by("pk").first()
        if team is None:
            continue
        pages = {
            "team_dashboard": [reverse("indicators:team", args=[team.pk])],
            "team_page": [reverse("teams:detail", args=[team.pk])],
        }
        found.append({**_session(lead), "pages": pages})
    if not found:
        raise RuntimeError(f"No team lead with a team in {large.code}")
    return found


def _neighbourhood_codes(municipality: Any) -> list[str]:
    from wijkkompas.areas.models import Neighbourhood

    codes = list(
        Neighbourhood.objects.filter(district__municipality=municipality)
        .order_by("code")
        .values_list("code", flat=True)
    )
    return _spread(codes, NEIGHBOURHOODS)


def policy_officers(large: Any) -> list[dict[str, Any]]:
    """Policy officers of the large municipality: its neighbourhood pages and dashboard."""
    from django.urls import reverse

    from bench.pages import bench_user
    from wijkkompas.accounts.constants import Role

    codes = _neighbourhood_codes(large)
    pages = {
        "neighbourhood_page": [reverse("neighbourhoods:detail", args=[c]) for c in codes],
        "municipality_dashboard": [reverse("indicators:municipality", args=[large.pk])],
    }
    officers = [
        bench_user(large, role=Role.POLICY_OFFICER, name="policy" if i == 0 else f"policy{i}")
        for i in range(POLICY_OFFICERS)
    ]
    return [{**_session(o), "pages": pages} for o in officers]


def residents(large: Any) -> list[dict[str, Any]]:
    """Anonymous residents (no session): the public idea and neighbourhood pages."""
    from django.urls import reverse

    codes = _neighbourhood_codes(large)
    pages = {
        "public_ideas": [reverse("ideas:public", args=[c]) for c in codes],
        "public_neighbourhood": [reverse("neighbourhoods:public", args=[c]) for c in codes],
    }
    return [{"session": "", "csrf": "", "user": "", "pages": pages} for _ in range(VISITORS)]


def prepare() -> dict[str, Any]:
    """The file handed to the locustfile (see the module docstring)."""
    from django.conf import settings

    large = large_municipality()
    return {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "municipality": large.code,
        "personas": {
            "professional": professionals(large),
            "team_lead": team_leads(large),
            "policy_officer": policy_officers(large),
            "resident": residents(large),
        },
    }


def write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--no-generate", action="store_true", help="use the database as it is (no generation)"
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wijkkompas.conf.dev")
    django.setup()
    if not args.no_generate:
        done = ensure_data(seed=args.seed)
        say(f"Data: {done}")
    data = prepare()
    write(args.output, data)
    counts = {name: len(items) for name, items in data["personas"].items()}
    say(f"Sessions written to {args.output}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

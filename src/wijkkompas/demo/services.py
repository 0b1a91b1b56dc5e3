"""The demo loader: real municipality names, fictional people and teams.

The contents live in ``demo/data/*.json``; this module only knows how to put them in
the database. Everything is matched on natural keys (CBS codes, names, usernames) with
update-or-create, so loading twice changes nothing and duplicates nothing.

The demo loader may write other apps' models directly (it is the one place besides
their services that does): it runs as the operator, not as a user with a role.
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.contrib.auth.password_validation import validate_password
from django.db import models, transaction

from wijkkompas.accounts.constants import TEAM_ROLES, Role
from wijkkompas.accounts.models import User
from wijkkompas.accounts.services import demo_device_ensure, user_apply_role
from wijkkompas.areas.models import District, Municipality, Neighbourhood
from wijkkompas.demo.api_demo import api_demo_load
from wijkkompas.demo.circle_demo import circle_demo_load, circle_overview
from wijkkompas.demo.ideas_demo import ideas_overview, load_ideas_and_places
from wijkkompas.demo.indicators_demo import indicators_demo_load, indicators_overview
from wijkkompas.demo.individual import cases_overview, load_cases, read_cases
from wijkkompas.demo.initiatives_demo import initiatives_demo_load, initiatives_overview
from wijkkompas.demo.reflections_demo import reflections_demo_load, reflections_overview
from wijkkompas.demo.risks_demo import risks_demo_load, risks_overview
from wijkkompas.demo.selfassessments_demo import selfassessments_demo_load, selfassessments_overview
from wijkkompas.demo.signals_demo import signals_demo_load
from wijkkompas.demo.socialmap_demo import socialmap_demo_load, socialmap_overview
from wijkkompas.demo.suggestions_demo import suggestions_demo_load
from wijkkompas.demo.timeuse_demo import timeuse_demo_load
from wijkkompas.demo.wezep import wezep_year_load
from wijkkompas.demo.workgroups_demo import workgroups_demo_load
from wijkkompas.organisations.models import Discipline, Organisation
from wijkkompas.teams.models import Membership, Partner, PerspectiveVersion, Team
from wijkkompas.teams.services import team_summaries_refresh

DATA_DIR = Path(__file__).resolve().parent / "data"
DATA_FILES = ("oldebroek.json", "kenniskring.json")
ACCOUNTS_FILE = "accounts.json"

M = TypeVar("M", bound=models.Model)


def read_demo_data() -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The demo municipalities (in load order) and the demo accounts, from the data files."""
    municipalities: list[dict[str, Any]] = []
    for name in DATA_FILES:
        content = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
        municipalities.extend(
            content["municipalities"] if "municipalities" in content else [content]
        )
    accounts = json.loads((DATA_DIR / ACCOUNTS_FILE).read_text(encoding="utf-8"))
    return municipalities, accounts


def demo_password() -> str:
    """The one shared password of the demo accounts (shown in the README)."""
    return str(read_demo_data()[1]["password"])


@dataclass
class DemoSummary:
    """What the demo loader wrote: counts per kind and how many rows were new."""

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)

    def note(self, kind: str, created: bool) -> None:
        (self.created if created else self.updated)[kind] += 1


def _upsert(
    model: type[M], lookup: dict[str, Any], values: dict[str, Any], summary: DemoSummary
) -> M:
    """Update-or-create on a natural key, validating the row with ``full_clean`` first."""
    obj = model._default_manager.filter(**lookup).first()
    created = obj is None
    if obj is None:
        obj = model(**lookup)
    changed = created
    for name, value in values.items():
        if created or getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    if changed:
        obj.full_clean()
        obj.save()
    summary.note(model._meta.model_name or model.__name__, created)
    return obj


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def _load_municipality(
    data: dict[str, Any], disciplines: dict[str, Discipline], summary: DemoSummary
) -> Municipality:
    municipality = _upsert(
        Municipality,
        {"code": data["code"]},
        {
            "name": data["name"],
            "province": data.get("province", ""),
            "shares_aggregates": bool(data.get("shares_aggregates", False)),
        },
        summary,
    )
    districts: dict[str, District] = {}
    neighbourhoods: dict[str, Neighbourhood] = {}
    for d in data["districts"]:
        district = _upsert(
            District,
            {"code": d["code"]},
            {"municipality": municipality, "name": d["name"]},
            summary,
        )
        districts[district.code] = district
        for code, name in d["neighbourhoods"]:
            neighbourhoods[code] = _upsert(
                Neighbourhood, {"code": code}, {"district": district, "name": name}, summary
            )

    organisations: dict[str, Organisation] = {}
    for o in data["organisations"]:
        discipline = disciplines[o["discipline"]]
        organisations[o["name"]] = _upsert(
            Organisation,
            {"municipality": municipality, "name": o["name"]},
            {
                "discipline": discipline,
                "craft": o.get("craft", discipline.default_craft),
                "website": o.get("website", ""),
            },
            summary,
        )

    for t in data["teams"]:
        _load_team(t, municipality, districts, neighbourhoods, organisations, summary)
    return municipality


def _load_team(
    data: dict[str, Any],
    municipality: Municipality,
    districts: dict[str, District],
    neighbourhoods: dict[str, Neighbourhood],
    organisations: dict[str, Organisation],
    summary: DemoSummary,
) -> Team:
    history = data.get("perspective_history", [])
    team = _upsert(
        Team,
        {"municipality": municipality, "name": data["name"]},
        {
            "team_type": data["team_type"],
            "target_group": data.get("target_group", "all"),
            "target_group_description": data.get("target_group_description", ""),
            "positioning": data.get("positioning", "0-1"),
            "description": data.get("description", ""),
            "perspective": history[-1]["text"] if history else "",
            "started_on": _date(data.get("started_on")),
            "caseload_visible_without_consent": bool(
                data.get("caseload_visible_without_consent", False)
            ),
        },
        summary,
    )
    team.districts.set([districts[code] for code in data.get("districts", [])])
    team.neighbourhoods.set([neighbourhoods[code] for code in data.get("neighbourhoods", [])])

    # The history of the shared perspective: add only the versions not there yet.
    known = set(team.perspective_versions.values_list("text", flat=True))
    for version in history:
        if version["text"] in known:
            summary.note("perspectiveversion", False)
            continue
        entry = PerspectiveVersion(
            team=team,
            text=version["text"],
            written_with_residents=bool(version.get("written_with_residents", False)),
            note=version.get("note", ""),
        )
        entry.full_clean()
        entry.save()
        summary.note("perspectiveversion", True)

    for m in data.get("members", []):
        _upsert(
            Membership,
            {"team": team, "person_name": m["name"]},
            {
                "organisation": organisations[m["organisation"]],
                "job_title": m.get("job_title", ""),
                "ring": m["ring"],
                "hours_per_week": Decimal(str(m["hours"])),
                "personal_drive": m.get("drive", ""),
                "started_on": team.started_on,
            },
            summary,
        )
    for p in data.get("partners", []):
        _upsert(
            Partner,
            {"team": team, "name": p["name"]},
            {
                "kind": p["kind"],
                "organisation": organisations[p["organisation"]] if p.get("organisation") else None,
                "ring": p.get("ring", "outer"),
                "description": p.get("description", ""),
            },
            summary,
        )
    return team


def _load_accounts(
    accounts: dict[str, Any], municipalities: dict[str, Municipality], summary: DemoSummary
) -> list[User]:
    municipality = municipalities[accounts["municipality"]]
    team = Team.objects.get(municipality=municipality, name=accounts["team"])
    password = accounts["password"]
    people = accounts["accounts"]
    missing = [role for role in Role.values if role not in people]
    if missing:
        raise ValueError(f"demo/data/{ACCOUNTS_FILE} has no account for: {', '.join(missing)}")

    users = []
    for role in Role.values:
        person = people[role]
        username = f"demo-{role}"
        user = User.objects.filter(username=username).first()
        created = user is None
        if user is None:
            user = User(username=username)
        elif not user.is_demo:
            raise ValueError(f"{username} exists and is not a demo account: refusing to touch it")
        user.first_name = person["first_name"]
        user.last_name = person["last_name"]
        user.email = f"{username}@demo.wijkkompas.invalid"
        user.role = role
        user.municipality = municipality
        user.is_demo = True
        user.is_active = True
        user.is_staff = False
        user.is_superuser = False
        validate_password(password, user)
        if created or not user.check_password(password):
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
        user_apply_role(user=user)
        summary.note("user", created)

        if role in TEAM_ROLES:
            user.teams.set([team])
            member_name = person.get("member")
            if member_name:
                membership = Membership.objects.get(team=team, person_name=member_name)
                if membership.user_id != user.pk:
                    membership.user = user
                    membership.save(update_fields=["user"])
        else:
            user.teams.clear()
        demo_device_ensure(user=user)
        users.append(user)
    return users


@transaction.atomic
def demo_load() -> DemoSummary:
    """Load (or refresh) the whole demo in one transaction; idempotent."""
    municipalities_data, accounts = read_demo_data()
    disciplines = {d.code: d for d in Discipline.objects.all()}
    summary = DemoSummary()
    municipalities = {}
    for data in municipalities_data:
        municipalities[data["code"]] = _load_municipality(data, disciplines, summary)
    _load_accounts(accounts, municipalities, summary)
    # Individual support (issue 3), through the services, acting as the demo accounts.
    cases = read_cases(DATA_DIR)
    wezep = municipalities[cases["municipality"]]
    load_cases(data=cases, municipality=wezep, summary=summary)
    # Collective work (issue 4): places and residents' ideas, then the opportunities and
    # initiatives that use them and refer the demo conversations, then the signals.
    load_ideas_and_places(municipality=wezep, summary=summary)
    initiatives_demo_load(municipality=wezep, summary=summary)
    # The social map (issue 8): what exists in and around Wezep (linked to the initiatives
    # and places above), and a few entries of every other demo municipality.
    socialmap_demo_load(municipality=wezep, others=municipalities.values(), summary=summary)
    # A few conversations answered with a suggestion of the social map (issue 8).
    suggestions_demo_load(municipality=wezep, summary=summary)
    # A year of the team's conversations (after the initiatives, which refer hand-written
    # ones), so the neighbourhoods and signals have figures above the suppression threshold.
    wezep_year_load(
        team=Team.objects.get(municipality=wezep, name=cases["team"]),
        named_labels=[household["label"] for household in cases["households"]],
        summary=summary,
    )
    signals_demo_load()
    # The team's risk register (issue 5), through the services, as the demo team lead.
    risks_demo_load(municipality=wezep, summary=summary)
    # Reflection sessions (issue 5): one held with its decisions, the next one planned;
    # after the risks and the year of conversations, which are on the table.
    reflections_demo_load(municipality=wezep, summary=summary)
    # Working groups (issue 8): a mixed one on loneliness, a single-craft one, and one
    # closed with its lesson (on the table of the next reflection session).
    workgroups_demo_load(municipality=wezep, summary=summary)
    # Stories next to the indicators (issue 5), as the demo accounts.
    indicators_demo_load(municipality=wezep, summary=summary)
    # The loader writes the rows itself, so it refreshes the derived team summaries too.
    team_summaries_refresh(
        Team.objects.filter(municipality__in=municipalities.values()).values_list("pk", flat=True)
    )
    # Self-assessment rounds (issue 5): the knowledge circle's nulmeting and éénmeting.
    selfassessments_demo_load()
    # The knowledge circle (issue 5): the nine that share, both rounds, their choices.
    circle_demo_load()
    # Interoperability (issue 6): a care provider's client system with the demo token.
    api_demo_load(municipality=wezep, summary=summary)
    # Time for the collective (issue 8): twenty weeks of the team's time split and the
    # ambition it set ten weeks ago; last, so every team-role account exists by then.
    timeuse_demo_load(municipality=wezep, summary=summary)
    return summary


def demo_overview() -> list[str]:
    """A short, readable description of the demo as it is in the database."""
    municipalities_data, accounts = read_demo_data()
    codes = [m["code"] for m in municipalities_data]
    lines = []
    for municipality in Municipality.objects.filter(code__in=codes).order_by("name"):
        teams = list(Team.objects.filter(municipality=municipality).order_by("name"))
        members = Membership.objects.filter(team__municipality=municipality).count()
        areas = Neighbourhood.objects.filter(district__municipality=municipality).count()
        shared = " (shares aggregates)" if municipality.shares_aggregates else ""
        described = (
            ", ".join(f"{t.name} [{t.get_team_type_display()}]" for t in teams) or "no team yet"
        )
        lines.append(
            f"{municipality.code} {municipality.name}{shared}: "
            f"{municipality.districts.count()} districts, "
            f"{areas} neighbourhoods, "
            f"{municipality.organisations.count()} organisations, {members} members; {described}"
        )
    cases = read_cases(DATA_DIR)
    lines.append(cases_overview(cases))
    wezep = Municipality.objects.filter(code=cases["municipality"]).first()
    if wezep is not None:
        lines.append(ideas_overview(wezep))
        lines.append(initiatives_overview(wezep))
        lines.append(socialmap_overview(wezep))
        lines.append(risks_overview(wezep))
        lines.append(reflections_overview(wezep))
        lines.append(indicators_overview(wezep))
    lines.append(selfassessments_overview())
    lines.append(circle_overview())
    demo_users = User.objects.filter(is_demo=True).order_by("username")
    lines.append(
        f"Demo accounts ({demo_users.count()}, password {accounts['password']!r}, "
        "second step: `wijkkompas demo_totp`): " + ", ".join(u.username for u in demo_users)
    )
    return lines

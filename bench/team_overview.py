"""Benchmark ``team_overview``: GET /teams/ (``teams:list``) for a municipality with 50
teams and 1,000 members, as the municipality's functional administrator, against the
floor; plus the query count with 5 teams, to show it does not grow with the teams."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality
from wijkkompas.teams.models import Membership, Partner, Team

from .pages import bench_user, count_queries, time_page, verified_client

NAME = "team_overview"
URL_NAME = "teams:list"


def bench_admin(municipality: Municipality) -> User:
    """The benchmark's own administrator of ``municipality`` (role admin, not superuser)."""
    return bench_user(municipality, role=Role.ADMIN, name="admin")


def _size(municipality: Municipality) -> dict[str, int]:
    return {
        "teams": Team.objects.filter(municipality=municipality).count(),
        "members": Membership.objects.filter(team__municipality=municipality).count(),
        "partners": Partner.objects.filter(team__municipality=municipality).count(),
    }


def run(
    *, large: Municipality, small: Municipality, requests: int, log: Any, warmup: int = 20
) -> dict[str, Any]:
    url = reverse(URL_NAME)
    size = _size(large)
    small_size = _size(small)
    client = verified_client(bench_admin(large))
    small_client = verified_client(bench_admin(small))

    queries = count_queries(client, url)
    queries_small = count_queries(small_client, url)
    floor_queries = count_queries(client, reverse("web:health"))
    log(
        f"{NAME}: {size['teams']} teams, {size['members']} members; "
        f"{queries} queries (with {small_size['teams']} teams: {queries_small}); "
        f"timing {requests} requests…"
    )
    timing = time_page(
        client,
        url,
        requests=requests,
        warmup=warmup,
        progress=lambda n: log(f"  {n}/{requests}"),
    )
    return {
        "url": url,
        **timing.figures(),
        "queries": queries,
        "queries_small": queries_small,
        "floor_queries": floor_queries,
        "queries_grow": queries_small != queries,
        "rows": size["teams"] + size["members"],
        "teams": size["teams"],
        "members": size["members"],
        "partners": size["partners"],
        "teams_small": small_size["teams"],
        "target_ratio_p95": 3.0,
        "meets_target": timing.figures()["ratio_p95"] <= 3.0 and queries_small == queries,
    }

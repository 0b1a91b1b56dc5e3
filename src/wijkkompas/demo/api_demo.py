"""The demo's API client: the client system of a care provider working with the
Krachtstroomteam Wezep, so that the API can be tried with the public demo token.

The client acts as its own system account (``demo-systeem``, a professional of the team
without a password: it cannot sign in on the pages), so it sees exactly what a
professional of the team sees, through the same permission layer. Idempotent.
"""

from __future__ import annotations

from typing import Any

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.models import User
from wijkkompas.accounts.services import user_apply_role
from wijkkompas.api.constants import ApiScope
from wijkkompas.api.services import demo_api_client_ensure
from wijkkompas.areas.models import Municipality
from wijkkompas.teams.models import Team

TEAM = "Krachtstroomteam Wezep"
ACCOUNT = "demo-systeem"
CLIENT_NAME = "Cliëntsysteem zorgaanbieder (demo)"


def api_demo_load(*, municipality: Municipality, summary: Any) -> None:
    team = Team.objects.get(municipality=municipality, name=TEAM)
    account = User.objects.filter(username=ACCOUNT).first()
    created = account is None
    if account is None:
        account = User(username=ACCOUNT)
        account.set_unusable_password()
    elif not account.is_demo:
        raise ValueError(f"{ACCOUNT} exists and is not a demo account: refusing to touch it")
    account.first_name = "Cliëntsysteem"
    account.last_name = "(demo)"
    account.email = f"{ACCOUNT}@demo.wijkkompas.invalid"
    account.role = Role.PROFESSIONAL
    account.municipality = municipality
    account.is_demo = True
    account.is_active = True
    account.full_clean(exclude=["password"])
    account.save()
    user_apply_role(user=account)
    account.teams.set([team])
    summary.note("user", created)
    demo_api_client_ensure(
        name=CLIENT_NAME,
        account=account,
        scopes=[
            ApiScope.CASES_READ,
            ApiScope.CASES_WRITE,
            ApiScope.COLLECTIVE_READ,
            ApiScope.LEARNING_READ,
            ApiScope.ORGANISATION_READ,
        ],
    )
    summary.note("api client", created)

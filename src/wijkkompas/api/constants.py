"""Scopes of API clients (systems that call the API with a token)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiScope(models.TextChoices):
    """What a system may do with its token, on top of what its account's role allows.

    Every endpoint belongs to one family (``ScopedViewSet.scope_family``); reading needs
    ``<family>:read``, changing ``<family>:write``. Signed-in users (session) are limited by
    their role only.
    """

    CASES_READ = "cases:read", _("Read case data (residents, conversations, plans …)")
    CASES_WRITE = "cases:write", _("Record case data")
    COLLECTIVE_READ = "collective:read", _("Read collective work (signals, initiatives, ideas …)")
    COLLECTIVE_WRITE = "collective:write", _("Record collective work")
    LEARNING_READ = "learning:read", _("Read indicators, stories, reflections, self-assessments")
    LEARNING_WRITE = "learning:write", _("Record stories, reflections, self-assessments")
    ORGANISATION_READ = "organisation:read", _("Read areas, organisations, teams, memberships")
    ORGANISATION_WRITE = "organisation:write", _("Change organisations, teams, memberships")


class ScopeFamily(models.TextChoices):
    CASES = "cases", _("Case data")
    COLLECTIVE = "collective", _("Collective work")
    LEARNING = "learning", _("Learning and accounting")
    ORGANISATION = "organisation", _("Areas, organisations and teams")


#: Largest page a client may ask for (``page_size``).
MAX_PAGE_SIZE = 200
#: Most rows one export may hold: beyond it the client is asked to filter.
EXPORT_MAX_ROWS = 100_000
#: Characters of a token that identify it in lists (never the secret part).
TOKEN_PREFIX_LENGTH = 8

#: DEMO ONLY. The token of the demo's API client (``demo_api_client_ensure``), so that anyone
#: trying the demo can call the API: ``curl -H "Authorization: Token <this>" …``. It is
#: public: it is refused for any account that is not a demo account.
DEMO_API_TOKEN = "wk_demo0000_Wijkkompas-demo-koppeling-NIET-GEHEIM-2026"  # noqa: S105

"""Every endpoint of the API router, and the objects of the test world it serves.

The cross-cutting API tests (walker, agreement with the pages, fuzzing, query counts)
iterate :func:`endpoints`, so an endpoint is covered as soon as its app's ``api/urls.py``
adds it to the router in ``wijkkompas.urls``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from tests.world import World
from wijkkompas.accounts.access import can, may_use, policy_of
from wijkkompas.accounts.constants import Action
from wijkkompas.urls import api_router

API_ROOT = "/api/v1/"
#: An id that names no object.
MISSING_PK = 987654
#: Largest page (``MAX_PAGE_SIZE``): a list of the small world fits on one page.
ALL = "page_size=200"


@dataclass(frozen=True)
class Aggregate:
    """An endpoint of figures, not of objects: it is asked for a scope given in the query
    (``?team=<id>``), for every object of the world of each kind, and its page for that
    scope is ``page`` with the object's id in ``page_kwarg`` (a kwarg of the URL, or, when
    it starts with ``?``, the start of its query string)."""

    #: (query parameter, kind of object of tests/world.py, page URL name, page kwarg)
    scopes: tuple[tuple[str, str, str, str], ...]


#: Endpoints whose rows are figures, not objects of a model (the walker, the agreement and
#: the query-count tests ask them per scope). A new one that needs a scope fails the walker
#: with a 400; add it here.
AGGREGATES: dict[str, Aggregate] = {
    "indicator": Aggregate(
        scopes=(
            ("team", "team", "indicators:team", "team"),
            ("municipality", "municipality", "indicators:municipality", "municipality"),
        )
    ),
    # A team's time split (time for the collective): the team's time page.
    "team-time-split": Aggregate(scopes=(("team", "team", "timeuse:team", "team"),)),
    # The signals page of an area (the page's picker: ?area=<kind>-<id>).
    **{
        name: Aggregate(
            scopes=(
                (
                    "area_kind=neighbourhood&area_id",
                    "neighbourhood",
                    "signals:overview",
                    "?area=neighbourhood-",
                ),
                ("area_kind=district&area_id", "district", "signals:overview", "?area=district-"),
            )
        )
        for name in ("area-signal", "theme")
    },
}


#: Endpoints only an API client (token) may use: a signed-in user gets 403 there.
TOKEN_ONLY = {
    "webhook-subscription": "a system manages its own webhook subscriptions",
    "webhook-delivery": "a system reads the deliveries of its own subscriptions",
}


@dataclass(frozen=True)
class Endpoint:
    prefix: str
    viewset: Any
    basename: str

    def __str__(self) -> str:
        return self.basename

    @property
    def model(self) -> type[models.Model]:
        return self.viewset.access_model  # type: ignore[no-any-return]

    @property
    def row_model(self) -> type[models.Model] | None:
        """The model of the rows (the output serializer's), None for figures."""
        if self.aggregate is not None:
            return None
        meta = getattr(self.viewset.serializer_class, "Meta", None)
        return getattr(meta, "model", None) or self.model

    @property
    def aggregate(self) -> Aggregate | None:
        return AGGREGATES.get(self.basename)

    def scope_queries(self, world: World) -> list[tuple[str, Any, str]]:
        """(query string, object, page URL) for every scope an aggregate is asked for."""
        from django.urls import reverse

        found = []
        for param, kind, page, kwarg in self.aggregate.scopes if self.aggregate else ():
            objs = {obj.pk: obj for obj in world.objects[kind].values()}
            for obj in objs.values():
                if kwarg.startswith("?"):
                    page_url = f"{reverse(page)}{kwarg}{obj.pk}"
                else:
                    page_url = reverse(page, kwargs={kwarg: obj.pk})
                found.append((f"{param}={obj.pk}", obj, page_url))
        return found

    @property
    def list_url(self) -> str:
        return f"{API_ROOT}{self.prefix}/"

    def detail_url(self, pk: Any) -> str:
        return f"{self.list_url}{pk}/"

    def export_url(self, fmt: str) -> str:
        return f"{self.list_url}export/?formaat={fmt}"

    @property
    def has_list(self) -> bool:
        return hasattr(self.viewset, "list")

    @property
    def has_detail(self) -> bool:
        return hasattr(self.viewset, "retrieve")

    @property
    def has_export(self) -> bool:
        return "export" in self.extra_actions

    @property
    def extra_actions(self) -> set[str]:
        """URL names of the extra actions (``@action``), e.g. ``export``."""
        return {action.url_name for action in self.viewset.get_extra_actions()}

    def extra_read_paths(self) -> list[tuple[str, bool]]:
        """(URL path, on one object) of the extra GET actions other than the export."""
        return [
            (action.url_path, bool(action.detail))
            for action in self.viewset.get_extra_actions()
            if "get" in action.mapping and action.url_name != "export"
        ]

    def visible(self, user: Any, obj: models.Model) -> bool:
        """Whether the detail of ``obj`` answers ``user`` 200 (reference data without an
        access policy of its own: whenever the endpoint answers at all)."""
        if not self.role_may_read(user):
            return False
        if getattr(type(obj), "access_policy", None) is None:
            return True
        return can(user, Action.VIEW, obj)

    @property
    def public_read(self) -> bool:
        return bool(getattr(self.viewset, "public_read", False)) and (
            policy_of(self.model).public is not None
        )

    def role_may_read(self, user: Any) -> bool:
        """Whether the endpoint answers ``user`` at all (else 401/403), as the pages do."""
        if user is None:
            return self.public_read
        if self.basename in TOKEN_ONLY:
            return False
        return may_use(user, self.model, Action.VIEW)


def endpoints() -> list[Endpoint]:
    """Every endpoint registered with the router, in a stable order."""
    found = [Endpoint(prefix, viewset, name) for prefix, viewset, name in api_router.registry]
    return sorted(found, key=lambda e: e.prefix)


def world_objects(world: World, model: type[models.Model]) -> list[models.Model]:
    """The objects of ``model`` the world holds (every variant), read through ``model`` so
    that its own access policy applies (a proxy like ``PublicInitiative`` counts as the
    concrete model's row). A model of which the world built nothing: its first rows."""
    concrete = model._meta.concrete_model
    pks = {
        obj.pk
        for variants in world.objects.values()
        for obj in variants.values()
        if isinstance(obj, models.Model) and obj._meta.concrete_model is concrete
    }
    queryset = model._default_manager.order_by("pk")
    if pks:
        return list(queryset.filter(pk__in=pks))
    return list(queryset[:12])

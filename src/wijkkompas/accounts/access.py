"""The one permission layer of Wijkkompas.

Every model that holds tenant data declares an :class:`AccessPolicy`; pages, the API,
services and selectors all ask :func:`restrict` (querysets) or :func:`can` (one object)
and nothing else. Rules:

* a municipality is a tenant: nothing of one tenant is visible in another, except what
  a municipality chose to share as aggregates (researchers);
* team roles see only the objects of their own teams;
* an object outside the user's scope is simply not in the queryset, so views answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404

from .constants import TEAM_ROLES, Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any, Any])


@dataclass(frozen=True)
class AccessPolicy:
    """Who may see and change the rows of one model.

    ``tenant``: lookup from the model to the municipality id.
    ``team``: lookup from the model to the team id, for team-bound rows.
    ``view``/``change``: roles that may act on every row of their own municipality.
    ``view_team``/``change_team``: roles that may act only on rows of their own teams.
    ``shared``: lookup to the municipality's "shares aggregates" flag; researchers see
    rows of municipalities that share.
    ``personal``: rows hold personal data; selectors log every read.
    """

    tenant: str
    team: str | None = None
    view: frozenset[str] = field(default_factory=frozenset)
    view_team: frozenset[str] = field(default_factory=frozenset)
    change: frozenset[str] = field(default_factory=frozenset)
    change_team: frozenset[str] = field(default_factory=frozenset)
    shared: str | None = None
    personal: bool = False

    def roles_for(self, action: str) -> tuple[frozenset[str], frozenset[str]]:
        if action == Action.VIEW:
            return self.view, self.view_team
        return self.change, self.change_team


def policy_of(model: type[models.Model]) -> AccessPolicy:
    policy = getattr(model, "access_policy", None)
    if not isinstance(policy, AccessPolicy):
        raise TypeError(f"{model.__name__} declares no access_policy")
    return policy


def scope_q(model: type[models.Model], user: User | AnonymousUser | Any, action: str) -> Q:
    """The filter that limits ``model`` to what ``user`` may ``action``."""
    nothing = Q(pk__in=[])
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return nothing
    if user.is_superuser:
        return Q()
    # Anonymous users have been turned away above: what is left is an account.
    account = cast("User", user)
    policy = policy_of(model)
    tenant_roles, team_roles = policy.roles_for(action)
    role = account.role
    q = nothing
    if account.municipality_id is not None:
        if role in tenant_roles:
            q |= Q(**{policy.tenant: account.municipality_id})
        if role in team_roles and role in TEAM_ROLES and policy.team:
            q |= Q(
                **{policy.tenant: account.municipality_id},
                **{f"{policy.team}__in": account.teams.values("pk")},
            )
    if action == Action.VIEW and role == Role.RESEARCHER and policy.shared:
        q |= Q(**{policy.shared: True})
    return q


def restrict(queryset: QS, user: Any, action: str = Action.VIEW) -> QS:
    """Limit ``queryset`` to the rows ``user`` may ``action``."""
    return queryset.filter(scope_q(queryset.model, user, action))


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may ``action`` this one object."""
    if obj.pk is None:
        return False
    return restrict(type(obj)._default_manager.all(), user, action).filter(pk=obj.pk).exists()


def require(user: Any, action: str, obj: models.Model) -> None:
    """Let a service go on only if ``user`` may ``action`` this object.

    Out of the user's scope the object does not exist for them (404); a user who may see it
    but not change it is refused (403).
    """
    if can(user, action, obj):
        return
    if action != Action.VIEW and can(user, Action.VIEW, obj):
        raise PermissionDenied
    raise Http404


def get_in_scope(
    queryset: QS, user: Any, action: str = Action.VIEW, *, request: Any = None, **lookup: Any
) -> Any:
    """The one object of ``queryset`` matching ``lookup`` that ``user`` may ``action``.

    Anything else is a 404, whether the object is missing or out of scope, so its existence
    is not revealed; the refusal is announced (``access_refused``) for the audit log.
    """
    from .signals import access_refused

    try:
        return restrict(queryset, user, action).get(**lookup)
    except queryset.model.DoesNotExist:
        access_refused.send(sender=queryset.model, request=request, user=user)
        raise Http404 from None


def may_use(user: Any, model: type[models.Model], action: str = Action.VIEW) -> bool:
    """Whether the role of ``user`` has any access of this kind to ``model`` at all."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    policy = policy_of(model)
    tenant_roles, team_roles = policy.roles_for(action)
    if user.role in tenant_roles or user.role in team_roles:
        return True
    return action == Action.VIEW and user.role == Role.RESEARCHER and policy.shared is not None


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows how to limit itself to a user's scope."""

    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        return restrict(self, user, Action.VIEW)

    def changeable_by(self, user: Any) -> ScopedQuerySet[M]:
        return restrict(self, user, Action.CHANGE)

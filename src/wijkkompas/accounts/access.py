"""The one permission layer of Wijkkompas.

Every model that holds tenant data declares an :class:`AccessPolicy`; pages, the API,
services and selectors all ask :func:`restrict` (querysets) or :func:`can` (one object)
and nothing else. Rules:

* a municipality is a tenant: nothing of one tenant is visible in another, except what
  a municipality chose to share as aggregates (researchers);
* team roles see only the objects of their own teams;
* case data (residents, conversations, plans …) is visible to a team role only while the
  resident consents (:class:`ConsentRule`): the consent names the team or the employer
  organisation, the part of the file, and runs until a date or until it is withdrawn, after
  which access ends at once, because the rule is evaluated in every query;
* a closed case discussion is visible only to its participants (``participant``);
* a resident sees only their own rows (``owner``): "Mijn plan";
* an object outside the user's scope is simply not in the queryset, so views answer 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone

from .constants import TEAM_ROLES, Action, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

M = TypeVar("M", bound=models.Model)
QS = TypeVar("QS", bound=models.QuerySet[Any, Any])


@dataclass(frozen=True)
class ConsentRule:
    """Team roles see a row only while the resident (or household) consents to it.

    ``subject``: lookup from the model to the resident id (``level="resident"``) or the
    household id (``level="household"``) whose consent counts.
    ``part``: the part of the file (``residents.constants.ConsentPart``); the consent must
    cover it (``Consent.covers_<part>``).

    A consent counts when it is given to one of the user's teams or to an organisation the
    user works for (a membership linked to the account), has started, has not ended and
    has not been withdrawn.
    """

    subject: str
    level: str
    part: str


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
    ``consent``: team roles see (and change) the row only under the resident's consent.
    ``participant``: lookup to the user ids of the participants; team roles see the row only
    when they are one of them (closed case discussions).
    ``owner``: lookup to the account of the resident the row is about; the resident role
    sees those rows (``owner_actions``), and nothing else of this model.
    ``global_rows``: rows without a tenant (reference data shipped with the product) are
    visible to every signed-in user.
    """

    tenant: str
    team: str | None = None
    view: frozenset[str] = field(default_factory=frozenset)
    view_team: frozenset[str] = field(default_factory=frozenset)
    change: frozenset[str] = field(default_factory=frozenset)
    change_team: frozenset[str] = field(default_factory=frozenset)
    shared: str | None = None
    personal: bool = False
    consent: ConsentRule | None = None
    participant: str | None = None
    owner: str | None = None
    owner_actions: frozenset[str] = frozenset({"view"})
    global_rows: bool = False

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
            team_q = Q(
                **{policy.tenant: account.municipality_id},
                **{f"{policy.team}__in": account.teams.values("pk")},
            )
            if policy.consent is not None:
                team_q &= consent_q(policy.consent, account)
            if policy.participant is not None:
                team_q &= _through(model, policy.participant, account.pk)
            q |= team_q
        if role == Role.RESIDENT and policy.owner and action in policy.owner_actions:
            q |= Q(**{policy.tenant: account.municipality_id}) & _through(
                model, policy.owner, account.pk
            )
    if action == Action.VIEW and role == Role.RESEARCHER and policy.shared:
        q |= Q(**{policy.shared: True})
    if action == Action.VIEW and policy.global_rows:
        q |= Q(**{f"{policy.tenant}__isnull": True})
    return q


def _through(model: type[models.Model], lookup: str, value: Any) -> Q:
    """Rows whose ``lookup`` (possibly to-many) matches ``value``, without duplicating rows."""
    if "__" not in lookup:
        return Q(**{lookup: value})
    return Q(pk__in=model._default_manager.filter(**{lookup: value}).values("pk"))


def organisation_ids(account: User) -> list[int]:
    """Organisations the account works for (memberships linked to it); cached per object."""
    cached = getattr(account, "_organisation_ids_cache", None)
    if cached is None:
        membership = apps.get_model("teams", "Membership")
        cached = sorted(
            set(
                membership.objects.filter(user_id=account.pk).values_list(
                    "organisation_id", flat=True
                )
            )
        )
        account._organisation_ids_cache = cached  # type: ignore[attr-defined]
    return cast("list[int]", cached)


def active_consents(*, part: str, team_ids: Any, organisation_ids: Any) -> Any:
    """Consents that are in force today for ``part``, given to these teams or organisations."""
    consent = apps.get_model("residents", "Consent")
    today = timezone.localdate()
    return consent.objects.filter(
        Q(team_id__in=team_ids) | Q(organisation_id__in=organisation_ids),
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        valid_from__lte=today,
        withdrawn_at__isnull=True,
        **{f"covers_{part}": True},
    )


def consent_q(rule: ConsentRule, account: User) -> Q:
    """The filter "the resident or household of this row consents to ``account``"."""
    consents = active_consents(
        part=rule.part,
        team_ids=account.teams.values("pk"),
        organisation_ids=organisation_ids(account),
    ).filter(**{f"{rule.level}_id": OuterRef(rule.subject)})
    return Q(Exists(consents))


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
    """Whether the role of ``user`` has any access of this kind to ``model`` at all.

    Owner access (``AccessPolicy.owner``) does not count: a resident reaches their own rows
    only through the pages of "Mijn plan", never through the professionals' pages.
    """
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

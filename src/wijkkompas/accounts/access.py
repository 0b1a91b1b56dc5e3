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

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar, cast

from django.apps import apps
from django.core.exceptions import EmptyResultSet, PermissionDenied
from django.db import models
from django.db.models import BooleanField, Expression, F, Q
from django.http import Http404
from django.utils import timezone

from wijkkompas.core import compiled

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
    ``in_charge``: lookup to the accounts that run the row (the residents in charge of an
    initiative); users whose role is in ``in_charge_roles`` see those rows of their
    municipality (and act on them with ``in_charge_actions``), and nothing else of this
    model. Unlike owner access, this lets the role use the model's pages (``may_use``).
    ``public``: lookup to a boolean; rows where it is true are visible (view only) to
    everyone, anonymous visitors and users of every municipality included (a published
    residents' idea, a place on the public neighbourhood page).
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
    in_charge: str | None = None
    in_charge_roles: frozenset[str] = frozenset()
    in_charge_actions: frozenset[str] = frozenset({"view"})
    public: str | None = None

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
    """The filter that limits ``model`` to what ``user`` may ``action``.

    Built once per model, action and day for one user object (the user of a request lives
    as long as the request): every page asks for the same scopes several times.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return _public_q(policy_of(model), action)
    if user.is_superuser:
        return Q()
    account = cast("User", user)
    today = timezone.localdate()
    cache: dict[Any, Any] | None = getattr(account, "_scope_q_cache", None)
    if cache is None or cache.get("today") != today:
        cache = {"today": today}
        account._scope_q_cache = cache  # type: ignore[attr-defined]
    key = (model, action)
    q = cache.get(key)
    if q is None:
        q = _build_scope_q(model, account, action)
        cache[key] = q
    return cast(Q, q)


def scope_key(user: User | AnonymousUser | Any) -> tuple[Any, ...]:
    """Everything :func:`scope_q` depends on, as a hashable tuple: the part of the key of a
    compiled query (``core.compiled.values_rows``) that stands for the user.

    The account, whether it is active and a superuser, its role, municipality, teams and
    organisations, and the day (consents are checked against today's date).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ("anonymous",)
    account = cast("User", user)
    return (
        account.pk,
        account.is_superuser,
        account.role,
        account.municipality_id,
        # Teams and organisations count only for team roles (see _build_scope_q): other
        # roles do not pay the query that loads them.
        tuple(team_ids(account)) if account.role in TEAM_ROLES else (),
        tuple(organisation_ids(account)) if account.role in TEAM_ROLES else (),
        timezone.localdate(),
    )


def _build_scope_q(model: type[models.Model], account: User, action: str) -> Q:
    q = Q(pk__in=[])
    policy = policy_of(model)
    tenant_roles, team_roles = policy.roles_for(action)
    role = account.role
    if account.municipality_id is not None:
        if role in tenant_roles:
            q |= Q(**{policy.tenant: account.municipality_id})
        if role in team_roles and role in TEAM_ROLES and policy.team:
            team_q = Q(
                **{policy.tenant: account.municipality_id},
                **{f"{policy.team}__in": team_ids(account)},
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
        if (
            policy.in_charge
            and role in policy.in_charge_roles
            and action in policy.in_charge_actions
        ):
            q |= Q(**{policy.tenant: account.municipality_id}) & _through(
                model, policy.in_charge, account.pk
            )
    if action == Action.VIEW and role == Role.RESEARCHER and policy.shared:
        q |= Q(**{policy.shared: True})
    if action == Action.VIEW and policy.global_rows:
        q |= Q(**{f"{policy.tenant}__isnull": True})
    if action == Action.VIEW and policy.public:
        q |= _public_q(policy, action)
    return q


def _public_q(policy: AccessPolicy, action: str) -> Q:
    """The rows everyone may see (``AccessPolicy.public``), anonymous visitors included."""
    if action == Action.VIEW and policy.public:
        return Q(**{policy.public: True})
    return Q(pk__in=[])


def _through(model: type[models.Model], lookup: str, value: Any) -> Q:
    """Rows whose ``lookup`` (possibly to-many) matches ``value``, without duplicating rows."""
    if "__" not in lookup:
        return Q(**{lookup: value})
    return Q(pk__in=model._default_manager.filter(**{lookup: value}).values("pk"))


def _load_scope_ids(account: User) -> None:
    """Fill the caches of :func:`team_ids` and :func:`organisation_ids` in one query."""
    teams: set[int] = set()
    organisations: set[int] = set()
    # Compiled once per process (``core.compiled``): so a kept page (``core.pagecache``)
    # checks the user's teams and organisations with the rest of what it read.
    rows = compiled.values_rows(
        ("access.scope_ids",),
        lambda pk: (
            account._meta.model._default_manager.filter(pk=pk)
            .order_by()
            .values("teams__id", "memberships__organisation_id")
        ),
        args={"pk": account.pk},
    )
    for row in rows:
        team, organisation = row["teams__id"], row["memberships__organisation_id"]
        if team is not None:
            teams.add(team)
        if organisation is not None:
            organisations.add(organisation)
    if getattr(account, "_team_ids_cache", None) is None:
        account._team_ids_cache = sorted(teams)  # type: ignore[attr-defined]
    if getattr(account, "_organisation_ids_cache", None) is None:
        account._organisation_ids_cache = sorted(organisations)  # type: ignore[attr-defined]


def team_ids(account: User) -> list[int]:
    """The teams of the account (``User.team_ids``); cached per object."""
    if getattr(account, "_team_ids_cache", None) is None:
        _load_scope_ids(account)
    return cast("list[int]", account._team_ids_cache)  # type: ignore[attr-defined]


def acts_in_team(user: Any, team: Any, roles: frozenset[str]) -> bool:
    """Whether ``user`` acts in ``team`` with one of ``roles``: an active account of that
    role, of the team's municipality and a member of the team (the operator always). For
    pages about one team that are not a model's rows (its risk register, its reflections)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.role in roles
        and team.municipality_id == user.municipality_id
        and team.pk in team_ids(user)
    )


def organisation_ids(account: User) -> list[int]:
    """Organisations the account works for (memberships linked to it); cached per object."""
    if getattr(account, "_organisation_ids_cache", None) is None:
        _load_scope_ids(account)
    return cast("list[int]", account._organisation_ids_cache)  # type: ignore[attr-defined]


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


def consent_in_force(
    user: Any, part: str, *, household_id: int | None = None, resident_id: int | None = None
) -> bool:
    """Whether a consent in force today for ``part`` of the file, given to one of the user's
    teams or organisations, is about this household (``household_id``) or this resident
    (``resident_id``). A yes/no without personal data; compiled once per user scope and
    part (``core.compiled``), the id bound per call."""
    if (household_id is None) == (resident_id is None):
        raise TypeError("consent_in_force() takes a household_id or a resident_id")
    account = cast("User", user)
    level, value = (
        ("household_id", household_id)
        if household_id is not None
        else (
            "resident_id",
            resident_id,
        )
    )
    rows = compiled.values_rows(
        ("access.consent_in_force", part, level, *scope_key(account)),
        lambda subject: (
            active_consents(
                part=part, team_ids=team_ids(account), organisation_ids=organisation_ids(account)
            )
            .filter(**{level: subject})
            .values("pk")[:1]
        ),
        args={"subject": value},
    )
    return bool(rows)


def consent_q(rule: ConsentRule, account: User) -> Q:
    """The filter "the resident or household of this row consents to ``account``".

    The same ``EXISTS`` as ``Exists(active_consents(...).filter(<level>_id=OuterRef(subject)))``
    (the property tests prove it against a plain reading of the rule), but its SQL is built
    once per user object and rule instead of being resolved and compiled again for every
    queryset of the request: most of the Python time of a case page went there.
    """
    return Q(ConsentExists(rule, account))


class ConsentExists(Expression):
    """``EXISTS`` (a consent in force for ``rule`` given to ``account``'s teams or
    organisations, about the row's ``rule.subject``). See :func:`consent_q`."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, rule: ConsentRule, account: User, subject: Any = None) -> None:
        super().__init__(output_field=BooleanField())
        self.rule = rule
        self.account = account
        self.subject = subject if subject is not None else F(rule.subject)

    def get_source_expressions(self) -> list[Any]:
        return [self.subject]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.subject,) = exprs

    def __repr__(self) -> str:
        return f"ConsentExists({self.rule!r}, user={self.account.pk})"

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        subject_sql, subject_params = compiler.compile(self.subject)
        sql, params = _consent_sql(self.rule, self.account, connection)
        if not sql:
            raise EmptyResultSet
        return sql % subject_sql, [*params, *subject_params]


def _consent_sql(rule: ConsentRule, account: User, connection: Any) -> tuple[str, list[Any]]:
    """The ``EXISTS`` of :class:`ConsentExists` with ``%%s``-escaped parameters and one
    ``%s`` left for the row's subject column; cached per user object, rule, database and day."""
    today = timezone.localdate()
    cache: dict[Any, Any] | None = getattr(account, "_consent_sql_cache", None)
    if cache is None or cache.get("today") != today:
        cache = {"today": today}
        account._consent_sql_cache = cache  # type: ignore[attr-defined]
    key = (rule, connection.alias)
    cached = cache.get(key)
    if cached is not None:
        return cast("tuple[str, list[Any]]", cached)
    consent = apps.get_model("residents", "Consent")
    opts = consent._meta
    qn = connection.ops.quote_name
    alias = qn("wk_consent")

    def col(name: str) -> str:
        return f"{alias}.{qn(opts.get_field(name).column)}"

    teams = team_ids(account)
    organisations = organisation_ids(account)
    holders = (("team", teams), ("organisation", organisations))
    given_to = [(col(field), ids) for field, ids in holders if ids]
    if not given_to:
        # Nothing can consent to this account: the same "no rows" as an empty IN list.
        result: tuple[str, list[Any]] = ("", [])
        cache[key] = result
        return result
    day = connection.ops.adapt_datefield_value(today)
    # One SELECT per kind of holder (the account's teams, its organisations), joined by
    # UNION ALL: each reads only a covering index (residents.Consent "consent_*_in_force"),
    # where one SELECT with "team IN … OR organisation IN …" has to visit the table.
    # EXISTS over the union is the same rule (also under NOT), and the planner pushes the
    # row's subject into both branches.
    branches = []
    params: list[Any] = []
    for holder, ids in given_to:
        branches.append(
            f"SELECT {col(rule.level)} AS {qn('wk_s')} FROM {qn(opts.db_table)} {alias}"
            f" WHERE {holder} IN ({', '.join(['%%s'] * len(ids))})"
            f" AND ({col('valid_until')} IS NULL OR {col('valid_until')} >= %%s)"
            f" AND {col('valid_from')} <= %%s"
            f" AND {col('withdrawn_at')} IS NULL"
            f" AND {col('covers_' + rule.part)} = %%s"
        )
        params.extend([*ids, day, day, True])
    sql = (
        f"EXISTS(SELECT 1 FROM ({' UNION ALL '.join(branches)}) {qn('wk_given')}"
        f" WHERE {qn('wk_given')}.{qn('wk_s')} = %s)"
    )
    result = (sql, params)
    cache[key] = result
    return result


def restrict(queryset: QS, user: Any, action: str = Action.VIEW) -> QS:
    """Limit ``queryset`` to the rows ``user`` may ``action``."""
    return queryset.filter(scope_q(queryset.model, user, action))


def can(user: Any, action: str, obj: models.Model) -> bool:
    """Whether ``user`` may ``action`` this one object.

    Pages ask this on every request: the question is compiled once per model, action and
    user scope (``core.compiled``) and the object's number is bound as an argument.
    """
    if obj.pk is None:
        return False
    model = type(obj)
    if not isinstance(obj.pk, int):
        return restrict(model._default_manager.all(), user, action).filter(pk=obj.pk).exists()
    rows = compiled.values_rows(
        ("access.can", model._meta.label, action, *scope_key(user)),
        lambda pk: (
            restrict(model._default_manager.all(), user, action).filter(pk=pk).values("pk")[:1]
        ),
        args={"pk": obj.pk},
    )
    return bool(rows)


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


def get_compiled_in_scope(
    name: str,
    build: Callable[[], QS],
    user: Any,
    action: str = Action.VIEW,
    *,
    request: Any = None,
    pk: int,
) -> Any:
    """:func:`get_in_scope` by primary key for the pages asked on every request: the
    queryset ``build()`` makes (``select_related`` and annotations allowed, no prefetch) is
    limited to the user's scope and compiled once per ``name``, action and user scope
    (``core.compiled.objects``); ``pk`` is bound as an argument. 404 and the refusal
    announced exactly as :func:`get_in_scope` does.
    """
    from .signals import access_refused

    found = compiled.objects(
        (name, action, *scope_key(user)),
        lambda pk: restrict(build(), user, action).filter(pk=pk),
        args={"pk": int(pk)},
    )
    if not found:
        access_refused.send(sender=build().model, request=request, user=user)
        raise Http404
    return found[0]


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
    if policy.in_charge and user.role in policy.in_charge_roles:
        return action in policy.in_charge_actions
    return action == Action.VIEW and user.role == Role.RESEARCHER and policy.shared is not None


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows how to limit itself to a user's scope."""

    def visible_to(self, user: Any) -> ScopedQuerySet[M]:
        return restrict(self, user, Action.VIEW)

    def changeable_by(self, user: Any) -> ScopedQuerySet[M]:
        return restrict(self, user, Action.CHANGE)

"""Reads of the instruments domain: reference data, scoring forms, profiles.

* Instruments, versions and criterion texts are reference data (no personal data): every
  signed-in user sees the shipped instruments and those of their own municipality; criterion
  texts only of their own municipality (a licence is per municipality).
* Assessments are personal data: :func:`profile` and :func:`assessment_list` read them
  through ``Assessment.objects.visible_to(user)`` (team roles only under a consent that
  covers self-sufficiency scores; a resident their own) and write one access-log entry per
  call, with the resident as data subject.
* Other apps build their scoring forms with :func:`active_versions`,
  :func:`scoring_fields` and :func:`scores_from_cleaned_data`, record scores with
  ``services.assessment_record`` and show the profile with the ``instruments_tags``
  template tags. The number of queries never depends on the number of versions,
  domains or assessments.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from wijkkompas.accounts.access import (
    can,
    consent_in_force,
    get_in_scope,
    may_use,
    scope_key,
)
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled, pagecache
from wijkkompas.residents.constants import ConsentPart

from .models import (
    Assessment,
    AssessmentScore,
    CriterionText,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)

# --- reference data: pages -----------------------------------------------------------------


def may_import(*, user: Any) -> bool:
    """Whether the user may import instrument files (the administrator, the operator)."""
    return may_use(user, Instrument, Action.CHANGE) and (
        user.is_superuser or user.municipality_id is not None
    )


def may_change_version(*, user: Any, version: InstrumentVersion) -> bool:
    """Whether the user may put ``version`` in or out of use (own municipality's; the
    operator also the shipped ones)."""
    return can(user, Action.CHANGE, version)


def _count(model: Any, **lookup: Any) -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(**lookup)
            .order_by()
            .values(next(iter(lookup)))
            .annotate(n=Count("pk"))
            .values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def version_list(*, user: Any) -> QuerySet[InstrumentVersion]:
    """Versions the user sees (shipped and own municipality's), with their instrument and
    the number of domains, levels and of the user's municipality's criterion texts, in one
    query."""
    return (
        InstrumentVersion.objects.visible_to(user)
        .select_related("instrument", "instrument__municipality")
        .annotate(
            domain_count=_count(InstrumentDomain, version=OuterRef("pk")),
            level_count=_count(InstrumentLevel, version=OuterRef("pk")),
            criteria_count=_count(
                CriterionText,
                domain__version=OuterRef("pk"),
                municipality_id=user.municipality_id,
            ),
        )
        .order_by("instrument__name", "instrument__municipality_id", "-created_at", "-pk")
    )


def version_get(
    *, user: Any, pk: int, action: str = Action.VIEW, request: Any = None
) -> InstrumentVersion:
    """One version in the user's scope for ``action`` with domains and levels, or 404."""
    return get_in_scope(
        InstrumentVersion.objects.select_related(
            "instrument", "instrument__municipality"
        ).prefetch_related("domains", "levels"),
        user,
        action,
        request=request,
        pk=pk,
    )


def version_choices(*, user: Any) -> QuerySet[InstrumentVersion]:
    """Versions the user sees, for the "criterion texts belong to" choice of the import."""
    return (
        InstrumentVersion.objects.visible_to(user)
        .select_related("instrument")
        .order_by("instrument__name", "-created_at", "-pk")
    )


@dataclass(frozen=True)
class CriteriaGrid:
    """The criterion texts of one version for one municipality: domains x levels."""

    levels: list[InstrumentLevel]
    rows: list[tuple[InstrumentDomain, list[str]]]  # per domain: the text per level ("")
    count: int


def criteria_grid(*, user: Any, version: InstrumentVersion) -> CriteriaGrid | None:
    """The criterion texts the user's municipality loaded for ``version`` (None: none).

    Only the user's own municipality's texts, also for the operator: a licence is per
    municipality. ``version`` comes from :func:`version_get` (domains and levels fetched).
    """
    if user.municipality_id is None:
        return None
    texts = {
        (c.domain_id, c.level_id): c.text
        for c in CriterionText.objects.visible_to(user).filter(
            municipality_id=user.municipality_id, domain__version=version
        )
    }
    if not texts:
        return None
    levels = list(version.levels.all())
    rows = [
        (domain, [texts.get((domain.pk, level.pk), "") for level in levels])
        for domain in version.domains.all()
    ]
    return CriteriaGrid(levels=levels, rows=rows, count=len(texts))


def version_for_import(
    *, municipality: Any, instrument_code: str, label: str
) -> InstrumentVersion | None:
    """For the command line (operator): the version ``label`` of the instrument ``code`` of
    ``municipality``, else of the shipped instrument with that code."""
    scope = Q(instrument__municipality__isnull=True)
    if municipality is not None:
        scope |= Q(instrument__municipality=municipality)
    versions = list(
        InstrumentVersion.objects.filter(
            scope, instrument__code=instrument_code, label=label
        ).select_related("instrument")
    )
    own = [v for v in versions if v.instrument.municipality_id is not None]
    found = own or versions
    return found[0] if found else None


def municipality_for_code(code: str) -> Any:
    """The municipality with CBS code ``code`` (e.g. GM0363), or None: for the command line."""
    model = Instrument._meta.get_field("municipality").related_model
    return model._default_manager.filter(code=code.strip().upper()).first()  # type: ignore[union-attr]


# --- scoring (for the conversation and review forms of other apps) -------------------------


def _attach(obj: Any, name: str, items: list[Any]) -> None:
    """Fill ``obj.<name>.all()`` with ``items`` as prefetch_related would (no query)."""
    queryset = getattr(obj, name).all()
    queryset._result_cache = items
    queryset._prefetch_done = True
    if not hasattr(obj, "_prefetched_objects_cache"):
        obj._prefetched_objects_cache = {}
    obj._prefetched_objects_cache[name] = queryset


def active_versions(*, user: Any) -> list[InstrumentVersion]:
    """The versions in use that the user may score with: shipped and own municipality's.

    Two queries whatever their number: the domains with their version and instrument, and
    the levels. ``version.domains.all()`` and ``version.levels.all()`` need no further
    query; the versions remember the user's municipality for :func:`scoring_fields`.
    Ordered by instrument name, newest version first.
    """
    scope = InstrumentVersion.objects.visible_to(user).filter(is_active=True).values("pk")
    domains = list(
        InstrumentDomain.objects.filter(version__in=scope)
        .select_related("version__instrument")
        .order_by("version_id", "position")
    )
    versions: dict[int, InstrumentVersion] = {}
    by_version: dict[int, list[InstrumentDomain]] = defaultdict(list)
    for domain in domains:
        version = versions.setdefault(domain.version_id, domain.version)
        domain.version = version  # one object per version
        by_version[version.pk].append(domain)
    levels: dict[int, list[InstrumentLevel]] = defaultdict(list)
    if versions:
        for level in InstrumentLevel.objects.filter(version_id__in=list(versions)).order_by(
            "version_id", "value"
        ):
            level.version = versions[level.version_id]
            levels[level.version_id].append(level)
    result = []
    for version in versions.values():
        _attach(version, "domains", by_version[version.pk])
        _attach(version, "levels", levels[version.pk])
        version.criteria_municipality_id = user.municipality_id  # type: ignore[attr-defined]
        result.append(version)
    result.sort(key=lambda v: (v.instrument.name.casefold(), -v.created_at.timestamp(), -v.pk))
    return result


def field_name(version_id: int, domain_code: str) -> str:
    """The form field name of one domain of one version: ``score_<version_id>_<code>``."""
    return f"score_{version_id}_{domain_code}"


@dataclass(frozen=True)
class ScoringField:
    """What a form needs for one optional score (empty = not scored).

    ``choices`` are ``(value, "value – level name")`` without an empty choice;
    ``help`` holds the criterion texts of the user's municipality ("" when not loaded);
    ``legend`` names the instrument and version, for a fieldset per version.
    """

    name: str
    label: str
    version_id: int
    domain_code: str
    choices: list[tuple[int, str]]
    help: str
    legend: str = ""
    kind: str = ""


def scoring_fields(*, versions: Iterable[InstrumentVersion]) -> list[ScoringField]:
    """One :class:`ScoringField` per domain of every version, in order.

    ``versions`` come from :func:`active_versions`; one query for the criterion texts of
    the user's municipality (none when it has no municipality).
    """
    versions = list(versions)
    municipality_ids = {getattr(v, "criteria_municipality_id", None) for v in versions} - {None}
    texts: dict[tuple[int, int], str] = {}
    if versions and municipality_ids:
        for domain_id, value, text in CriterionText.objects.filter(
            municipality_id__in=municipality_ids,
            domain__version__in=[v.pk for v in versions],
        ).values_list("domain_id", "level__value", "text"):
            texts[(domain_id, value)] = text
    fields = []
    for version in versions:
        levels = list(version.levels.all())
        choices = [(level.value, f"{level.value} – {level.name}") for level in levels]
        legend = f"{version.instrument.name} {version.label}"
        for domain in version.domains.all():
            help_lines = [
                f"{level.value}: {texts[(domain.pk, level.value)]}"
                for level in levels
                if (domain.pk, level.value) in texts
            ]
            fields.append(
                ScoringField(
                    name=field_name(version.pk, domain.code),
                    label=domain.name,
                    version_id=version.pk,
                    domain_code=domain.code,
                    choices=choices,
                    help="\n".join(help_lines),
                    legend=legend,
                    kind=version.instrument.kind,
                )
            )
    return fields


def scores_from_cleaned_data(
    *, versions: Iterable[InstrumentVersion], cleaned_data: Mapping[str, Any]
) -> dict[int, dict[str, int]]:
    """``{version_id: {domain_code: value}}`` from a form built with :func:`scoring_fields`.

    Empty fields (not scored) are left out, and so are versions without any score.
    """
    result: dict[int, dict[str, int]] = {}
    for version in versions:
        scores = {}
        for domain in version.domains.all():
            value: Any = cleaned_data.get(field_name(version.pk, domain.code))
            if value is None or value == "":
                continue
            scores[domain.code] = int(value)
        if scores:
            result[version.pk] = scores
    return result


# --- assessments (personal data) ------------------------------------------------------------


@dataclass(frozen=True)
class Level:
    value: int
    name: str


@dataclass(frozen=True)
class ProfileRow:
    """One domain of a series: its value at every column (None: not scored)."""

    code: str
    name: str
    values: tuple[int | None, ...]
    labels: tuple[str, ...]  # "3 – Beperkt zelfredzaam", or "" when not scored


@dataclass(frozen=True)
class ProfileColumn:
    """One assessment of a series."""

    assessment_id: int
    assessed_on: date


@dataclass(frozen=True)
class Series:
    """The assessments of one resident on one instrument version, over time."""

    version_id: int
    instrument: str
    code: str
    label: str
    kind: str
    levels: tuple[Level, ...]
    columns: tuple[ProfileColumn, ...]
    rows: tuple[ProfileRow, ...]

    @property
    def title(self) -> str:
        return f"{self.instrument} {self.label}"

    def level_name(self, value: int | None) -> str:
        for level in self.levels:
            if level.value == value:
                return level.name
        return ""


@dataclass(frozen=True)
class Profile:
    """A resident's self-sufficiency profile: one series per instrument version."""

    resident_id: int
    series: tuple[Series, ...]

    def __bool__(self) -> bool:
        return bool(self.series)

    @property
    def assessment_count(self) -> int:
        return sum(len(s.columns) for s in self.series)


def _label(value: int | None, names: Mapping[int, str]) -> str:
    if value is None:
        return ""
    return f"{value} – {names.get(value, '')}".rstrip(" –")


def _visible_assessments(*, user: Any, resident: Any) -> list[Assessment]:
    return compiled.objects(
        ("instruments.visible_assessments", *scope_key(user)),
        lambda resident_id: (
            Assessment.objects.visible_to(user)
            .filter(resident_id=resident_id)
            .select_related("version__instrument")
            .order_by("assessed_on", "pk")
        ),
        args={"resident_id": resident.pk},
    )


@lru_cache(maxsize=256)
def _reference(
    versions: tuple[tuple[int, Any], ...],
) -> tuple[dict[int, list[InstrumentDomain]], dict[int, list[InstrumentLevel]]]:
    """The domains and levels of these instrument versions, kept per process.

    A version's domains and levels are written once, with the version, and never changed
    (another text is another version), so they are read once per process; a save or
    delete of a domain or level in this process forgets them (``InstrumentsConfig.ready``).
    The key holds each version's creation time as well as its id, so a version made anew
    under a reused id (a test database) is read again. Shared between requests: read, never
    change them.
    """
    ids = [pk for pk, _created in versions]
    domains: dict[int, list[InstrumentDomain]] = defaultdict(list)
    for domain in InstrumentDomain.objects.filter(version_id__in=ids).order_by(
        "version_id", "position"
    ):
        domains[domain.version_id].append(domain)
    levels: dict[int, list[InstrumentLevel]] = defaultdict(list)
    for level in InstrumentLevel.objects.filter(version_id__in=ids).order_by("version_id", "value"):
        levels[level.version_id].append(level)
    return dict(domains), dict(levels)


def forget_reference(**kwargs: Any) -> None:
    """Drop the kept domains and levels (a domain or level was saved or deleted), and the
    kept pages that show them (``core.pagecache``)."""
    _reference.cache_clear()
    pagecache.clear()


def profile(
    *, user: Any, resident: Any, request: Any = None, purpose: str = Purpose.SUPPORT
) -> Profile:
    """The resident's scores over time that the user may see, per instrument version.

    Four queries whatever the number of assessments (assessments, scores, domains, levels)
    plus the access-log entry (``purpose``, the resident as subject) when anything was read.
    Series are ordered by instrument name and version; columns by date.
    """
    assessments = _visible_assessments(user=user, resident=resident)
    if not assessments:
        return Profile(resident_id=resident.pk, series=())
    ids = [a.pk for a in assessments]
    version_ids = sorted({a.version_id for a in assessments})
    scores: dict[int, dict[int, int]] = defaultdict(dict)
    # The scores of the assessments above: the same scope, so one compiled query serves
    # every resident.
    visible_ids = set(ids)
    for row in compiled.values_rows(
        ("instruments.profile_scores", *scope_key(user)),
        lambda resident_id: AssessmentScore.objects.filter(
            assessment__in=Assessment.objects.visible_to(user)
            .filter(resident_id=resident_id)
            .values("pk")
        ).values("assessment_id", "domain_id", "value"),
        args={"resident_id": resident.pk},
    ):
        if row["assessment_id"] in visible_ids:
            scores[row["assessment_id"]][row["domain_id"]] = row["value"]
    versions = {a.version_id: a.version for a in assessments}
    domains, levels = _reference(tuple((v, versions[v].created_at) for v in version_ids))
    per_version: dict[int, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        per_version[assessment.version_id].append(assessment)
    series = []
    for version_id, items in per_version.items():
        version = items[0].version
        names = {level.value: level.name for level in levels.get(version_id, ())}
        rows = []
        for domain in domains.get(version_id, ()):
            values = tuple(scores[a.pk].get(domain.pk) for a in items)
            rows.append(
                ProfileRow(
                    code=domain.code,
                    name=domain.name,
                    values=values,
                    labels=tuple(_label(v, names) for v in values),
                )
            )
        series.append(
            Series(
                version_id=version_id,
                instrument=version.instrument.name,
                code=version.instrument.code,
                label=version.label,
                kind=version.instrument.kind,
                levels=tuple(
                    Level(level.value, level.name) for level in levels.get(version_id, ())
                ),
                columns=tuple(ProfileColumn(a.pk, a.assessed_on) for a in items),
                rows=tuple(rows),
            )
        )
    series.sort(key=lambda s: (s.instrument.casefold(), s.label, s.version_id))
    log_access(
        user=user,
        action=Event.READ,
        purpose=purpose,
        objects=assessments,
        model=Assessment,
        request=request,
        subjects=[resident.pk],
    )
    return Profile(resident_id=resident.pk, series=tuple(series))


def assessment_list(
    *, user: Any, resident: Any, request: Any = None, purpose: str = Purpose.SUPPORT
) -> list[Assessment]:
    """The resident's assessments the user may see, oldest first, with version, instrument,
    levels and scores (with their domain) fetched: e.g. to pick the "before" and "after"
    of a plan review for :func:`compare`. Logged (``purpose``, the resident as subject)
    when anything was read; four queries whatever the number."""
    assessments = list(
        Assessment.objects.visible_to(user)
        .filter(resident_id=resident.pk)
        .select_related("version__instrument", "conversation", "review")
        .prefetch_related("version__levels", "scores__domain")
        .order_by("assessed_on", "pk")
    )
    if assessments:
        log_access(
            user=user,
            action=Event.READ,
            purpose=purpose,
            objects=assessments,
            model=Assessment,
            request=request,
            subjects=[resident.pk],
        )
    return assessments


@dataclass(frozen=True)
class ComparisonRow:
    code: str
    name: str
    before: int | None
    after: int | None
    before_label: str
    after_label: str

    @property
    def delta(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def delta_text(self) -> str:
        """The difference with its sign ("+1", "−2", "0"); "" when not scored twice."""
        delta = self.delta
        if delta is None:
            return ""
        if delta > 0:
            return f"+{delta}"
        return f"\u2212{-delta}" if delta < 0 else "0"

    @property
    def direction(self) -> str:
        """ "higher", "lower", "same", or "" when not scored twice."""
        delta = self.delta
        if delta is None:
            return ""
        return "higher" if delta > 0 else "lower" if delta < 0 else "same"


@dataclass(frozen=True)
class Comparison:
    """Two assessments side by side, per domain (e.g. ZRM before and after a plan)."""

    title: str
    before_on: date
    after_on: date
    rows: tuple[ComparisonRow, ...]


def compare(*, before: Assessment, after: Assessment) -> Comparison:
    """Per domain: the value before, after and the difference (after - before).

    A pure function of what the two assessments hold; pass assessments from
    :func:`assessment_list` (scores, domains and levels fetched) and it runs no query.
    Domains are matched by code, so two versions of one instrument compare on the domains
    they share; a domain scored in only one of them shows no difference.
    """
    names = {level.value: level.name for level in before.version.levels.all()}
    names.update({level.value: level.name for level in after.version.levels.all()})
    before_scores = {s.domain.code: (s.domain, s.value) for s in before.scores.all()}
    after_scores = {s.domain.code: (s.domain, s.value) for s in after.scores.all()}
    ordered = sorted(
        {**before_scores, **after_scores}.items(),
        key=lambda item: (
            item[0] not in after_scores,
            (after_scores.get(item[0]) or before_scores[item[0]])[0].position,
        ),
    )
    rows = []
    for code, (domain, _value) in ordered:
        was = before_scores.get(code, (None, None))[1]
        now = after_scores.get(code, (None, None))[1]
        rows.append(
            ComparisonRow(
                code=code,
                name=domain.name,
                before=was,
                after=now,
                before_label=_label(was, names),
                after_label=_label(now, names),
            )
        )
    version = after.version
    return Comparison(
        title=f"{version.instrument.name} {version.label}",
        before_on=before.assessed_on,
        after_on=after.assessed_on,
        rows=tuple(rows),
    )


def may_view_scores(*, user: Any) -> bool:
    """Whether the user's role works with scores at all (the professionals' pages)."""
    return may_use(user, Assessment)


def may_score(*, user: Any, resident: Any) -> bool:
    """Whether the user may record scores for ``resident``: they may change the resident's
    case and the resident's consent to one of their teams or organisations covers
    self-sufficiency scores. A yes/no without personal data: not logged."""
    if not can(user, Action.CHANGE, resident):
        return False
    if user.is_superuser:
        return True
    return consent_in_force(user, ConsentPart.ASSESSMENTS, resident_id=resident.pk)


# --- Data subject rights (used by the rights app) ------------------------------------------
# Plain data for ``rights.services``, which checks who may ask and writes the access-log
# entry (DATA_REQUEST). No log here: the caller logs.


def export_for_resident(*, resident: Any) -> dict[str, Any]:
    """Every assessment of one resident with its scores, domain and level names, as plain
    data (AVG art. 15). No log: ``rights.services.access_export_build`` logs the export."""
    assessments = (
        Assessment.objects.filter(resident_id=resident.pk)
        .select_related("version__instrument")
        .prefetch_related("scores__domain", "version__levels")
        .order_by("assessed_on", "pk")
    )
    result = []
    for a in assessments:
        levels = {level.value: level.name for level in a.version.levels.all()}
        result.append(
            {
                "id": a.pk,
                "instrument": a.version.instrument.name,
                "version": a.version.label,
                "assessed_on": a.assessed_on,
                "conversation_id": a.conversation_id,
                "review_id": a.review_id,
                "scores": [
                    {
                        "domain": s.domain.name,
                        "domain_code": s.domain.code,
                        "value": s.value,
                        "level": levels.get(s.value, ""),
                    }
                    for s in sorted(a.scores.all(), key=lambda s: s.domain.position)
                ],
            }
        )
    return {"assessments": result}

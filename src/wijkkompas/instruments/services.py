"""Writes of the instruments domain: importing instruments and criteria, scoring.

Rules (with the message the user sees):

* an instrument file is imported whole or not at all, and importing the same file again
  changes nothing (and says so);
* a version, once there, does not change: a file with other domains, levels or scoring note
  under an existing version label is refused — a changed instrument is a new version, so
  assessments keep pointing at the version they were scored with;
* a municipality cannot add versions to an instrument shipped with Wijkkompas, but it can
  load criterion texts (e.g. the licensed ZRM criteria) for any version it sees; criterion
  texts belong to one municipality;
* an assessment holds at least one score, each on a domain and a level of its version, and
  is recorded only by someone who may change the resident's case under a consent that
  covers self-sufficiency scores.

Instruments are reference data: their imports are not written to the access log, but every
version and criterion text records which file it came from, who imported it and when
(``imported_from``). Assessments are personal data: recording one is logged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import can, require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import InstrumentKind
from .files import (
    CriterionSpec,
    InstrumentFileError,
    InstrumentSpec,
    looks_like_json,
    parse_criteria,
    parse_instrument,
)
from .models import (
    REFERENCE_CHANGE_ROLES,
    Assessment,
    AssessmentScore,
    CriterionText,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)

__all__ = [
    "ImportResult",
    "InstrumentFileError",
    "assessment_record",
    "instrument_import",
    "version_set_active",
]

#: Who imported a file when no user is given: the operator on the command line.
COMMAND_LINE = "wijkkompas import_instrument"


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import did. ``changed`` is False when the file had been imported before."""

    version: InstrumentVersion
    filename: str
    created_instrument: bool = False
    updated_instrument: bool = False
    created_version: bool = False
    criteria_added: int = 0
    criteria_changed: int = 0

    @property
    def changed(self) -> bool:
        return bool(
            self.created_instrument
            or self.updated_instrument
            or self.created_version
            or self.criteria_added
            or self.criteria_changed
        )

    @property
    def message(self) -> str:
        """A one-line report for the page or the command line."""
        name = str(self.version)
        if not self.changed:
            return _("Nothing changed: %(file)s had already been imported into %(instrument)s.") % {
                "file": self.filename,
                "instrument": name,
            }
        parts = []
        if self.created_version:
            parts.append(
                _("%(instrument)s has been added with %(domains)s domains and %(levels)s levels.")
                % {
                    "instrument": name,
                    "domains": self.version.domains.count(),
                    "levels": self.version.levels.count(),
                }
            )
        elif self.updated_instrument:
            parts.append(
                _("The description of %(instrument)s has been updated.") % {"instrument": name}
            )
        if self.criteria_added or self.criteria_changed:
            parts.append(
                _("Criterion texts for %(instrument)s: %(added)s added, %(changed)s changed.")
                % {
                    "instrument": name,
                    "added": self.criteria_added,
                    "changed": self.criteria_changed,
                }
            )
        return " ".join(parts)


def _may_import(user: Any, municipality: Any) -> bool:
    """The operator (no user, or a superuser) imports anything; an administrator imports
    for their own municipality only."""
    if user is None:
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return (
        user.role in REFERENCE_CHANGE_ROLES
        and municipality is not None
        and user.municipality_id == municipality.pk
    )


def _provenance(user: Any, filename: str) -> str:
    """``file (who, when)`` for ``imported_from``: no more than a user name and a time."""
    who = user.get_username() if user is not None else COMMAND_LINE
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    suffix = f" ({who}, {when})"
    return filename[: 200 - len(suffix)] + suffix


def _clean_filename(filename: str) -> str:
    name = os.path.basename((filename or "").replace("\\", "/")).strip()
    return name[:120] or "?"


@transaction.atomic
def instrument_import(
    *,
    user: Any,
    content: bytes,
    filename: str,
    municipality: Any = None,
    version: InstrumentVersion | None = None,
) -> ImportResult:
    """Import an instrument file: a JSON instrument version, or a CSV of criterion texts.

    ``user``: the administrator (``None``: the operator on the command line);
    ``municipality``: whose instrument or criterion texts these are (``None``: an
    instrument shipped with Wijkkompas, operator only); ``version``: for a CSV file, the
    version the criterion texts belong to. A JSON file is recognised by its name
    (``.json``) or its first character.

    All or nothing; a file imported before changes nothing (``ImportResult.changed``).
    Refusals: :class:`~wijkkompas.instruments.files.InstrumentFileError` (every problem of
    the file, per line or field) or :class:`ApplicationError`; ``PermissionDenied`` for a
    user who may not import for ``municipality``.
    """
    if not _may_import(user, municipality):
        raise PermissionDenied
    filename = _clean_filename(filename)
    provenance = _provenance(user, filename)
    if looks_like_json(content, filename):
        spec = parse_instrument(content)
        return _import_instrument(
            user=user,
            spec=spec,
            municipality=municipality,
            filename=filename,
            provenance=provenance,
        )
    if version is None:
        raise ApplicationError(
            _("Choose the instrument version the criterion texts belong to."), field="version"
        )
    if user is not None:
        require(user, Action.VIEW, version)
    if municipality is None:
        raise ApplicationError(
            _(
                "Criterion texts belong to a municipality: choose the municipality "
                "(--municipality GMxxxx)."
            )
        )
    version = InstrumentVersion.objects.select_related("instrument").get(pk=version.pk)
    domains = list(version.domains.order_by("position"))
    levels = list(version.levels.order_by("value"))
    criteria = parse_criteria(
        content,
        instrument=str(version),
        domains=[(d.code, d.name) for d in domains],
        levels=[level.value for level in levels],
    )
    added, changed = _apply_criteria(
        version=version,
        municipality=municipality,
        criteria=criteria,
        provenance=provenance,
        domains=domains,
        levels=levels,
    )
    return ImportResult(
        version=version, filename=filename, criteria_added=added, criteria_changed=changed
    )


def _import_instrument(
    *,
    user: Any,
    spec: InstrumentSpec,
    municipality: Any,
    filename: str,
    provenance: str,
) -> ImportResult:
    if spec.criteria and municipality is None:
        raise ApplicationError(
            _(
                "Criterion texts belong to a municipality: choose the municipality "
                "(--municipality GMxxxx), or leave the criteria out of the file."
            )
        )
    own = (
        Instrument.objects.select_for_update()
        .filter(municipality=municipality, code=spec.code)
        .first()
    )
    shipped = (
        Instrument.objects.filter(municipality__isnull=True, code=spec.code).first()
        if municipality is not None and own is None
        else None
    )
    created_instrument = updated_instrument = created_version = False
    instrument = own or shipped
    if instrument is None:
        instrument = Instrument(
            municipality=municipality,
            code=spec.code,
            name=spec.name,
            kind=spec.kind,
            description=spec.description,
            source=spec.source,
        )
        _full_clean(instrument)
        instrument.save()
        created_instrument = True
    else:
        if instrument.kind != spec.kind:
            raise ApplicationError(
                _("Instrument %(code)s is a %(kind)s; the file describes a %(other)s.")
                % {
                    "code": spec.code,
                    "kind": InstrumentKind(instrument.kind).label,
                    "other": InstrumentKind(spec.kind).label,
                },
                field="file",
            )
        if instrument is own:
            if user is not None:
                require(user, Action.CHANGE, instrument)
            wanted = {"name": spec.name, "description": spec.description, "source": spec.source}
            if any(getattr(instrument, key) != value for key, value in wanted.items()):
                for key, value in wanted.items():
                    setattr(instrument, key, value)
                _full_clean(instrument)
                instrument.save()
                updated_instrument = True

    version = (
        InstrumentVersion.objects.filter(instrument=instrument, label=spec.label)
        .select_related("instrument")
        .first()
    )
    if version is not None:
        _refuse_other_content(version, spec)
    else:
        if instrument is shipped:
            raise ApplicationError(
                _(
                    "Instrument %(code)s is shipped with Wijkkompas and has no version "
                    "%(label)s; a municipality cannot add versions to it. Give your own "
                    "instrument its own code."
                )
                % {"code": spec.code, "label": spec.label},
                field="file",
            )
        version = InstrumentVersion(
            instrument=instrument,
            label=spec.label,
            scoring_note=spec.scoring_note,
            imported_from=provenance,
        )
        _full_clean(version)
        version.save()
        domains = [
            InstrumentDomain(version=version, position=position, code=code, name=name)
            for position, (code, name) in enumerate(spec.domains, start=1)
        ]
        levels = [InstrumentLevel(version=version, value=v, name=n) for v, n in spec.levels]
        for obj in (*domains, *levels):
            obj.clean_fields()
        InstrumentDomain.objects.bulk_create(domains)
        InstrumentLevel.objects.bulk_create(levels)
        created_version = True

    added = changed = 0
    if spec.criteria:
        added, changed = _apply_criteria(
            version=version,
            municipality=municipality,
            criteria=spec.criteria,
            provenance=provenance,
            domains=list(version.domains.all()),
            levels=list(version.levels.all()),
        )
    return ImportResult(
        version=version,
        filename=filename,
        created_instrument=created_instrument,
        updated_instrument=updated_instrument,
        created_version=created_version,
        criteria_added=added,
        criteria_changed=changed,
    )


def _refuse_other_content(version: InstrumentVersion, spec: InstrumentSpec) -> None:
    """An existing version takes the same file again, never a changed one."""
    domains = tuple(version.domains.order_by("position").values_list("code", "name"))
    levels = tuple(version.levels.order_by("value").values_list("value", "name"))
    different = []
    if domains != spec.domains:
        different.append(_("domains"))
    if levels != spec.levels:
        different.append(_("levels"))
    if version.scoring_note.strip() != spec.scoring_note:
        different.append(_("scoring note"))
    if different:
        raise ApplicationError(
            _(
                "%(instrument)s already exists with other %(parts)s. A changed instrument is "
                "a new version: give it a new version label, so earlier assessments keep "
                "theirs."
            )
            % {"instrument": str(version), "parts": ", ".join(str(p) for p in different)},
            field="file",
        )


def _apply_criteria(
    *,
    version: InstrumentVersion,
    municipality: Any,
    criteria: Iterable[CriterionSpec],
    provenance: str,
    domains: list[InstrumentDomain],
    levels: list[InstrumentLevel],
) -> tuple[int, int]:
    """Add or change the municipality's criterion texts of ``version``: (added, changed).

    Texts the file does not mention are kept.
    """
    domain_by_code = {d.code: d for d in domains}
    level_by_value = {level.value: level for level in levels}
    existing = {
        (c.domain_id, c.level_id): c
        for c in CriterionText.objects.select_for_update().filter(
            municipality=municipality, domain__version=version
        )
    }
    new: list[CriterionText] = []
    updated: list[CriterionText] = []
    for spec in criteria:
        domain, level = domain_by_code[spec.domain], level_by_value[spec.level]
        current = existing.get((domain.pk, level.pk))
        if current is None:
            obj = CriterionText(
                municipality=municipality,
                domain=domain,
                level=level,
                text=spec.text,
                imported_from=provenance,
            )
            obj.clean_fields()
            new.append(obj)
        elif current.text != spec.text:
            current.text = spec.text
            current.imported_from = provenance
            current.clean_fields()
            updated.append(current)
    CriterionText.objects.bulk_create(new)
    CriterionText.objects.bulk_update(updated, ["text", "imported_from"])
    return len(new), len(updated)


@transaction.atomic
def version_set_active(
    *, user: Any, version: InstrumentVersion, is_active: bool
) -> InstrumentVersion:
    """Offer a version for scoring (``is_active``) or not; its assessments stay."""
    require(user, Action.CHANGE, version)
    version = InstrumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_active != is_active:
        version.is_active = is_active
        version.save(update_fields=["is_active"])
    return version


# --- assessments ---------------------------------------------------------------------------


@transaction.atomic
def assessment_record(
    *,
    user: Any,
    resident: Any,
    version: InstrumentVersion,
    scores: Mapping[str, int],
    assessed_on: date,
    conversation: Any = None,
    review: Any = None,
    request: Any = None,
    purpose: str = Purpose.SUPPORT,
) -> Assessment:
    """Record the scores of ``resident`` on ``version`` (domain code -> level value).

    At a conversation or a review of the resident's household (at most one of them). The
    user must be able to change the resident's case (404 out of scope, 403 when they may
    only see it) under a consent that covers self-sufficiency scores. Every domain code and
    value must belong to the version, which must be in use; at least one score. Logged as a
    CREATE with ``purpose`` (default: support) and the resident as data subject.
    """
    require(user, Action.CHANGE, resident)
    if not can(user, Action.VIEW, version):
        raise ApplicationError(_("This instrument is not available."), field="version")
    if not version.is_active:
        raise ApplicationError(
            _("%(instrument)s is no longer in use: score with a version in use.")
            % {"instrument": str(version)},
            field="version",
        )
    if not scores:
        raise ApplicationError(_("Give a score on at least one domain."))
    if conversation is not None and review is not None:
        raise ApplicationError(_("An assessment belongs to a conversation or to a review."))
    if conversation is not None and conversation.resident_id != resident.pk:
        raise ApplicationError(_("The conversation is not about this resident."))
    if review is not None and review.plan.household_id != resident.household_id:
        raise ApplicationError(_("The review is not of this resident's household."))
    if assessed_on > timezone.localdate():
        raise ApplicationError(
            _("The date of the assessment lies in the future."), field="assessed_on"
        )
    domains = {d.code: d for d in version.domains.all()}
    values = set(version.levels.values_list("value", flat=True))
    clean: list[tuple[InstrumentDomain, int]] = []
    for code, value in scores.items():
        domain = domains.get(code)
        if domain is None:
            raise ApplicationError(
                _("%(instrument)s has no domain %(domain)s.")
                % {"instrument": str(version), "domain": code}
            )
        if isinstance(value, bool) or not isinstance(value, int) or value not in values:
            raise ApplicationError(
                _("%(value)s is not a level of %(instrument)s (%(levels)s): domain %(domain)s.")
                % {
                    "value": value,
                    "instrument": str(version),
                    "levels": ", ".join(str(v) for v in sorted(values)),
                    "domain": domain.name,
                }
            )
        clean.append((domain, value))
    assessment = Assessment(
        resident=resident,
        version=version,
        conversation=conversation,
        review=review,
        assessed_on=assessed_on,
        assessed_by=user if getattr(user, "is_authenticated", False) else None,
    )
    _full_clean(assessment)
    assessment.save()
    if not can(user, Action.CHANGE, assessment):
        # The resident is in scope, but the consent does not cover scores: roll back.
        raise ApplicationError(
            _(
                "The resident's consent does not cover self-sufficiency scores: record that "
                "consent first."
            )
        )
    AssessmentScore.objects.bulk_create(
        [
            AssessmentScore(assessment=assessment, domain=domain, value=value)
            for domain, value in sorted(clean, key=lambda item: item[0].position)
        ]
    )
    log_access(
        user=user,
        action=Event.CREATE,
        purpose=purpose,
        obj=assessment,
        request=request,
        subjects=[resident.pk],
    )
    return assessment


# --- import from other systems ---------------------------------------------------------


def _import_versions(user: Any) -> dict[str, tuple[InstrumentVersion, dict[str, Any], set[int]]]:
    """The instruments in use the user may score with, by instrument code (and by version
    label "code:label"): the newest version in use, its domains (by code and by lower-case
    name) and its level values. Three queries."""
    from wijkkompas.accounts.access import restrict

    versions = list(
        restrict(InstrumentVersion.objects.filter(is_active=True), user, Action.VIEW)
        .select_related("instrument")
        .prefetch_related("domains", "levels")
        .order_by("instrument__code", "-created_at")
    )
    found: dict[str, tuple[InstrumentVersion, dict[str, Any], set[int]]] = {}
    for version in versions:
        domains: dict[str, Any] = {}
        for domain in version.domains.all():
            domains[domain.code.lower()] = domain
            domains[domain.name.lower()] = domain
        entry = (version, domains, {level.value for level in version.levels.all()})
        found.setdefault(version.instrument.code.lower(), entry)
        found.setdefault(f"{version.instrument.code}:{version.label}".lower(), entry)
    return found


def assessments_import(
    *,
    user: Any,
    team: Any,
    source_system: str,
    rows: list[tuple[int, dict[str, Any]]],
    write: bool,
    progress: Any = None,
    request: Any = None,
) -> list[Any]:
    """Import scores (ZRM, participatieladder …) of residents of ``team``, one score per
    row: the rows with the same ``external_id`` are one assessment (same resident,
    instrument and date), each row one domain and its score.

    The resident must be one the user may change and who consents to self-sufficiency
    scores for the user; domain and score must belong to the instrument's version in use.
    A known assessment is updated when its date or scores differ (its scores replaced).
    Returns one ``core.bulk.RowResult`` per row (the status of its assessment); writes
    (``write``) only when no row has an error, in one transaction, logged as an exchange.
    """
    from wijkkompas.core import bulk
    from wijkkompas.residents import services as resident_services
    from wijkkompas.residents.constants import ConsentPart

    resident_services.import_team_check(user=user, team=team, model=Assessment)
    results = [bulk.RowResult() for _row in rows]
    versions = _import_versions(user)
    residents = resident_services.residents_for_import(
        user=user,
        team=team,
        source_system=source_system,
        external_ids={row.get("resident_external_id") or "" for _n, row in rows},
        part=ConsentPart.ASSESSMENTS,
    )
    today = timezone.localdate()
    # external id -> [resident id, version, date, {domain id: value}, [row indexes], first row]
    groups: dict[str, list[Any]] = {}
    for index, (result, (number, row)) in enumerate(zip(results, rows, strict=True)):
        entry = versions.get((row.get("instrument") or "").strip().lower())
        if entry is None:
            result.fail(
                "instrument",
                _("Unknown instrument: use the code of an instrument in use, e.g. zrm."),
            )
            continue
        version, domains, levels = entry
        domain = domains.get((row.get("domain") or "").strip().lower())
        if domain is None and len(set(domains.values())) == 1:
            domain = next(iter(domains.values()))  # a ladder: its one domain
        if domain is None:
            result.fail(
                "domain", _("%(instrument)s has no such domain.") % {"instrument": str(version)}
            )
        value = row.get("score")
        if value not in levels:
            result.fail(
                "score",
                _("The score is not a level of %(instrument)s (%(levels)s).")
                % {"instrument": str(version), "levels": ", ".join(str(v) for v in sorted(levels))},
            )
        assessed_on = row.get("assessed_on")
        if assessed_on is None:
            result.fail("assessed_on", _("Enter the date of the assessment."))
        elif assessed_on > today:
            result.fail("assessed_on", _("The date of the assessment lies in the future."))
        resident = residents.get(row.get("resident_external_id") or "")
        if resident is None:
            result.fail(
                "resident_external_id",
                _(resident_services.NO_RESIDENT_FOR_IMPORT),
            )
        elif not resident[2]:
            result.fail(
                "resident_external_id",
                _(
                    "The resident's consent does not cover self-sufficiency scores: record "
                    "that consent first."
                ),
            )
        if result.status == bulk.ERROR:
            continue
        assert domain is not None and resident is not None
        group = groups.get(row["external_id"])
        if group is None:
            groups[row["external_id"]] = [
                resident[0],
                version,
                assessed_on,
                {domain.pk: value},
                [index],
                number,
            ]
            continue
        if (group[0], group[1].pk, group[2]) != (resident[0], version.pk, assessed_on):
            result.fail(
                "external_id",
                _(
                    "The rows of one assessment must have the same resident, instrument and "
                    "date as row %(row)s."
                )
                % {"row": group[5]},
            )
        elif domain.pk in group[3]:
            result.fail(
                "domain",
                _("This domain is scored twice in the assessment (first on row %(row)s).")
                % {"row": group[5]},
            )
        else:
            group[3][domain.pk] = value
            group[4].append(index)
    existing: dict[str, Assessment] = {}
    scores: dict[int, dict[int, int]] = {}
    for part in bulk.chunks(sorted(groups)):
        found = list(
            Assessment.objects.filter(
                resident__household__team_id=team.pk,
                source_system=source_system,
                external_id__in=part,
            )
        )
        existing.update((a.external_id, a) for a in found)
        for assessment_id, domain_id, value in AssessmentScore.objects.filter(
            assessment_id__in=[a.pk for a in found]
        ).values_list("assessment_id", "domain_id", "value"):
            scores.setdefault(assessment_id, {})[domain_id] = value
    new: list[tuple[Assessment, dict[int, int]]] = []
    changed: list[tuple[Assessment, dict[int, int]]] = []
    for external_id, (resident_id, version, assessed_on, values, indexes, _row) in groups.items():
        assessment = existing.get(external_id)
        status = bulk.NEW
        if assessment is None:
            assessment = Assessment(
                resident_id=resident_id,
                version=version,
                assessed_on=assessed_on,
                assessed_by=user,
                external_id=external_id,
                source_system=source_system,
            )
            new.append((assessment, values))
        elif assessment.resident_id != resident_id:
            for index in indexes:
                results[index].fail(
                    "resident_external_id",
                    _(
                        "This assessment was imported for another resident: the resident "
                        "cannot change."
                    ),
                )
            continue
        elif bulk.differs(assessment, {"version_id": version.pk, "assessed_on": assessed_on}) | (
            scores.get(assessment.pk, {}) != values
        ):
            status = bulk.CHANGED
            changed.append((assessment, values))
        else:
            status = bulk.UNCHANGED
        for index in indexes:
            results[index].status = status
    if write and not any(r.status == bulk.ERROR for r in results):
        _assessments_import_write(
            user=user, new=new, changed=changed, progress=progress, request=request
        )
    return results


@transaction.atomic
def _assessments_import_write(
    *,
    user: Any,
    new: list[tuple[Assessment, dict[int, int]]],
    changed: list[tuple[Assessment, dict[int, int]]],
    progress: Any,
    request: Any,
) -> None:
    from wijkkompas.core import bulk

    bulk.write(
        Assessment,
        new=[a for a, _v in new],
        changed=[a for a, _v in changed],
        fields=["version", "assessed_on"],
        progress=progress,
    )
    for part in bulk.chunks([a.pk for a, _v in changed]):
        AssessmentScore.objects.filter(assessment_id__in=part).delete()
    rows = [
        AssessmentScore(assessment_id=a.pk, domain_id=domain_id, value=value)
        for a, values in (*new, *changed)
        for domain_id, value in values.items()
    ]
    for score_batch in bulk.chunks(rows):
        AssessmentScore.objects.bulk_create(score_batch)
    for event, written in ((Event.CREATE, new), (Event.UPDATE, changed)):
        if written:
            log_access(
                user=user,
                action=event,
                purpose=Purpose.EXCHANGE,
                object_type=Assessment._meta.label,
                request=request,
                subjects=[a.resident_id for a, _v in written],
                count=len(written),
            )

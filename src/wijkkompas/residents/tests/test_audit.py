"""Every read and write of personal data in the residents app leaves an access-log entry with
its purpose and the residents whose data it was (subjects). Enumerated, not sampled:

* :data:`READS`: every public function of ``selectors.py`` that reads personal data, with
  the entry it must write;
* :data:`NO_LOG`: the other public functions, each with the reason it writes nothing;
* :data:`WRITES`: every public function of ``services.py``;
* :data:`PAGES`: every page of the app.

The meta-tests fail when a public function appears that is in none of the tables.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.models import AccessLogEntry
from wijkkompas.residents import selectors, services
from wijkkompas.residents.constants import ConsentPart, RiskKind

from .conftest import SECRET_BSN

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Expect:
    """Call ``run(world)`` as ``role``; expect entries (event, purpose, object type) whose
    subjects are ``subjects(world)`` (resident ids)."""

    role: str
    run: Callable[[Any, Any], Any]
    entries: list[tuple[str, str, str]]
    subjects: Callable[[Any], set[int]]
    setup: Callable[[Any], Any] | None = None


def _anna(w: Any) -> set[int]:
    return {w.consented.pk}


def _household(w: Any) -> set[int]:
    return {w.consented.pk, w.partner.pk}


def _about_partner(w: Any) -> set[int]:
    return {w.partner.pk}


READS: dict[str, Expect] = {
    "resident_get": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.resident_get(user=u, pk=w.consented.pk),
        [(Event.READ, Purpose.SUPPORT, "residents.Resident")],
        _anna,
    ),
    "household_get": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.household_get(user=u, pk=w.household.pk),
        [(Event.READ, Purpose.SUPPORT, "residents.Household")],
        _household,
    ),
    "resident_for_account": Expect(
        Role.RESIDENT,
        lambda w, u: selectors.resident_for_account(user=u),
        [(Event.READ, Purpose.OWN_DATA, "residents.Resident")],
        _anna,
    ),
    "consents_of": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.consents_of(user=u, resident=w.consented),
        [(Event.READ, Purpose.CONSENT, "residents.Consent")],
        _anna,
    ),
    "consent_get": Expect(
        Role.RESIDENT,
        lambda w, u: selectors.consent_get(
            user=u, resident=w.consented, pk=w.consented.consents.get().pk
        ),
        [(Event.READ, Purpose.OWN_DATA, "residents.Consent")],
        _anna,
    ),
    "risk_signals_of": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.risk_signals_of(user=u, household=w.household),
        [(Event.READ, Purpose.RISK, "residents.RiskSignal")],
        _about_partner,
    ),
    "risk_signal_get": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.risk_signal_get(user=u, household=w.household, pk=w.signal.pk),
        [(Event.READ, Purpose.RISK, "residents.RiskSignal")],
        _about_partner,
    ),
    "open_risk_signals": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.open_risk_signals(user=u),
        [(Event.READ, Purpose.WORKLIST, "residents.RiskSignal")],
        _about_partner,
    ),
    "caseload": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.caseload(user=u, team=w.team),
        [(Event.READ, Purpose.CASELOAD, "residents.Resident")],
        lambda w: {w.consented.pk, w.org_only.pk},
    ),
    "resident_page": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.resident_page(user=u, pk=w.consented.pk),
        [
            (Event.READ, Purpose.SUPPORT, "residents.Resident"),
            (Event.READ, Purpose.RISK, "residents.RiskSignal"),
        ],
        lambda w: {w.consented.pk, w.partner.pk},
    ),
    "household_page": Expect(
        Role.PROFESSIONAL,
        lambda w, u: selectors.household_page(user=u, pk=w.household.pk),
        [
            (Event.READ, Purpose.SUPPORT, "residents.Household"),
            (Event.READ, Purpose.RISK, "residents.RiskSignal"),
        ],
        _household,
    ),
}

NO_LOG: dict[str, str] = {
    "may_register": "a yes/no about the user's role and teams",
    "registration_teams": "the user's own teams: no personal data of residents",
    "has_consent": "a yes/no about consent; no data is shown",
    "may_see_resident": "a yes/no about scope",
    "may_change_resident": "a yes/no about scope",
    "may_use_residents": "a yes/no about the user's role",
    "caseload_team_get": "a team, no personal data of residents",
    "household_residents": "rows for a caller that logs the page it builds (see resident_page)",
    # For the rights app, which checks who may ask and logs (DATA_REQUEST or RETENTION);
    # tested there (rights/tests/test_audit.py).
    "resident_for_data_request": "plain lookup for rights.services, which logs",
    "household_member_ids": "ids only, for the caller's log entry",
    "export_for_resident": "plain data for rights.services.access_export_build, which logs",
    "households_closed_before": "ids only, for the retention purge, which logs",
}


def _consent_input(w: Any) -> services.ConsentInput:
    return services.ConsentInput(team=w.team, parts={ConsentPart.CONVERSATIONS})


def _new_resident(w: Any, u: Any) -> Any:
    return services.resident_register(
        user=u, team=w.team, household=w.household, name="Lotte", consent=_consent_input(w)
    )


WRITES: dict[str, Expect] = {
    "resident_register": Expect(
        Role.PROFESSIONAL,
        _new_resident,
        [
            (Event.CREATE, Purpose.SUPPORT, "residents.Resident"),
            (Event.CREATE, Purpose.CONSENT, "residents.Consent"),
        ],
        lambda w: set(type(w.consented).objects.filter(name="Lotte").values_list("pk", flat=True)),
    ),
    "resident_update": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.resident_update(user=u, resident=w.consented, name="Anna"),
        [(Event.UPDATE, Purpose.SUPPORT, "residents.Resident")],
        _anna,
    ),
    "household_close": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.household_close(
            user=u, household=w.household, closed_on=timezone.localdate()
        ),
        [(Event.UPDATE, Purpose.SUPPORT, "residents.Household")],
        _household,
        # Open risk signals first have to be resolved.
        setup=lambda w: type(w.signal).objects.update(resolved_on=timezone.localdate()),
    ),
    "consent_record": Expect(
        Role.RESIDENT,
        lambda w, u: services.consent_record(
            user=u, resident=w.consented, consent=_consent_input(w)
        ),
        [(Event.CREATE, Purpose.CONSENT, "residents.Consent")],
        _anna,
    ),
    "consent_withdraw": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.consent_withdraw(user=u, consent=w.consented.consents.get()),
        [(Event.UPDATE, Purpose.CONSENT, "residents.Consent")],
        _anna,
    ),
    "risk_signal_raise": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.risk_signal_raise(
            user=u,
            household=w.household,
            resident=w.consented,
            kind=RiskKind.DEBTS,
            description="x",
        ),
        [(Event.CREATE, Purpose.RISK, "residents.RiskSignal")],
        _anna,
    ),
    "risk_signal_update": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.risk_signal_update(
            user=u, signal=w.signal, urgency=w.signal.urgency, description="y"
        ),
        [(Event.UPDATE, Purpose.RISK, "residents.RiskSignal")],
        _about_partner,
    ),
    "risk_signal_resolve": Expect(
        Role.PROFESSIONAL,
        lambda w, u: services.risk_signal_resolve(user=u, signal=w.signal),
        [(Event.UPDATE, Purpose.RISK, "residents.RiskSignal")],
        _about_partner,
    ),
}


def _public_functions(module: Any) -> set[str]:
    return {
        name
        for name, obj in inspect.getmembers(module, inspect.isfunction)
        if obj.__module__ == module.__name__ and not name.startswith("_")
    }


def test_every_selector_is_enumerated():
    missing = _public_functions(selectors) - set(READS) - set(NO_LOG)
    assert not missing, f"add these selectors to READS or NO_LOG in test_audit.py: {missing}"
    assert not set(READS) & set(NO_LOG)


#: Services that write without logging, because their only caller logs.
WRITES_LOGGED_BY_CALLER: dict[str, str] = {
    "resident_delete_for_erasure": "rights.services.resident_erase checks and logs",
    "households_purge": "rights.services.closed_cases_purge logs the purge (RETENTION)",
}


#: The bulk import from other systems (called by the imports app): its writes are logged as
#: one EXCHANGE entry per import with the residents as subjects, tested in
#: ``imports/tests/test_services.py``; the two helpers read ids only.
IMPORT_SERVICES: dict[str, str] = {
    "residents_import": "logged as exchange (imports/tests/test_services.py)",
    "residents_for_import": "ids only, for the other apps' imports",
    "import_team_check": "a permission check, nothing read",
}


def test_every_service_is_enumerated():
    missing = (
        _public_functions(services)
        - set(WRITES)
        - set(WRITES_LOGGED_BY_CALLER)
        - set(IMPORT_SERVICES)
    )
    assert not missing, f"add these services to WRITES in test_audit.py: {missing}"


def _mark() -> int:
    """The newest log entry's id: the log is append-only, so tests look at what came after."""
    last = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def _since(mark: int) -> Any:
    return AccessLogEntry.objects.filter(pk__gt=mark)


def _check(world: Any, expect: Expect) -> None:
    if expect.setup is not None:
        expect.setup(world)
    mark = _mark()
    expect.run(world, world.user(expect.role))
    entries = list(_since(mark).exclude(event=Event.REFUSED).order_by("pk"))
    got = [(e.event, e.purpose, e.object_type) for e in entries]
    for wanted in expect.entries:
        assert wanted in got, (wanted, got)
    subjects: set[int] = set()
    for entry in entries:
        ids = set(entry.subjects.values_list("resident_id", flat=True))
        assert ids, f"{entry.event} {entry.object_type} names no data subject"
        subjects |= ids
    assert subjects == expect.subjects(world)
    for entry in entries:
        assert entry.user_id == world.users[expect.role].pk
        assert entry.municipality_id == world.gm.pk


@pytest.mark.parametrize("name", sorted(READS))
def test_read_is_logged(world, name):
    _check(world, READS[name])


@pytest.mark.parametrize("name", sorted(NO_LOG))
def test_no_log_functions_write_nothing(world, name):
    user = world.user(Role.PROFESSIONAL)
    calls: dict[str, Callable[[], Any]] = {
        "may_register": lambda: selectors.may_register(user=user),
        "registration_teams": lambda: list(selectors.registration_teams(user=user)),
        "has_consent": lambda: selectors.has_consent(
            user=user, household=world.household, part=ConsentPart.PLAN
        ),
        "may_see_resident": lambda: selectors.may_see_resident(user=user, resident=world.consented),
        "may_change_resident": lambda: selectors.may_change_resident(
            user=user, resident=world.consented
        ),
        "may_use_residents": lambda: selectors.may_use_residents(user=user),
        "caseload_team_get": lambda: selectors.caseload_team_get(user=user, pk=world.team.pk),
        "household_residents": lambda: selectors.household_residents(
            user=user, household=world.household
        ),
        "resident_for_data_request": lambda: selectors.resident_for_data_request(
            resident_id=world.consented.pk, municipality_id=world.gm.pk
        ),
        "household_member_ids": lambda: selectors.household_member_ids(household=world.household),
        "export_for_resident": lambda: selectors.export_for_resident(resident=world.consented),
        "households_closed_before": lambda: selectors.households_closed_before(
            closed_before=timezone.localdate()
        ),
    }
    mark = _mark()
    calls[name]()
    assert not _since(mark).exists()


@pytest.mark.parametrize("name", sorted(WRITES))
def test_write_is_logged(world, name):
    _check(world, WRITES[name])


def test_refused_write_is_not_logged_as_write(world):
    from wijkkompas.core.exceptions import ApplicationError

    mark = _mark()
    with pytest.raises(ApplicationError):
        services.resident_register(
            user=world.user(Role.PROFESSIONAL),
            team=world.team,
            household_label="x",
            name="x",
            bsn=SECRET_BSN,
            consent=_consent_input(world),
        )
    assert not _since(mark).filter(event=Event.CREATE).exists()


def test_out_of_scope_read_is_logged_as_refusal_not_as_read(world):
    from django.http import Http404

    mark = _mark()
    with pytest.raises(Http404):
        selectors.resident_get(
            user=world.user("other_team"), pk=world.consented.pk, action=Action.VIEW
        )
    assert not _since(mark).filter(event=Event.READ).exists()
    assert _since(mark).filter(event=Event.REFUSED).exists()


# --- pages -----------------------------------------------------------------------------


def _page_urls(w: Any) -> dict[str, tuple[str, set[int]]]:
    household = w.household.pk
    consent = w.consented.consents.get().pk
    return {
        "residents:caseload": (
            reverse("residents:caseload", args=[w.team.pk]),
            {w.consented.pk, w.org_only.pk},
        ),
        "residents:detail": (reverse("residents:detail", args=[w.consented.pk]), _household(w)),
        "residents:edit": (reverse("residents:edit", args=[w.consented.pk]), _anna(w)),
        "residents:consent_add": (
            reverse("residents:consent_add", args=[w.consented.pk]),
            _anna(w),
        ),
        "residents:consent_withdraw": (
            reverse("residents:consent_withdraw", args=[w.consented.pk, consent]),
            _anna(w),
        ),
        "residents:household_detail": (
            reverse("residents:household_detail", args=[household]),
            _household(w),
        ),
        "residents:household_close": (
            reverse("residents:household_close", args=[household]),
            _household(w),
        ),
        "residents:risk_add": (reverse("residents:risk_add", args=[household]), _household(w)),
        "residents:risk_edit": (
            reverse("residents:risk_edit", args=[household, w.signal.pk]),
            _household(w),
        ),
        "residents:risk_resolve": (
            reverse("residents:risk_resolve", args=[household, w.signal.pk]),
            _household(w),
        ),
        "residents:register (household member)": (
            reverse("residents:register") + f"?household={household}",
            _household(w),
        ),
    }


#: Pages without personal data of residents, with the reason.
PAGES_WITHOUT_PERSONAL_DATA = {
    "residents:index": "links to the caseloads of the user's own teams",
    "residents:register": "an empty form (the household member variant is in PAGES)",
}


def test_every_page_is_enumerated(world):
    from wijkkompas.residents.urls import urlpatterns

    names = {f"residents:{p.name}" for p in urlpatterns}
    listed = {name.split(" ")[0] for name in _page_urls(world)} | set(PAGES_WITHOUT_PERSONAL_DATA)
    assert names == listed


@pytest.mark.parametrize(
    "name",
    [
        "residents:caseload",
        "residents:detail",
        "residents:edit",
        "residents:consent_add",
        "residents:consent_withdraw",
        "residents:household_detail",
        "residents:household_close",
        "residents:risk_add",
        "residents:risk_edit",
        "residents:risk_resolve",
        "residents:register (household member)",
    ],
)
def test_page_logs_the_read_with_its_subjects(world, login_client, name):
    url, subjects = _page_urls(world)[name]
    client = login_client(world.user(Role.PROFESSIONAL))
    mark = _mark()
    assert client.get(url).status_code == 200
    reads = _since(mark).filter(event=Event.READ)
    assert reads.exists()
    named = set()
    for entry in reads:
        assert entry.purpose in Purpose.values and entry.path == url.split("?")[0]
        named |= set(entry.subjects.values_list("resident_id", flat=True))
    assert subjects <= named, (subjects, named)


def test_log_entries_hold_no_names_or_bsn(world, login_client):
    mark = _mark()
    client = login_client(world.user(Role.PROFESSIONAL))
    for url, _subjects in _page_urls(world).values():
        client.get(url)
    client.post(reverse("residents:caseload", args=[world.team.pk]), {"naam": "Vries"})
    for entry in _since(mark):
        values = " ".join(str(v) for v in entry.__dict__.values())
        for secret in ("Anna", "Vries", SECRET_BSN, "Dorpsstraat", "Betalingsachterstand"):
            assert secret not in values

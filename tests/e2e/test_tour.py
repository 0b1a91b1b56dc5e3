"""WCAG 2.1 AA on every page: one tour per role, clicking as a new user would.

For every role of :class:`~wijkkompas.accounts.constants.Role` a new user logs in (with the
second step where the role needs it) and clicks, from the main menu, every page of their
menu; from each list page they click through to one detail page (a team and its network
view, a municipality, an organisation, the access log's security overview, an admin
change form), and open every form their role may open from those pages (edit, add,
remove). One form is sent with an invalid value to see the error state, and so is the
password-change form. Last, a page that does not exist (404) and a page the role may not
use (403). ``ui.check()`` (status, console and CSP, failed requests, styles, axe-core for
WCAG 2.1 A/AA) runs on every page the tour sees.
"""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace
from typing import Any

import pytest

from tests.e2e.conftest import PASSWORD, UI
from wijkkompas.accounts.constants import ROLES_REQUIRING_2FA, Role

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
]

MAIN_MENU = "header nav"
CANCEL = re.compile(r"^Annuleren$")
NETWORK = re.compile(r"^Netwerk")
SECURITY = re.compile(r"^Overzicht van geweigerde toegang")
CHANGE_PASSWORD = re.compile(r"^Wachtwoord wijzigen$")
#: List page -> the links that lead, one after the other, to a detail page (and deeper).
DETAIL_LINKS = {
    "/teams/": (re.compile(r"^/teams/\d+/$"),),
    "/gebieden/": (re.compile(r"^/gebieden/\d+/$"),),
    "/organisaties/": (re.compile(r"^/organisaties/\d+/$"),),
    # Casework: the caseload of a team, a resident, the household's case.
    "/inwoners/": (
        re.compile(r"^/inwoners/team/\d+/$"),
        re.compile(r"^/inwoners/\d+/$"),
        re.compile(r"^/inwoners/huishoudens/\d+/$"),
    ),
    "/gesprekken/": (re.compile(r"^/gesprekken/\d+/$"),),
    "/plannen/": (re.compile(r"^/plannen/\d+/$"), re.compile(r"^/plannen/\d+/evaluaties/\d+/$")),
    "/casuistiek/": (re.compile(r"^/casuistiek/\d+/$"),),
    "/instrumenten/": (re.compile(r"^/instrumenten/versies/\d+/$"),),
    "/privacy/verzoeken/": (re.compile(r"^/privacy/verzoeken/\d+/$"),),
}
#: List page -> pages linked from it that are visited in turn (and back to the list page).
SUB_PAGES = {
    "/mijn-plan/": re.compile(r"^/mijn-plan/(toestemming|scores|mijn-gegevens)/$"),
    "/privacy/verzoeken/": re.compile(r"^/privacy/verzoeken/bewaartermijnen/$"),
}
#: The forms of casework (the same for every team role).
CASEWORK_FORMS = re.compile(r"^/(inwoners|gesprekken|plannen|casuistiek)/")
#: Links to forms: edit, add, remove (a confirmation form), the shared perspective, and the
#: forms of casework (register, record, invite, hold a review, withdraw a consent …).
FORM_LINK = re.compile(
    r"/(bewerken|nieuw|verwijderen|perspectief|registreren|afsluiten|uitnodigen|verslag"
    r"|houden|intrekken|oplossen|doel-toevoegen|opmerking-toevoegen|geven|afhandelen|inzage"
    r"|wissen|gebruik)/$"
    r"|^/gesprekken/nieuw/\d+/$|/nieuw/huishouden/\d+/$"
)
#: The admin site (/beheer/): a model's change list, and one object's change form.
ADMIN_CHANGELIST = re.compile(r"^/beheer/\w+/\w+/$")
ADMIN_CHANGE = re.compile(r"^/beheer/\w+/\w+/\d+/change/$")
#: Admin pages that once failed axe because of Django's own widgets and styles (the
#: filter_horizontal widget, list_editable inputs without labels, breadcrumb links told apart
#: by colour only). The project fixed them (plain selects, no list_editable, admin.css);
#: :func:`test_admin_page_once_failing_axe` keeps them fixed.
#: name -> (path, the links to click from the admin index, what failed).
ADMIN_ONCE_FAILING = {
    "user-change-form": (
        re.compile(r"^/beheer/accounts/user/\d+/change/$"),
        ("/beheer/accounts/user/", "/beheer/accounts/user/{pk}/change/"),
        "aria-prohibited-attr (WCAG 4.1.2): SelectFilter2.js of filter_horizontal (UserAdmin: "
        "teams, groups, user_permissions) puts aria-label on a <span> without a role",
    ),
    "discipline-change-list": (
        re.compile(r"^/beheer/organisations/discipline/$"),
        ("/beheer/organisations/discipline/",),
        "label (WCAG 4.1.2, 1.3.1): the list_editable inputs (DisciplineAdmin.order) of the "
        "change list have no label",
    ),
    "discipline-change-form": (
        re.compile(r"^/beheer/organisations/discipline/\d+/change/$"),
        (
            "/beheer/organisations/discipline/",
            "/beheer/organisations/discipline/{discipline}/change/",
        ),
        "link-in-text-block (WCAG 1.4.1): the admin's breadcrumb links are told from their "
        "text by colour only (#fff on #c4dce8 text, 1.42:1, no underline)",
    ),
}


@pytest.fixture
def municipality(person: Any) -> Any:
    """One municipality (sharing its aggregates, so the researcher sees it too) with a
    district, a neighbourhood, an organisation and a team with members, a partner and a
    shared perspective with its history."""
    from wijkkompas.areas.tests.factories import (
        DistrictFactory,
        MunicipalityFactory,
        NeighbourhoodFactory,
    )
    from wijkkompas.organisations.tests.factories import OrganisationFactory
    from wijkkompas.teams.models import PerspectiveVersion
    from wijkkompas.teams.tests.factories import MembershipFactory, PartnerFactory, TeamFactory

    gm = MunicipalityFactory(code="GM0232", name="Gemeente Epe", shares_aggregates=True)
    district = DistrictFactory(municipality=gm, code="WK023201", name="Epe-Dorp")
    neighbourhood = NeighbourhoodFactory(district=district, code="BU02320101", name="Centrum")
    team = TeamFactory(municipality=gm, name="Wijkteam Epe", neighbourhoods=[neighbourhood])
    team.districts.set([district])
    organisation = OrganisationFactory(municipality=gm, name="Welzijn Epe")
    MembershipFactory(team=team, organisation=organisation, person_name="Anna de Vries")
    MembershipFactory(
        team=team, organisation=organisation, person_name="Bram Jansen", ring="first_shell"
    )
    PartnerFactory(team=team, organisation=organisation, name="Buurtkamer De Hoek")
    PerspectiveVersion.objects.create(
        team=team, text=team.perspective, written_with_residents=True, note="Na de buurtavond"
    )
    return SimpleNamespace(gm=gm, team=team, organisation=organisation)


def _casework(municipality: Any, user: Any) -> None:
    """A household of the team with everything about it, seen by ``user``: the resident
    consents to the team; a team role coordinates the plan and takes part in the case
    discussion; a resident account is the resident; the privacy officer has a request."""
    from django.utils import timezone

    from wijkkompas.conversations.tests.factories import ConversationFactory
    from wijkkompas.instruments.models import Assessment, AssessmentScore, InstrumentVersion
    from wijkkompas.plans.tests.factories import (
        AppointmentFactory,
        CaseDiscussionFactory,
        DecisionFactory,
        GoalFactory,
        ParticipantFactory,
        PlanActionFactory,
        PlanCommentFactory,
        PlanFactory,
        ReviewFactory,
        coordinator_of,
    )
    from wijkkompas.residents.tests.factories import (
        ConsentFactory,
        HouseholdFactory,
        ResidentFactory,
        RiskSignalFactory,
    )
    from wijkkompas.rights.tests.factories import DataRequestFactory

    team = municipality.team
    today = timezone.localdate()
    household = HouseholdFactory(team=team, label="Familie Jansen")
    resident = ResidentFactory(household=household, name="Els Jansen", bsn="111222333")
    ConsentFactory(resident=resident)
    if user.role == Role.RESIDENT:
        resident.user = user
        resident.save(update_fields=["user"])
    RiskSignalFactory(household=household, resident=resident)
    conversation = ConversationFactory(resident=resident, author=user, wmo=True)
    version = InstrumentVersion.objects.get(instrument__code="zrm", instrument__municipality=None)
    assessment = Assessment.objects.create(
        resident=resident, version=version, conversation=conversation, assessed_on=today
    )
    for value, domain in enumerate(version.domains.order_by("position")[:4], start=2):
        AssessmentScore.objects.create(assessment=assessment, domain=domain, value=value)
    coordinates = user.role in (Role.PROFESSIONAL, Role.COORDINATOR)
    plan = PlanFactory(
        household=household,
        coordinator=user if coordinates else coordinator_of(team),
        next_review_on=today + dt.timedelta(days=10),
    )
    goal = GoalFactory(plan=plan, text="Rust in de financien")
    PlanActionFactory(plan=plan, goal=goal, owner_organisation=municipality.organisation)
    AppointmentFactory(plan=plan)
    PlanCommentFactory(plan=plan)
    ReviewFactory(plan=plan, planned_on=today + dt.timedelta(days=10))
    discussion = CaseDiscussionFactory(household=household, plan=plan, created_by=user)
    ParticipantFactory(discussion=discussion, user=user)
    DecisionFactory(discussion=discussion)
    DataRequestFactory(municipality=municipality.gm, resident_id=resident.pk)


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_every_page_of_the_role_meets_wcag_21_aa(
    ui: UI, person: Any, municipality: Any, role: Role
) -> None:
    from wijkkompas.accounts.services import user_apply_role

    user, device = person(role=role, municipality=municipality.gm, teams=[municipality.team])
    user = user_apply_role(user=user)  # the functional administrator gets the admin site
    _casework(municipality, user)

    ui.login(user.username, device)
    ui.check()
    assert ui.path == landing_url(user)  # the worklist, Mijn plan or the start page
    passed_second_step = "/accounts/tweede-stap/" in ui.checked
    assert passed_second_step == (role in ROLES_REQUIRING_2FA)

    # The main menu: exactly the pages of the role (navigation.nav_items), clicked in order.
    menu = _links(ui, MAIN_MENU)
    expected = ["/", *(item.url for item in _nav_items(user))]
    assert [href for _name, href in menu] == expected, f"menu of {role}: {menu}"
    forms_seen: set[str] = set()
    # The three team roles share the casework pages: the professional opens their forms.
    skip = CASEWORK_FORMS if role in (Role.COORDINATOR, Role.TEAM_LEAD) else None
    tour = _Tour(ui, forms_seen, skip)
    for name, href in menu:
        ui.click_link(re.compile(f"^{re.escape(name)}$"), within=MAIN_MENU)
        ui.check()
        assert ui.path == href
        tour.forms()
        if href in SUB_PAGES:
            tour.sub_pages(SUB_PAGES[href])
        if href in DETAIL_LINKS:
            tour.detail(*DETAIL_LINKS[href])
        elif href == "/privacy/":
            ui.click_link(SECURITY, within="main")
            ui.check()
            assert ui.path == "/privacy/beveiliging/"
        elif href == "/beheer/":
            tour.admin()

    # The password-change page, and its error state.
    ui.click_link(CHANGE_PASSWORD, within="header")
    ui.check()
    assert ui.path == "/accounts/wachtwoord/"
    ui.page.locator("main input[name=old_password]").fill("niet-het-oude-wachtwoord")
    ui.page.locator("main input[name=new_password1]").fill(PASSWORD + "-nieuw")
    ui.page.locator("main input[name=new_password2]").fill(PASSWORD + "-anders")
    ui.click_button(CHANGE_PASSWORD)
    ui.check()
    assert ui.path == "/accounts/wachtwoord/"
    assert ui.page.locator("main [aria-invalid=true]").count() >= 1, "no field marked invalid"

    # A page that does not exist, and a page the role may not use (typed: not in the menu).
    ui.goto("/bestaat-niet/")
    ui.check(status=404)
    ui.goto(_forbidden_page(user))
    ui.check(status=403)


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, id=name) for name in ADMIN_ONCE_FAILING],
)
def test_admin_page_once_failing_axe(ui: UI, person: Any, municipality: Any, name: str) -> None:
    """The functional administrator clicks to the page from the admin index: axe passes."""
    from wijkkompas.accounts.services import user_apply_role

    user, device = person(role=Role.ADMIN, municipality=municipality.gm)
    user_apply_role(user=user)
    ui.login(user.username, device)
    ui.click_link(re.compile(r"^Beheer$"), within=MAIN_MENU)
    _path, clicks, _why = ADMIN_ONCE_FAILING[name]
    from wijkkompas.organisations.models import Discipline

    discipline = Discipline.objects.order_by("order", "name").first()
    for href in clicks:
        _click_href(ui, href.format(pk=user.pk, discipline=discipline.pk), within="#content")
    ui.check()


class _Tour:
    """Clicks from the current page to its detail page and forms, checking every one."""

    def __init__(self, ui: UI, forms_seen: set[str], skip_forms: re.Pattern[str] | None) -> None:
        self.ui = ui
        self.forms_seen = forms_seen
        #: Forms not opened (seen in the tour of another role with the same pages).
        self.skip_forms = skip_forms
        #: Whether one form has been sent with an invalid value.
        self.sent_invalid = False

    def detail(self, *patterns: re.Pattern[str]) -> None:
        """Click the first link in main to a detail page; there, the network view and the
        forms; then on to the next pattern's page from there. A role may have nothing in
        the list (then there is nothing to click)."""
        ui = self.ui
        for pattern in patterns:
            links = [(name, href) for name, href in _links(ui, "main") if pattern.match(href)]
            if not links:
                return
            _name, href = links[0]
            _click_href(ui, href)
            ui.check()
            assert ui.path == href
            self.forms()
            if re.match(r"^/teams/\d+/$", href):
                ui.click_link(NETWORK, within="main")
                ui.check()
                assert ui.path == f"{href}netwerk/"

    def sub_pages(self, pattern: re.Pattern[str]) -> None:
        """Visit every page linked from here that matches, and come back each time."""
        ui = self.ui
        here = ui.path
        hrefs = [href for _name, href in _links(ui, "main") if pattern.match(href)]
        for href in dict.fromkeys(hrefs):
            _click_href(ui, href)
            ui.check()
            assert ui.path == href
            self.forms()
            ui.goto(here)
            ui.check()

    def forms(self) -> None:
        """Open every form linked from the current page (one per kind of URL), then Cancel
        back to the current page (or the object the form belongs to). The first edit form
        with a required text field is sent once with that field empty: the error state is
        checked too."""
        ui = self.ui
        here = ui.path
        hrefs = [
            href
            for _name, href in _links(ui, "main")
            if FORM_LINK.search(href) and not (self.skip_forms and self.skip_forms.match(href))
        ]
        for href in dict.fromkeys(hrefs):
            kind = re.sub(r"\d+", "N", href)
            if kind in self.forms_seen:
                continue
            self.forms_seen.add(kind)
            _click_href(ui, href)
            ui.check()
            assert ui.path == href
            if not self.sent_invalid and href.endswith("/bewerken/"):
                self.sent_invalid = self._send_invalid()
            ui.click_link(CANCEL, within="main")
            # Back to this page, or to the object the form belongs to (a household's risk
            # signal form opened from a resident of the household).
            assert ui.path == here or href.startswith(ui.path.rstrip("/") + "/"), (
                f"Cancel on {href} went to {ui.path}, not back to {here} or the form's object"
            )
            if ui.path != here:
                ui.check()
                ui.goto(here)

    def _send_invalid(self) -> bool:
        """Empty a required text field of this form and send it: the error summary."""
        ui = self.ui
        form = ui.path
        field = ui.page.evaluate(
            "() => { const el = [...document.querySelectorAll("
            "'main form input[required]:not([type=hidden]):not([type=checkbox])'"
            ")].find(el => el.value); return el ? el.name : null; }"
        )
        if field is None:
            return False
        ui.page.locator(f"main form [name='{field}']").fill("")
        with ui.page.expect_navigation():
            ui.page.locator("main form button[type=submit]").first.click()
        ui.check()
        assert ui.path == form, "the form was accepted with a required field empty"
        assert ui.page.locator("main [role=alert]").first.is_visible(), f"no error summary: {form}"
        assert ui.page.title().startswith("Fout"), "the page title does not say: error"
        assert ui.page.locator(f"main [name='{field}']").get_attribute("aria-invalid") == "true"
        return True

    def admin(self) -> None:
        """The admin site: every change list of the index and one change form of each, then
        back to the site by the admin's "View site" link."""
        ui = self.ui

        def check() -> None:
            ui.check()

        lists = [href for _name, href in _links(ui, "#content") if ADMIN_CHANGELIST.match(href)]
        assert lists, "the admin index links to no change list"
        for changelist in dict.fromkeys(lists):
            _click_href(ui, changelist, within="#content")
            check()
            changes = [h for _name, h in _links(ui, "#result_list") if ADMIN_CHANGE.match(h)]
            if changes:
                _click_href(ui, changes[0], within="#result_list")
                check()
            _click_href(ui, "/beheer/", within=".breadcrumbs")
        _click_href(ui, "/", within="#user-tools")


def _links(ui: UI, within: str) -> list[tuple[str, str]]:
    """(accessible text, path) of the visible links in ``within``, in document order."""
    return [
        (name.strip(), href)
        for name, href in ui.page.evaluate(
            "within => [...document.querySelectorAll(within + ' a[href]')]"
            ".filter(a => a.offsetParent !== null && a.origin === location.origin)"
            ".map(a => [a.textContent, a.pathname])",
            within,
        )
    ]


def _click_href(ui: UI, href: str, within: str = "main") -> None:
    """Click the first visible link to the path ``href`` (its query or fragment aside): the
    path is known, the text may be a generic "Edit" with a visually hidden object name."""
    index = ui.page.evaluate(
        "([within, path]) => [...document.querySelectorAll(within + ' a[href]')]"
        ".findIndex(a => a.pathname === path && a.offsetParent !== null"
        " && a.origin === location.origin)",
        [within, href],
    )
    assert index >= 0, f"no visible link to {href} in {within} on {ui.path}"
    with ui.page.expect_navigation():
        ui.page.locator(f"{within} a[href]").nth(index).click()


def landing_url(user: Any) -> str:
    from wijkkompas.web.views import landing_url as landing

    return landing(user)


def _nav_items(user: Any) -> list[Any]:
    from wijkkompas.web.navigation import nav_items

    return nav_items(SimpleNamespace(user=user, path="/"))


def _forbidden_page(user: Any) -> str:
    """A menu page of another role that this role may not use at all (403)."""
    from django.urls import reverse

    from wijkkompas.accounts.access import may_use
    from wijkkompas.areas.models import Municipality
    from wijkkompas.audit.models import AccessLogEntry
    from wijkkompas.organisations.models import Organisation
    from wijkkompas.teams.models import Team

    pages = [
        (AccessLogEntry, "audit:log"),
        (Team, "teams:list"),
        (Organisation, "organisations:list"),
        (Municipality, "areas:list"),
    ]
    refused = [reverse(url) for model, url in pages if not may_use(user, model)]
    assert refused, f"{user.role} may use every page: no 403 to see"
    return refused[0]

"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Fixtures:

* ``browser``: one headless Chromium per test session (``/usr/bin/chromium``); missing
  Chromium fails the test when ``CI=true`` and skips it (with the reason) otherwise;
* ``ui``: a fresh browser context and page on the live server, wrapped in :class:`UI`,
  which watches the console (CSP violations, script errors) and the network (404s) and
  runs axe-core on request: ``ui.check()`` after every page the test looks at;
* ``person``: a new user with a password and a confirmed TOTP device.

Playwright's sync API runs an event loop in this thread; Django refuses database access
from a thread with a running loop unless ``DJANGO_ALLOW_ASYNC_UNSAFE`` is set.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("WIJKKOMPAS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: WCAG 2.1 level A and AA: what the issue asks axe to check.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PASSWORD = "Kompas-wachtwoord-2025!"

#: Accessible names in Dutch, the default language (English ones are in the tests that
#: switch to English).
NAMES = {
    "login": re.compile(r"^Inloggen$"),
    "logout": re.compile(r"^Uitloggen$"),
    "username": re.compile(r"^Gebruikersnaam"),
    "password": re.compile(r"^Wachtwoord"),
    "language": re.compile(r"^Taal"),
    "switch": re.compile(r"^Wisselen$"),
}
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test: marked e2e and run in a real transaction.

    The browser tests are spread over the xdist workers like the others: each worker that
    runs one starts its own live server (on its own test database) and its own Chromium.
    """
    for item in items:
        if "tests/e2e/" in str(item.path).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)
            # Real transactions: the live server runs in another thread.
            item.add_marker(pytest.mark.django_db(transaction=True))
            # A real browser on a loaded 2-core machine now and then misses a beat (about one
            # run in ten, not reproducible on its own): one retry, shown as "rerun" in the
            # summary. A test that fails twice fails the suite.
            item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM} (install Debian's chromium: `make system-deps`)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI: browser tests are mandatory. {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session", autouse=True)
def deidentifier_loaded() -> None:
    """The de-identification model, loaded once for the browser tests' process.

    A saved conversation queues the signals task, which the test settings run at once, in
    the live server's request: the first one would load the model (about ten seconds with
    the lookup cache of `make install`) and miss the browser's timeout. A real worker
    loads it once when it starts; so do the browser tests, before the first page.
    """
    from wijkkompas.signals.text import deidentifier

    deidentifier()


@dataclass
class UI:
    """A page on the live server that remembers what went wrong while the test clicked."""

    page: Any
    base_url: str
    console_problems: list[str] = field(default_factory=list)
    failed_responses: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    #: Status of the last page (document) loaded in the main frame.
    document_status: int = 0

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def goto(self, path: str = "/") -> Any:
        return self.page.goto(self.url(path))

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url).split("?")[0].split("#")[0]

    def check(self, *, axe: bool = True, status: int = 200) -> None:
        """The page as it is now: loaded with ``status``, no CSP violations or other console
        errors, no failed requests, style sheets applied, and no axe-core violations.

        An error page (``status`` 403, 404, ...) is expected to answer so: Chromium's own
        console report of that status for the page itself is not a problem; any other is.
        """
        self.page.wait_for_load_state("load")
        problems = []
        if self.document_status != status:
            problems.append(f"the page answered {self.document_status}, expected {status}")
        expected_report = (
            f"error: Failed to load resource: the server responded with a status of {status} "
        )
        console = [
            problem
            for problem in self.console_problems
            if not (
                status >= 400
                and problem.startswith(expected_report)
                and problem.endswith(f") {self.page.url}")
            )
        ]
        if console:
            problems.append("console: " + "\n  ".join(console))
        if self.failed_responses:
            problems.append("requests that failed: " + ", ".join(self.failed_responses))
        stylesheets = self.page.evaluate(
            "() => [...document.styleSheets].filter(s => s.href).map(s => {"
            "  try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, -1]; } })"
        )
        if not stylesheets or any(rules <= 0 for _href, rules in stylesheets):
            problems.append(f"style sheets not loaded: {stylesheets}")
        if axe:
            from axe_playwright_python.sync_playwright import Axe

            results = Axe().run(
                self.page,
                options={
                    "runOnly": {"type": "tag", "values": AXE_TAGS},
                    "resultTypes": ["violations"],
                },
            )
            if results.violations_count:
                problems.append(f"axe on {self.path}:\n{results.generate_report()}")
        self.checked.append(self.path)
        assert not problems, f"{self.page.url}:\n" + "\n".join(problems)
        self.console_problems.clear()
        self.failed_responses.clear()

    def settle(self) -> None:
        """Wait until no htmx request is in flight (htmx marks its element ``htmx-request``).

        A person who ticks a life domain and saves at once leaves the suggestions' request
        to be cancelled by the browser when the next page loads; the test waits as the
        person would have seen the suggestions, so a cancelled request is never its noise.
        """
        self.page.wait_for_function("() => !document.querySelector('.htmx-request')")

    def click_link(self, name: str | re.Pattern[str], *, within: str = "body") -> None:
        self.settle()
        with self.page.expect_navigation():
            self.page.locator(within).get_by_role("link", name=name).first.click()

    def click_button(self, name: str | re.Pattern[str], *, within: str = "main") -> None:
        self.settle()
        with self.page.expect_navigation():
            self.page.locator(within).get_by_role("button", name=name).first.click()

    def press(self, key: str) -> None:
        """Press a key that submits a form or follows a link, and wait for the next page."""
        self.settle()
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def login(self, username: str, device: Any, password: str = PASSWORD) -> None:
        """Log in as a new user would: the "Log in" link, the form, the second factor."""
        self.goto("/")
        self.check()
        self.click_link(NAMES["login"], within="header")
        self.check()
        self.page.get_by_label(NAMES["username"]).fill(username)
        self.page.get_by_label(NAMES["password"]).fill(password)
        self.click_button(NAMES["login"])
        if self.path.startswith("/accounts/tweede-stap/"):
            self.pass_second_factor(device)

    def pass_second_factor(self, device: Any) -> None:
        self.check()
        field = self.page.locator("main").get_by_role("textbox").first
        field.fill(totp_now(device))
        with self.page.expect_navigation():
            field.press("Enter")


def totp_now(device: Any) -> str:
    """The code the user's authenticator app shows now (a fresh step for every call)."""
    from django_otp.oath import TOTP

    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    # django-otp refuses a code of a step it already accepted: wait for the next step.
    import time

    while device.last_t is not None and totp.t() <= device.last_t:
        time.sleep(0.5)
    return f"{totp.token():0{device.digits}d}"


def open_ui(browser: Any, base_url: str) -> tuple[UI, Any]:
    """A page in a fresh browser context (no cookies): the UI and its context (to close)."""
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    ui = UI(page=page, base_url=base_url)

    def on_console(message: Any) -> None:
        text = message.text
        if (
            message.type == "error"
            or "Content Security Policy" in text
            or "Content-Security-Policy" in text
        ):
            where = (message.location or {}).get("url", "")
            ui.console_problems.append(f"{message.type}: {text} {where}")

    def on_response(response: Any) -> None:
        if response.request.resource_type == "document":
            if response.frame == page.main_frame:
                ui.document_status = response.status
        elif response.status >= 400:
            ui.failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: ui.console_problems.append(f"page error: {error}"))
    page.on("response", on_response)
    page.on("requestfailed", lambda request: ui.failed_responses.append(f"failed {request.url}"))
    return ui, context


@pytest.fixture
def ui(browser: Any, live_server: Any, reference_data: None, settings: Any) -> Iterator[UI]:
    """A page in a fresh browser context (no cookies) on the live server.

    The browser tests see the site as a visitor does: Dutch by default, as in production
    (the test settings make English the default for the unit tests).

    """
    settings.LANGUAGE_CODE = "nl"
    ui, context = open_ui(browser, live_server.url)
    yield ui
    context.close()


@pytest.fixture
def another_ui(browser: Any, live_server: Any, ui: UI) -> Iterator[Callable[[], UI]]:
    """``another_ui()``: one more browser context on the same live server, for a second
    user in the same test (closed at the end)."""
    contexts: list[Any] = []

    def make() -> UI:
        other, context = open_ui(browser, live_server.url)
        contexts.append(context)
        return other

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def reference_data(transactional_db: None) -> None:
    """The reference data of the data migrations (disciplines, the shipped instruments),
    which the flush after every transactional test removes."""
    from django.apps import apps

    from wijkkompas.instruments.models import Instrument
    from wijkkompas.organisations.models import Discipline

    if not Discipline.objects.exists():
        migration = importlib.import_module("wijkkompas.organisations.migrations.0002_disciplines")
        migration.load(apps, None)
    if not Instrument.objects.filter(municipality__isnull=True).exists():
        migration = importlib.import_module(
            "wijkkompas.instruments.migrations.0003_shipped_instruments"
        )
        migration.load(apps, None)


@pytest.fixture
def person(transactional_db: None) -> Callable[..., tuple[Any, Any]]:
    """``person(role=..., teams=[...])``: a new user and their confirmed TOTP device."""
    from wijkkompas.accounts.tests.factories import TOTPDeviceFactory, UserFactory

    def make(**kwargs: Any) -> tuple[Any, Any]:
        user = UserFactory(password=PASSWORD, **kwargs)
        device = TOTPDeviceFactory(user=user)
        return user, device

    return make

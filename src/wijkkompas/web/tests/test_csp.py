"""Content-Security-Policy without 'unsafe-inline' on every page, and no inline script,
style or event handler in any template under src/ (this guards every app)."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory

SRC = Path(__file__).resolve().parents[3]
TEMPLATES = sorted(p for p in SRC.rglob("templates/**/*.html"))

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)
STYLE_ATTR = re.compile(r"<[a-zA-Z][^>]*\sstyle\s*=", re.S)
STYLE_TAG = re.compile(r"<style\b", re.I)
EVENT_ATTR = re.compile(r"<[a-zA-Z][^>]*\son[a-z]+\s*=", re.S)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}|<!--.*?-->", re.S)


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SRC)))
def test_template_has_nothing_inline(template):
    text = COMMENTS.sub("", template.read_text(encoding="utf-8"))
    for match in SCRIPT_TAG.finditer(text):
        attrs = match.group(1)
        is_data = re.search(r"""type\s*=\s*["']application/(ld\+)?json["']""", attrs)
        assert "src=" in attrs or is_data, f"inline <script> in {template}"
    assert not STYLE_TAG.search(text), f"<style> element in {template}"
    assert not STYLE_ATTR.search(text), f"style= attribute in {template}"
    assert not EVENT_ATTR.search(text), f"inline event handler (on…=) in {template}"
    assert not JS_URL.search(text), f"javascript: URL in {template}"


def assert_strict_csp(response, url):
    policy = response.get("Content-Security-Policy", "")
    assert policy, f"no Content-Security-Policy on {url}"
    assert "unsafe-inline" not in policy, url
    assert "unsafe-eval" not in policy, url
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    body = response.content.decode(errors="replace") if hasattr(response, "content") else ""
    assert " style=" not in body, f"style attribute in the page {url}"


def parameterless_urls() -> list[str]:
    """Every URL pattern without arguments (the admin and i18n views left out)."""
    urls: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = str(p.pattern)
            if isinstance(p, URLResolver):
                if route.startswith(("beheer", "i18n")):
                    continue
                walk(p.url_patterns, prefix + route)
            elif isinstance(p, URLPattern) and "<" not in route and "(" not in route:
                urls.append("/" + prefix + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return sorted(set(urls))


@pytest.mark.django_db
def test_anonymous_pages_carry_strict_csp():
    client = Client()
    for url in ["/", reverse("accounts:login"), "/bestaat-niet/", "/health/"]:
        assert_strict_csp(client.get(url), url)


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.PRIVACY_OFFICER, Role.TEAM_LEAD, Role.ADMIN])
def test_every_simple_page_carries_strict_csp(role, login_client):
    user = UserFactory.create(role=role, is_staff=True)
    client = login_client(user)
    for url in parameterless_urls():
        if url == reverse("accounts:logout"):
            continue
        response = client.get(url)
        assert_strict_csp(response, url)


@pytest.mark.django_db
def test_second_step_pages_carry_strict_csp():
    user = UserFactory.create(role=Role.PROFESSIONAL)
    client = Client()
    client.force_login(user)
    for url in [reverse("accounts:otp_setup"), reverse("accounts:otp")]:
        assert_strict_csp(client.get(url), url)


@pytest.mark.django_db
def test_admin_carries_strict_csp(login_client):
    client = login_client(UserFactory.create(role=Role.ADMIN, is_staff=True, is_superuser=True))
    response = client.get("/beheer/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy

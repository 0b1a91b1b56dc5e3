"""Dutch by default, English when the user chooses it."""

import pytest
from django.conf import settings

# The test settings use English source strings; real deployments default to Dutch.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dutch_default")]


@pytest.fixture
def dutch_default(settings):
    settings.LANGUAGE_CODE = "nl"


def test_dutch_by_default_whatever_the_browser_asks(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_language_switch_chooses_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en"' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    assert '<html lang="nl"' in client.get("/").content.decode()


def test_unknown_language_cookie_falls_back_to_dutch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/").headers["Content-Language"] == "nl"


def test_pages_speak_dutch(client):
    html = client.get("/").content.decode()
    assert "Inloggen" in html and "Naar hoofdinhoud" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Log in" in html and "Skip to main content" in html


def test_a_request_does_not_leave_its_language_behind(client):
    from django.utils import translation

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    before = translation.get_language()
    client.get("/")
    assert translation.get_language() == before


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")

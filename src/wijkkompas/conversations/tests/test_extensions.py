"""The conversation form's extension point: higher apps add fields, HTML and a write in the
conversation's transaction without this app importing them."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from wijkkompas.accounts.constants import Role
from wijkkompas.conversations import extensions
from wijkkompas.conversations.constants import FindingPlace, Outcome
from wijkkompas.conversations.models import Conversation
from wijkkompas.core.exceptions import ApplicationError

pytestmark = pytest.mark.django_db


class _Bound(extensions.BoundFormExtension):
    def __init__(self, calls: list[Any], refuse: bool) -> None:
        super().__init__()
        self.calls = calls
        self.refuse = refuse
        self.fields = {"extra_note": forms.CharField(required=False)}

    def render(self, form: Any) -> SafeString:
        return SafeString('<p id="extension-part">extension part</p>')

    def save(self, *, conversation: Any, cleaned_data: dict[str, Any], created: bool) -> None:
        self.calls.append((conversation.pk, cleaned_data["extra_note"], created))
        if self.refuse:
            raise ApplicationError("Refused by the extension.")


class _Extension:
    key = "tests.extension"

    def __init__(self, refuse: bool = False) -> None:
        self.calls: list[Any] = []
        self.refuse = refuse

    def bind(self, *, request: Any, resident: Any, conversation: Any) -> _Bound | None:
        return _Bound(self.calls, self.refuse)


@pytest.fixture
def extension() -> Any:
    def register(refuse: bool = False) -> _Extension:
        found = _Extension(refuse)
        extensions.register_form_extension(found, order=999)
        return found

    yield register
    extensions._REGISTRY.pop("tests.extension", None)


def _data(**more: Any) -> dict[str, Any]:
    return {
        "held_on": timezone.localdate().isoformat(),
        "place": FindingPlace.HOME,
        "question": "Een vraag.",
        "outcome": Outcome.COLLECTIVE,
        **more,
    }


def test_the_social_map_registers_its_suggestions():
    assert "socialmap.suggestions" in extensions.registered_form_extensions()


def test_an_extension_adds_its_part_and_saves_in_the_transaction(world, login_client, extension):
    found = extension()
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("conversations:create", kwargs={"resident": world.resident.pk})
    assert 'id="extension-part"' in client.get(url).content.decode()
    response = client.post(url, _data(extra_note="hallo"))
    assert response.status_code == 302
    assert found.calls == [(Conversation.objects.latest("pk").pk, "hallo", True)]


def test_a_refusing_extension_saves_nothing(world, login_client, extension):
    extension(refuse=True)
    client = login_client(world.user(Role.PROFESSIONAL))
    before = Conversation.objects.count()
    url = reverse("conversations:create", kwargs={"resident": world.resident.pk})
    response = client.post(url, _data())
    assert response.status_code == 200
    assert "Refused by the extension." in response.content.decode()
    assert Conversation.objects.count() == before
    edit = reverse("conversations:edit", kwargs={"pk": world.conversation.pk})
    version = world.conversation.version
    response = client.post(edit, _data(version=version, question="Anders"))
    assert response.status_code == 200
    world.conversation.refresh_from_db()
    assert (world.conversation.question, world.conversation.version) != ("Anders", version + 1)


def test_the_refresh_button_shows_the_form_again_without_saving(world, login_client):
    client = login_client(world.user(Role.PROFESSIONAL))
    url = reverse("conversations:create", kwargs={"resident": world.resident.pk})
    before = Conversation.objects.count()
    response = client.post(url, _data(**{extensions.REFRESH: "1"}))
    assert response.status_code == 200
    assert Conversation.objects.count() == before
    assert "Een vraag." in response.content.decode()

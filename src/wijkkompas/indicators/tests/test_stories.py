"""Stories next to the numbers: who adds, sees, changes and withdraws them; consent of the
people named; photos checked, stored without metadata and sent only to who may see them."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wijkkompas.accounts.constants import Role
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.indicators import services
from wijkkompas.indicators.constants import StoryStatus, Visibility
from wijkkompas.indicators.models import Story
from wijkkompas.indicators.selectors import indicator_results, may_change_story, story_list

from .conftest import World


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


def jpeg_with_exif() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 30), "orange")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"  # Make
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def add(world: World, who: str = Role.TEAM_LEAD, **values: Any) -> Story:
    defaults: dict[str, Any] = {
        "scope": world.team_scope,
        "indicator": "conversations",
        "period": world.period,
        "narrative": "Mevrouw kwam via de buurtmaaltijd weer onder de mensen.",
        "author_kind": "professional",
        "visibility": Visibility.TEAM,
    }
    return services.story_create(user=world.user(who), **(defaults | values))


def visible(world: World, who: str, scope: Any = None) -> list[Story]:
    return list(story_list(user=world.user(who), scope=scope or world.scope, period=world.period))


def test_visibility_levels(world: World) -> None:
    team_story = add(world)
    municipal = add(world, visibility=Visibility.MUNICIPALITY)
    circle = add(world, visibility=Visibility.CIRCLE, scope=world.scope)
    assert set(visible(world, Role.PROFESSIONAL)) == {team_story, municipal, circle}
    assert set(visible(world, "lead_b")) == {municipal, circle}
    assert set(visible(world, Role.POLICY_OFFICER)) == {municipal, circle}
    assert set(visible(world, Role.RESEARCHER)) == {circle}
    assert visible(world, "foreign_officer") == []
    assert visible(world, Role.INITIATOR) == []


def test_stories_come_with_the_figure(world: World) -> None:
    story = add(world)
    lead = world.user(Role.TEAM_LEAD)
    results = {
        r.code: r for r in indicator_results(user=lead, scope=world.team_scope, period=world.period)
    }
    assert results["conversations"].stories == [story]
    assert results["substitution"].stories == []
    # A story of another period is not shown; one without a period always.
    earlier = world.period.shifted(-1)
    assert (
        indicator_results(
            user=lead, scope=world.team_scope, period=earlier, codes=["conversations"]
        )[0].stories
        == []
    )
    always = add(world, period=None)
    assert indicator_results(
        user=lead, scope=world.team_scope, period=earlier, codes=["conversations"]
    )[0].stories == [always]


def test_named_people_need_consent(world: World) -> None:
    with pytest.raises(ApplicationError):
        add(world, names_people=True)
    assert not Story.objects.exists()
    assert add(world, names_people=True, consent_given=True).pk


def test_bad_input_is_refused(world: World) -> None:
    with pytest.raises(ApplicationError):
        add(world, indicator="no-such-indicator")
    with pytest.raises(ApplicationError):
        add(world, scope=world.scope, visibility=Visibility.TEAM)  # team only, but no team
    with pytest.raises(ApplicationError):
        add(world, photo=SimpleUploadedFile("x.jpg", b"not a photo"), photo_alt="x")


def test_photo_without_metadata_and_only_for_who_may_see_it(
    world: World, login_client: Any
) -> None:
    from PIL import Image

    story = add(
        world,
        photo=SimpleUploadedFile("IMG_0042 van Jan.jpg", jpeg_with_exif(), "image/jpeg"),
        photo_alt="Een tafel vol eten",
    )
    assert "Jan" not in story.photo.name and story.photo.name.startswith("stories/")
    with story.photo.open("rb") as handle:
        assert not Image.open(handle).getexif()
    url = reverse("indicators:story_photo", args=[story.pk])
    response = login_client(world.user(Role.PROFESSIONAL)).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert login_client(world.user(Role.POLICY_OFFICER)).get(url).status_code == 404
    assert login_client(world.user("lead_b")).get(url).status_code == 404


def test_who_changes_and_withdraws(
    world: World, login_client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    story = add(
        world,
        who=Role.PROFESSIONAL,
        photo=SimpleUploadedFile("a.jpg", jpeg_with_exif(), "image/jpeg"),
        photo_alt="Foto",
    )
    assert may_change_story(user=world.user(Role.PROFESSIONAL), story=story)  # wrote it
    assert may_change_story(user=world.user(Role.TEAM_LEAD), story=story)  # leads the team
    assert may_change_story(user=world.user(Role.ADMIN), story=story)
    assert not may_change_story(user=world.user(Role.COORDINATOR), story=story)
    assert not may_change_story(user=world.user(Role.POLICY_OFFICER), story=story)
    edit = reverse("indicators:story_edit", args=[story.pk])
    assert login_client(world.user(Role.COORDINATOR)).get(edit).status_code == 403
    client = login_client(world.user(Role.TEAM_LEAD))
    response = client.post(
        edit,
        {
            "author_kind": "resident",
            "title": "De buurtmaaltijd",
            "narrative": "Anders verteld.",
            "visibility": Visibility.MUNICIPALITY,
            "photo_alt": "Foto",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.narrative == "Anders verteld." and story.visibility == Visibility.MUNICIPALITY
    photo = story.photo.name
    storage = story.photo.storage
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("indicators:story_withdraw", args=[story.pk]))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN and not story.photo
    assert not storage.exists(photo)
    assert visible(world, Role.TEAM_LEAD) == []
    detail = reverse("indicators:story", args=[story.pk])
    assert client.get(detail).status_code == 404


def test_add_a_story_from_a_figure(world: World, login_client: Any) -> None:
    client = login_client(world.user(Role.TEAM_LEAD))
    dashboard = client.get(reverse("indicators:team", args=[world.team.pk])).content.decode()
    assert reverse("indicators:story_create") in dashboard
    url = (
        reverse("indicators:story_create")
        + f"?team={world.team.pk}&indicator=substitution&periode={world.period.key}"
    )
    form = client.get(url)
    assert form.status_code == 200
    data = {
        "indicator": "substitution",
        "period": world.period.key,
        "author_kind": "partner",
        "title": "",
        "narrative": "De huisarts verwijst nu eerst naar de buurtmaaltijd.",
        "visibility": Visibility.TEAM,
        "names_people": "on",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and not Story.objects.exists()  # no consent ticked
    response = client.post(url, data | {"consent_given": "on"})
    assert response.status_code == 302
    story = Story.objects.get()
    assert (story.team_id, story.indicator, story.period_start) == (
        world.team.pk,
        "substitution",
        world.period.start,
    )
    # Another team's lead may not add a story to this team's figures.
    assert login_client(world.user("lead_b")).get(url).status_code == 404
    # A researcher writes no stories.
    assert login_client(world.user(Role.RESEARCHER)).get(url).status_code == 403

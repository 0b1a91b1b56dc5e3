"""A full disk while a story's photo is stored: the story is refused with a clear message and
nothing is kept (no story, no partial photo)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.tests.disk import disk_full_after
from wijkkompas.indicators.models import Story

from .conftest import World
from .test_stories import add, jpeg_with_exif


def test_photo_on_a_full_disk_refuses_the_story(
    world: World, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.MEDIA_ROOT = tmp_path
    disk_full_after(monkeypatch, room=100)
    with pytest.raises(ApplicationError) as refused:
        add(
            world,
            photo=SimpleUploadedFile("a.jpg", jpeg_with_exif(), "image/jpeg"),
            photo_alt="Foto",
        )
    assert refused.value.field == "photo"
    assert not Story.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    monkeypatch.undo()
    story = add(
        world, photo=SimpleUploadedFile("a.jpg", jpeg_with_exif(), "image/jpeg"), photo_alt="Foto"
    )
    assert story.photo.storage.exists(story.photo.name)

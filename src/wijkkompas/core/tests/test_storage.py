"""A full disk while an uploaded file is written: a clear refusal, no half-written file."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.storage import disk_full_error, is_disk_full, store_field_file

from .disk import disk_full_after


class FakeFieldFile:
    """What a model's ``FileField`` holds after ``obj.photo = ContentFile(...)``."""

    def __init__(self, storage: FileSystemStorage, content: bytes) -> None:
        self.storage = storage
        self.file = ContentFile(content, name="photo.jpg")
        self.name = "photo.jpg"
        self._committed = False
        self.field = self

    max_length = 100

    def generate_filename(self, instance: Any, name: str) -> str:
        return "stories/" + name

    def __bool__(self) -> bool:
        return True


def test_a_full_disk_is_refused_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = FileSystemStorage(location=tmp_path)
    field_file = FakeFieldFile(storage, b"x" * 5000)
    disk_full_after(monkeypatch, room=1000)
    with pytest.raises(ApplicationError) as refused:
        store_field_file(field_file, instance=None, field="photo")
    assert refused.value.field == "photo"
    assert "no room left" in str(refused.value.message)
    assert not field_file._committed
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_a_file_is_stored_when_there_is_room(tmp_path: Path) -> None:
    storage = FileSystemStorage(location=tmp_path)
    field_file = FakeFieldFile(storage, b"x" * 5000)
    store_field_file(field_file, instance=None, field="photo")
    assert field_file._committed and field_file.name == "stories/photo.jpg"
    assert (tmp_path / "stories" / "photo.jpg").read_bytes() == b"x" * 5000


def test_other_errors_are_not_taken_for_a_full_disk() -> None:
    assert is_disk_full(OSError(errno.EDQUOT, "quota"))
    assert not is_disk_full(OSError(errno.EACCES, "denied"))
    assert not is_disk_full(ValueError())
    assert disk_full_error(field="file").field == "file"

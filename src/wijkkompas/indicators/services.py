"""Writes of the indicators app: stories added, changed and withdrawn.

Every service checks that the user may write the story (``selectors.may_write_story`` /
``may_change_story``), validates it (``full_clean``), and stores a photo only after it is
read as an image of an allowed kind and size and written again without its metadata.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.storage import store_field_file

from .catalogue import CATALOGUE, Period, Scope, definitions
from .constants import (
    PHOTO_FORMATS,
    PHOTO_MAX_BYTES,
    PHOTO_MAX_SIDE,
    StoryStatus,
    Visibility,
)
from .models import Story
from .selectors import may_change_story, may_write_story

#: Fields a story's author may change.
EDITABLE = (
    "title",
    "narrative",
    "author_kind",
    "names_people",
    "consent_given",
    "visibility",
    "photo_alt",
)


def clean_photo(upload: Any) -> ContentFile:
    """The uploaded photo checked and written again without metadata (EXIF: camera,
    place, time), or ``ApplicationError`` with a Dutch message."""
    from PIL import Image, UnidentifiedImageError

    size = getattr(upload, "size", None) or 0
    if size > PHOTO_MAX_BYTES:
        raise ApplicationError(
            _("The photo is too large: at most %(mb)s MB.") % {"mb": PHOTO_MAX_BYTES // 2**20}
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        image.verify()
        upload.seek(0)
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ApplicationError(_("The file is not a photo we can read.")) from None
    fmt = image.format or ""
    if fmt not in PHOTO_FORMATS:
        raise ApplicationError(_("Only photos in JPEG, PNG or WebP format can be added."))
    if max(image.size) > PHOTO_MAX_SIDE:
        raise ApplicationError(
            _("The photo is too large: at most %(px)s pixels on a side.") % {"px": PHOTO_MAX_SIDE}
        )
    clean = image.copy()
    clean.info = {}  # no EXIF, XMP, comments or ICC profile
    out = io.BytesIO()
    clean.save(out, format=fmt)
    return ContentFile(out.getvalue(), name=f"photo.{PHOTO_FORMATS[fmt]}")


def _period_fields(period: Period | None) -> dict[str, Any]:
    if period is None:
        return {"period_kind": "", "period_start": None, "period_end": None}
    return {"period_kind": period.kind, "period_start": period.start, "period_end": period.end}


def _check(story: Story) -> None:
    if story.indicator not in CATALOGUE and story.indicator not in {d.code for d in definitions()}:
        raise ApplicationError(_("Choose an indicator from the catalogue."))
    if story.names_people and not story.consent_given:
        raise ApplicationError(
            _(
                "This story names or shows people: it can only be saved when they have "
                "consented. Tick the box, or leave the names out."
            )
        )
    if story.visibility == Visibility.TEAM and story.team_id is None:
        raise ApplicationError(_("A story for the team only belongs to a team."))
    if story.photo and not story.photo_alt.strip():
        raise ApplicationError(_("Describe what the photo shows, for people who cannot see it."))
    story.is_public = story.visibility == Visibility.PUBLIC and story.status == StoryStatus.ACTIVE
    try:
        story.full_clean()
    except ValidationError as error:
        raise ApplicationError(" ".join(error.messages)) from None


@transaction.atomic
def story_create(
    *,
    user: Any,
    scope: Scope,
    indicator: str,
    period: Period | None,
    narrative: str,
    author_kind: str,
    visibility: str,
    title: str = "",
    names_people: bool = False,
    consent_given: bool = False,
    photo: Any = None,
    photo_alt: str = "",
) -> Story:
    """Add a story to indicator ``indicator`` of ``scope`` in ``period`` (``None``: every
    period). The scope has been checked by the view (``selectors.scope_for``)."""
    if not may_write_story(user=user, scope=scope):
        raise PermissionDenied
    story = Story(
        municipality_id=scope.municipality_id,
        team_id=scope.team_id,
        district_id=scope.district_id,
        neighbourhood_id=scope.neighbourhood_id,
        indicator=indicator,
        narrative=narrative.strip(),
        author_kind=author_kind,
        visibility=visibility,
        title=title.strip(),
        names_people=names_people,
        consent_given=consent_given,
        photo_alt=photo_alt.strip(),
        created_by=user,
        **_period_fields(period),
    )
    if photo:
        story.photo = clean_photo(photo)  # type: ignore[assignment]
    _check(story)
    # The photo is written before the row: a full disk refuses the story, nothing is kept.
    store_field_file(story.photo, instance=story, field="photo")
    story.save()
    return story


@transaction.atomic
def story_update(
    *, user: Any, story: Story, photo: Any = None, remove_photo: bool = False, **values: Any
) -> Story:
    """Change the story's text, kind, consent, visibility or photo."""
    if not may_change_story(user=user, story=story):
        raise PermissionDenied
    unknown = set(values) - set(EDITABLE)
    if unknown:
        raise TypeError(f"story_update() cannot change {', '.join(sorted(unknown))}")
    old_photo = story.photo.name if story.photo else ""
    for name, value in values.items():
        setattr(story, name, value.strip() if isinstance(value, str) else value)
    if remove_photo:
        story.photo = None  # type: ignore[assignment]
    if photo:
        story.photo = clean_photo(photo)  # type: ignore[assignment]
    _check(story)
    store_field_file(story.photo, instance=story, field="photo")
    story.save()
    if old_photo and (remove_photo or photo):
        _delete_file(old_photo)
    return story


@transaction.atomic
def story_withdraw(*, user: Any, story: Story) -> Story:
    """Withdraw the story: it is no longer shown anywhere, and its photo is deleted."""
    if not may_change_story(user=user, story=story):
        raise PermissionDenied
    old_photo = story.photo.name if story.photo else ""
    story.status = StoryStatus.WITHDRAWN
    story.withdrawn_at = timezone.now()
    story.is_public = False
    story.photo = None  # type: ignore[assignment]
    story.save(update_fields=["status", "withdrawn_at", "is_public", "photo", "updated_at"])
    if old_photo:
        _delete_file(old_photo)
    return story


def _delete_file(name: str) -> None:
    from django.core.files.storage import default_storage

    transaction.on_commit(lambda: default_storage.delete(name))

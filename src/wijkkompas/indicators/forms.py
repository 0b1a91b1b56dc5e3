"""Forms of the indicators app: the period of a dashboard, and a story."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .catalogue import Period, definitions
from .constants import (
    PHOTO_MAX_BYTES,
    STORY_MAX_LENGTH,
    AuthorKind,
    PeriodKind,
    Visibility,
)
from .selectors import parse_period, period_choices

#: The value of "every period" in the story form.
ALWAYS = "altijd"


#: The grouped choices per (language, day): the same for every request of a day.
_CHOICES: dict[tuple[str | None, Any], list[Any]] = {}


def period_select_choices(*, current: Period | None = None) -> list[Any]:
    """Grouped choices of periods (years, quarters, months), newest first; values are
    ``Period.key`` (``"year:2026-01-01"``); the chosen period is added when it is older."""
    key = (get_language(), timezone.localdate())
    groups = _CHOICES.get(key)
    if groups is None:
        groups = _period_groups()
        _CHOICES.clear()
        _CHOICES[key] = groups
    if current is not None and not any(current.key == k for _g, items in groups for k, _l in items):
        return [*groups, (_("Chosen"), [(current.key, current.label)])]
    return groups


def _period_groups() -> list[Any]:
    groups = []
    for kind, label, count in (
        (PeriodKind.YEAR, _("Year"), 4),
        (PeriodKind.QUARTER, _("Quarter"), 8),
        (PeriodKind.MONTH, _("Month"), 12),
    ):
        groups.append((str(label), [(p.key, p.label) for p in period_choices(kind, count=count)]))
    return groups


class StoryForm(forms.Form):
    """A story next to a figure."""

    indicator = forms.ChoiceField(label=_("Indicator"))
    period = forms.ChoiceField(
        label=_("Period"),
        help_text=_("The period the story is about, or every period."),
    )
    author_kind = forms.ChoiceField(label=_("Whose story"), choices=AuthorKind.choices)
    title = forms.CharField(label=_("Title"), max_length=120, required=False)
    narrative = forms.CharField(
        label=_("Story"),
        max_length=STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happened, in a few sentences: what the number cannot say."),
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        help_text=_("Optional. JPEG, PNG or WebP, at most %(mb)s MB.")
        % {"mb": PHOTO_MAX_BYTES // 2**20},
    )
    photo_alt = forms.CharField(
        label=_("Description of the photo"),
        max_length=200,
        required=False,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    names_people = forms.BooleanField(
        label=_("The story names or shows people"),
        required=False,
        help_text=_("Names, recognisable descriptions or people in the photo."),
    )
    consent_given = forms.BooleanField(
        label=_("The people named have consented"),
        required=False,
        help_text=_("Required when the story names or shows people."),
    )
    visibility = forms.ChoiceField(
        label=_("Who sees the story"), choices=Visibility.choices, initial=Visibility.MUNICIPALITY
    )

    def __init__(self, *args: Any, team_scope: bool = False, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        fields: dict[str, Any] = self.fields
        fields["indicator"].choices = [(d.code, d.name) for d in definitions()]
        fields["period"].choices = [(ALWAYS, _("Every period")), *period_select_choices()]
        if not team_scope:
            fields["visibility"].choices = [
                c for c in Visibility.choices if c[0] != Visibility.TEAM
            ]
        if editing:
            del self.fields["indicator"]
            del self.fields["period"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("names_people") and not data.get("consent_given"):
            self.add_error(
                "consent_given",
                _(
                    "This story names or shows people: it can only be saved when they have "
                    "consented. Tick the box, or leave the names out."
                ),
            )
        if data.get("photo") and not (data.get("photo_alt") or "").strip():
            self.add_error(
                "photo_alt", _("Describe what the photo shows, for people who cannot see it.")
            )
        return data

    def chosen_period(self) -> Period | None:
        value = self.cleaned_data.get("period") or ALWAYS
        if value == ALWAYS:
            return None
        return parse_period(value)

"""Forms of the knowledge circle: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

YES = "ja"
NO = "nee"


class SharingForm(forms.Form):
    """Opt in to the knowledge circle, or out of it."""

    shares = forms.ChoiceField(
        label=_("Share with the knowledge circle"),
        choices=[
            (YES, _("Yes, share our figures with the knowledge circle")),
            (NO, _("No, do not share (anymore)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether your municipality shares.")},
    )
    note = forms.CharField(
        label=_("Why (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded with the choice, for your colleagues. No personal data."),
    )

    def __init__(self, *args: Any, shares: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"shares": NO if shares else YES})
        super().__init__(*args, **kwargs)

    @property
    def chosen(self) -> bool:
        return self.cleaned_data["shares"] == YES


class RoundForm(forms.Form):
    """Choose the round of the choice-question schema."""

    ronde = forms.TypedChoiceField(label=_("Round"), coerce=int, choices=())

    def __init__(self, *args: Any, rounds: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ronde"].choices = [(r.pk, r.name) for r in rounds]  # type: ignore[attr-defined]

"""Forms of "Mijn plan". They check the shape of the input; the services own the rules.

Labels and help texts are short and plain (language level B1): residents use these pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.residents.constants import ConsentPart, ConsentPurpose

from .selectors import Recipient

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GoalForm(forms.Form):
    """A goal of the resident's own, in their own words."""

    text = forms.CharField(
        label=_("Your goal"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Write what you want to reach, in your own words. For example: "
            "'I want to go for a walk with someone every week.'"
        ),
    )
    target_on = forms.DateField(
        label=_("When do you want to reach it?"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("You may leave this empty."),
    )

    def clean_text(self) -> str:
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError(_("Write your goal."))
        return text

    def clean_target_on(self) -> Any:
        value = self.cleaned_data.get("target_on")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."))
        return value


class CommentForm(forms.Form):
    """A comment on the plan, for the coordinator and the team to read."""

    text = forms.CharField(
        label=_("Your comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "What do you want your coordinator to know? For example what went well, "
            "or what you do not agree with."
        ),
    )

    def clean_text(self) -> str:
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Write your comment."))
        return text


class ConsentGrantForm(forms.Form):
    """Give a team or an organisation permission to see parts of your data."""

    recipient = forms.ChoiceField(
        label=_("Who may see your data?"),
        widget=forms.RadioSelect,
        help_text=_("Your own team, or one organisation that works in your team."),
    )
    parts = forms.MultipleChoiceField(
        label=_("Which data may they see?"),
        choices=[c for c in ConsentPart.choices if c[0] != ConsentPart.PERSONALIA],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Your name and contact details are always included. Tick what else they may see."
        ),
    )
    purpose = forms.ChoiceField(
        label=_("What for?"),
        choices=ConsentPurpose.choices,
        widget=forms.RadioSelect,
    )
    valid_until = forms.DateField(
        label=_("Until when?"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_(
            "Leave this empty if it may last until you withdraw it. You can always "
            "withdraw it earlier."
        ),
    )

    def __init__(self, *args: Any, recipients: list[Recipient], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.recipients = {r.key: r for r in recipients}
        field: Any = self.fields["recipient"]
        field.choices = [(r.key, r.label) for r in recipients]
        if recipients:
            self.initial.setdefault("recipient", recipients[0].key)
        self.initial.setdefault("purpose", ConsentPurpose.SUPPORT)

    def clean_valid_until(self) -> Any:
        value = self.cleaned_data.get("valid_until")
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose a date from today on."))
        return value

    def chosen_recipient(self) -> Recipient:
        return self.recipients[self.cleaned_data["recipient"]]


class WithdrawForm(forms.Form):
    """The confirmation of withdrawing a consent (only the button; nothing to fill in)."""

"""Forms of the idea pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.areas.selectors import neighbourhoods_of

from .constants import HONEYPOT_FIELD, IdeaStatus
from .models import Idea
from .selectors import coach_choices
from .spam import form_token


class _PublicForm(forms.Form):
    """A public form with the spam fields: a signed time token and a honeypot field.

    The honeypot sits in a block with the ``hidden`` attribute: people and screen readers
    never meet it; bots that fill every field do.
    """

    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            required=False,
            label=_("Leave this field empty"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )
        if not self.is_bound:
            self.initial["token"] = form_token()

    @property
    def honeypot(self) -> Any:
        return self[HONEYPOT_FIELD]

    def visible_person_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name not in ("token", HONEYPOT_FIELD)]


_contact_help = _("Only the team member who coaches the idea sees your contact details.")


class _ContactFields(forms.Form):
    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("An email address or a phone number: one of the two is enough."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_contact_help,
    )
    agree = forms.BooleanField(
        label=_("The team may contact me about this idea."),
        help_text=_(
            "Your name and contact details are kept for the idea only, seen by the team that "
            "coaches it, and never shown on the website."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("email") or "").strip() and not (data.get("phone") or "").strip():
            raise forms.ValidationError(_("Leave an email address or a phone number."))
        return data


class IdeaSubmitForm(_PublicForm, _ContactFields):
    """Send an idea for the neighbourhood (anyone, no account)."""

    title = forms.CharField(
        label=_("Your idea in a few words"),
        max_length=120,
        help_text=_("For example: Cooking together for older neighbours."),
    )
    description = forms.CharField(
        label=_("Tell us more"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "What would you like to start, for whom, and what do you need? Do not write about "
            "other people by name."
        ),
    )
    field_order = ["title", "description", "name", "email", "phone", "agree"]


class IdeaJoinForm(_PublicForm, _ContactFields):
    """ "Ik doe mee": join a published idea."""

    message = forms.CharField(
        label=_("Message for the coach (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example what you would like to do, or when you are available."),
    )
    field_order = ["name", "email", "phone", "message", "agree"]


class IdeaFilterForm(forms.Form):
    """Filter the team's list of ideas."""

    buurt: Any = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Neighbourhood"), to_field_name="code"
    )
    status = forms.ChoiceField(required=False, label=_("Status"))

    def __init__(self, *args: Any, municipality_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["buurt"].queryset = neighbourhoods_of(  # type: ignore[attr-defined]
            municipality_ids=[municipality_id]
        )
        self.fields["status"].choices = [("", _("All statuses")), *IdeaStatus.choices]  # type: ignore[attr-defined]


class ModerateForm(forms.Form):
    """Publish or reject an idea (with the reason)."""

    PUBLISH, REJECT = "publish", "reject"
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(PUBLISH, _("Publish on the neighbourhood page")), (REJECT, _("Reject"))],
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=Idea._meta.get_field("title").verbose_name, max_length=120)
    description = forms.CharField(
        label=Idea._meta.get_field("description").verbose_name,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Correct the text before publishing, e.g. remove names of other people."),
    )
    rejection_reason = forms.CharField(
        label=_("Reason for rejection"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you reject. The coach can pass it on to the resident."),
    )


class CoachChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class CoachForm(forms.Form):
    """Choose the team member who coaches the idea."""

    coach = CoachChoiceField(
        queryset=None,
        required=False,
        label=_("Coach"),
        empty_label=_("Nobody for now"),
        help_text=_("A member of the team that serves the neighbourhood."),
    )

    def __init__(self, *args: Any, idea: Idea, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["coach"].queryset = coach_choices(idea=idea)  # type: ignore[attr-defined]

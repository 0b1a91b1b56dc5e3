"""Forms of the risk register pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import RiskCategory, RiskStatus
from .models import IMPACT_CHOICES, LIKELIHOOD_CHOICES, TeamRisk
from .selectors import STATUS_ALL

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OwnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class RiskForm(ServiceModelForm):
    """Register or change a risk. ``teams``: the teams the user keeps (only when
    registering); ``owners``: the accounts that may own it."""

    team: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=None, label=_("Team"))
    owner = OwnerChoiceField(queryset=None, required=False, label=_("Owner"))
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional: why the risk is registered or changed, for its history."),
    )

    class Meta:
        model = TeamRisk
        fields = [
            "title",
            "category",
            "description",
            "likelihood",
            "impact",
            "owner",
            "measures",
            "review_date",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 4}),
            "review_date": DATE,
        }
        error_messages = {
            "title": {"required": _("Give the risk a short title.")},
            "likelihood": {
                "required": _("Choose a likelihood from 1 (very unlikely) to 5 (almost certain)."),
                "invalid_choice": _(
                    "Choose a likelihood from 1 (very unlikely) to 5 (almost certain)."
                ),
            },
            "impact": {
                "required": _("Choose an impact from 1 (very small) to 5 (very serious)."),
                "invalid_choice": _("Choose an impact from 1 (very small) to 5 (very serious)."),
            },
            "review_date": {
                "required": _("Choose the date of the next review of this risk."),
                "invalid": _("Enter the date of the next review as day-month-year."),
            },
        }

    field_order = ["team", *Meta.fields, "note"]

    def __init__(self, *args: Any, teams: Any = None, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if teams is None:
            self.fields.pop("team")
        else:
            self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        # Closing has its own page (with the reason); here only open and being handled.
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in RiskStatus.choices if value != RiskStatus.CLOSED
        ]
        self.fields["likelihood"].choices = [("", "---------"), *LIKELIHOOD_CHOICES]  # type: ignore[attr-defined]
        self.fields["impact"].choices = [("", "---------"), *IMPACT_CHOICES]  # type: ignore[attr-defined]


class ReviewForm(forms.Form):
    """Record a review: new scores, what the team concluded, and the next review date."""

    likelihood = forms.TypedChoiceField(
        label=_("Likelihood"),
        coerce=int,
        choices=LIKELIHOOD_CHOICES,
        error_messages={
            "required": _("Choose a likelihood from 1 (very unlikely) to 5 (almost certain)."),
            "invalid_choice": _(
                "Choose a likelihood from 1 (very unlikely) to 5 (almost certain)."
            ),
        },
    )
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        coerce=int,
        choices=IMPACT_CHOICES,
        error_messages={
            "required": _("Choose an impact from 1 (very small) to 5 (very serious)."),
            "invalid_choice": _("Choose an impact from 1 (very small) to 5 (very serious)."),
        },
    )
    note = forms.CharField(
        label=_("Conclusion of the review"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What did the team see, and do the measures still work?"),
        error_messages={
            "required": _("Write down briefly what the team concluded in this review.")
        },
    )
    review_date = forms.DateField(
        label=_("Next review"),
        widget=DATE,
        error_messages={
            "required": _("Choose the date of the next review of this risk."),
            "invalid": _("Enter the date of the next review as day-month-year."),
        },
    )


class StatusForm(forms.Form):
    """Close or reopen a risk, with the reason why."""

    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write down the reason, for the risk's history.")},
    )


class RiskFilterForm(forms.Form):
    """Filter the register by status, category and overdue reviews."""

    status = forms.ChoiceField(
        required=False,
        label=_("Status"),
        choices=[
            ("", _("Open and being handled")),
            *RiskStatus.choices,
            (STATUS_ALL, _("All")),
        ],
    )
    categorie = forms.ChoiceField(
        required=False,
        label=_("Category"),
        choices=[("", _("All categories")), *RiskCategory.choices],
    )
    te_laat = forms.BooleanField(required=False, label=_("Only risks whose review is overdue"))

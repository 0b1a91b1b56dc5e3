"""Forms of the plan and case discussion pages. They check the input's shape; the services
own the rules. Forms that change a plan carry the plan's ``version`` (hidden), so a change
is refused when someone else saved the plan in between."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm
from wijkkompas.conversations.constants import LifeDomain

from .constants import DiscussionStatus, GoalStatus
from .models import Appointment, CaseDiscussion, Decision, Goal, Plan, PlanAction
from .selectors import coordinator_choices, organisation_choices, owner_account_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]


class AccountChoiceField(forms.ModelChoiceField):
    """An account, shown by its person's name (or user name)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


class VersionForm(forms.Form):
    """The plan's version when the form was shown (optimistic concurrency)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionModelForm(ServiceModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def _life_domain_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Life domain"),
        choices=[("", _("— none —")), *LifeDomain.choices],
        required=False,
    )


class PlanCreateForm(ServiceModelForm):
    """Start the plan of a household."""

    coordinator = AccountChoiceField(
        queryset=None,
        label=_("Coordinator (regisseur)"),
        help_text=_(
            "One household, one plan, one coordinator: the colleague who keeps the overview."
        ),
    )
    first_review_on = forms.DateField(
        label=_("First review"),
        widget=DATE,
        required=False,
        help_text=_("When you will look back on the plan together with the household."),
    )

    class Meta:
        model = Plan
        fields = ["coordinator", "summary", "started_on"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 5}), "started_on": DATE}

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["coordinator"]).queryset = coordinator_choices(
            team_id=team_id
        )


class PlanForm(VersionModelForm):
    """Edit the plan's summary and coordinator."""

    coordinator = AccountChoiceField(queryset=None, label=_("Coordinator (regisseur)"))

    class Meta:
        model = Plan
        fields = ["coordinator", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, team_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["coordinator"]).queryset = coordinator_choices(
            team_id=team_id
        )


class PlanCloseForm(VersionForm):
    closed_on = forms.DateField(label=_("Closed on"), widget=DATE)


class GoalForm(VersionModelForm):
    life_domain = _life_domain_field()

    class Meta:
        model = Goal
        fields = ["text", "life_domain", "target_on", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "target_on": DATE}

    def __init__(self, *args: Any, adding: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if adding:
            del self.fields["status"]
        else:
            self.fields["status"].choices = GoalStatus.choices  # type: ignore[attr-defined]


class ActionForm(VersionModelForm):
    owner_user = AccountChoiceField(
        queryset=None,
        required=False,
        label=_("Account of the owner"),
        help_text=_(
            "Optional: when the owner is a colleague with a Wijkkompas account, the action "
            "appears in their worklist when it is overdue."
        ),
    )

    class Meta:
        model = PlanAction
        fields = [
            "description",
            "goal",
            "owner_organisation",
            "owner_name",
            "owner_user",
            "due_on",
            "done_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "due_on": DATE,
            "done_on": DATE,
        }

    def __init__(
        self, *args: Any, plan: Plan, goals: Any, adding: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        goal_field = cast(forms.ModelChoiceField, self.fields["goal"])
        goal_field.queryset = goals
        goal_field.required = False
        organisation = cast(forms.ModelChoiceField, self.fields["owner_organisation"])
        organisation.queryset = organisation_choices(municipality_id=plan.municipality_id)
        organisation.required = False
        cast(forms.ModelChoiceField, self.fields["owner_user"]).queryset = owner_account_choices(
            team_id=plan.team_id
        )
        self.fields["owner_name"].required = False
        self.fields["owner_name"].help_text = _(
            "A professional, the resident or someone of their network. Empty: the name of the "
            "account chosen below."
        )
        if adding:
            del self.fields["done_on"]


class AppointmentForm(VersionModelForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )

    class Meta:
        model = Appointment
        fields = ["starts_at", "place", "with_whom", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewScheduleForm(VersionForm):
    planned_on = forms.DateField(label=_("Date of the review"), widget=DATE)


class ReviewHoldForm(VersionForm):
    """Hold a review: conclusion, optionally new scores of one resident, the next review.

    ``scoring_fields``: ``instruments.selectors.scoring_fields(versions=...)``; each becomes
    a select (empty = not scored), grouped per instrument version, so the scores can be read
    back with ``instruments.selectors.scores_from_cleaned_data`` and a new instrument needs
    no change here.
    """

    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    conclusion = forms.CharField(
        label=_("Conclusion"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What went well, what did not, what changes in the plan."),
    )
    next_review_on = forms.DateField(
        label=_("Next review"),
        widget=DATE,
        required=False,
        help_text=_("Optional: plan the next review right away."),
    )
    resident = forms.TypedChoiceField(
        label=_("Resident whose scores you record"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Only needed when you record scores below."),
    )

    def __init__(
        self, *args: Any, residents: list[Any], scoring_fields: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["resident"]).choices = [
            ("", _("— nobody —")),
            *[(str(resident.pk), resident.name) for resident in residents],
        ]
        self.scoring_names: list[str] = []
        #: ``(legend, [field names])`` per instrument version, in order.
        self.scoring_groups: list[tuple[str, list[str]]] = []
        groups: dict[Any, tuple[str, list[str]]] = {}
        for spec in scoring_fields:
            self.fields[spec.name] = forms.TypedChoiceField(
                label=spec.label,
                required=False,
                choices=[("", _("Not scored")), *[(str(v), label) for v, label in spec.choices]],
                coerce=int,
                empty_value=None,
                help_text=spec.help or "",
            )
            self.scoring_names.append(spec.name)
            if spec.version_id not in groups:
                groups[spec.version_id] = (spec.legend, [])
                self.scoring_groups.append(groups[spec.version_id])
            groups[spec.version_id][1].append(spec.name)


class DiscussionForm(ServiceModelForm):
    scheduled_at = forms.DateTimeField(
        label=_("Date and time"), widget=DATETIME, input_formats=DATETIME_FORMATS
    )

    class Meta:
        model = CaseDiscussion
        fields = ["question", "scheduled_at", "place"]
        widgets = {"question": forms.Textarea(attrs={"rows": 4})}


class InviteForm(forms.Form):
    """Invite a colleague. The list offers the colleagues who may be invited; any other
    colleague of the municipality is refused by the service with the reason."""

    invitee = AccountChoiceField(
        queryset=None,
        label=_("Colleague"),
        help_text=_(
            "Only colleagues of the team whose team or organisation the household consented "
            "to for case discussions can be invited."
        ),
    )

    def __init__(self, *args: Any, accepted: Any, offered: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(AccountChoiceField, self.fields["invitee"])
        field.queryset = accepted
        field.choices = [
            ("", "---------"),
            *[(user.pk, field.label_from_instance(user)) for user in offered],
        ]


class MinutesForm(ServiceModelForm):
    class Meta:
        model = CaseDiscussion
        fields = ["status", "minutes"]
        widgets = {"minutes": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = DiscussionStatus.choices  # type: ignore[attr-defined]


class DecisionForm(ServiceModelForm):
    class Meta:
        model = Decision
        fields = ["text", "owner_organisation", "owner_name", "due_on"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "due_on": DATE}

    def __init__(self, *args: Any, municipality_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = cast(forms.ModelChoiceField, self.fields["owner_organisation"])
        organisation.queryset = organisation_choices(municipality_id=municipality_id)
        organisation.required = False

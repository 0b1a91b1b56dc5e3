"""Forms of the conversation pages. They check the input's shape; the services own the rules.

The registration form is built for speed with the keyboard only: the fields in the order of
the conversation, the date focused and set to today, the place set to the kitchen table,
only the date, place, question and outcome required, and everything a typical conversation
does not need (scores, Wmo dates) in sections that stay closed until opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import FindingPlace, LifeDomain, Outcome
from .models import Conversation

DATE_WIDGET_ATTRS = {"type": "date"}

#: Fields of the Wmo block, in the order of the procedure.
WMO_FIELDS = ("is_wmo_report", "reported_on", "investigation_done_on", "applied_on", "decided_on")


def _date_widget(**attrs: Any) -> forms.DateInput:
    return forms.DateInput(attrs={**DATE_WIDGET_ATTRS, **attrs}, format="%Y-%m-%d")


class ConversationForm(ServiceModelForm):
    """The fields of a conversation (registration and edit)."""

    place = forms.ChoiceField(
        label=_("Place (vindplek)"),
        choices=FindingPlace.choices,
        initial=FindingPlace.HOME,
        help_text=_("Where the conversation took place or the question was found."),
    )
    life_domains = forms.MultipleChoiceField(
        label=_("Life domains touched"),
        choices=LifeDomain.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick with the space bar; Tab moves to the next domain."),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text=_("Where the question is answered. Arrow keys choose within the list."),
    )

    class Meta:
        model = Conversation
        fields = [
            "held_on",
            "place",
            "participants",
            "question",
            "question_behind",
            "life_domains",
            "own_strength",
            "network",
            "outcome",
            "collective_opportunity",
            "resident_idea",
            *WMO_FIELDS,
        ]
        labels = {
            "held_on": _("Date of the conversation"),
            "question": _("The question"),
            "is_wmo_report": _("Register as Wmo report (melding)"),
        }
        help_texts = {
            "reported_on": _("Empty: the date of the conversation."),
            "is_wmo_report": _(
                "The legal terms start: investigation within 6 weeks of the report, "
                "decision within 2 weeks of the application."
            ),
        }
        widgets = {
            "held_on": _date_widget(autofocus=True),
            "participants": forms.TextInput(attrs={"autocomplete": "off"}),
            "question": forms.Textarea(attrs={"rows": 3}),
            "question_behind": forms.Textarea(attrs={"rows": 2}),
            "own_strength": forms.Textarea(attrs={"rows": 2}),
            "network": forms.Textarea(attrs={"rows": 2}),
            "collective_opportunity": forms.Textarea(attrs={"rows": 2}),
            "resident_idea": forms.Textarea(attrs={"rows": 2}),
            "reported_on": _date_widget(),
            "investigation_done_on": _date_widget(),
            "applied_on": _date_widget(),
            "decided_on": _date_widget(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk is None:
            self.initial.setdefault("held_on", timezone.localdate())
            self.initial.setdefault("place", FindingPlace.HOME)
        if self.is_bound:
            # After a failed save the error summary takes the focus, not the first field.
            self.fields["held_on"].widget.attrs.pop("autofocus", None)

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in MAIN]

    def wmo_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in WMO_FIELDS]

    def wmo_open(self) -> bool:
        """Whether the Wmo section should be open: a report, or an error in it."""
        if any(self[name].errors for name in WMO_FIELDS):
            return True
        if self.is_bound:
            return bool(self.data.get(self.add_prefix("is_wmo_report")))
        return bool(self.instance.is_wmo_report)


#: The fields of the conversation itself, in the order of the page.
MAIN = [name for name in ConversationForm.Meta.fields if name not in WMO_FIELDS]


class ConversationCreateForm(ConversationForm):
    """Registration: the conversation and, optionally, scores per instrument domain.

    ``scoring_fields``: ``instruments.selectors.scoring_fields(versions=...)``; each becomes
    a select (empty = not scored) named by the instrument, so the scores can be read back
    with ``instruments.selectors.scores_from_cleaned_data``.
    """

    def __init__(self, *args: Any, scoring_fields: Sequence[Any] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scoring_names: list[str] = []
        #: ``(version id, legend, [field names])`` per instrument version, in order.
        self.scoring_groups: list[tuple[Any, str, list[str]]] = []
        groups: dict[Any, tuple[Any, str, list[str]]] = {}
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
                groups[spec.version_id] = (spec.version_id, spec.legend, [])
                self.scoring_groups.append(groups[spec.version_id])
            groups[spec.version_id][2].append(spec.name)

    def scores_open(self) -> bool:
        """Whether the scores section should be open: scores given, or an error in it."""
        if any(self[name].errors for name in self.scoring_names):
            return True
        return self.is_bound and any(
            self.data.get(self.add_prefix(name)) for name in self.scoring_names
        )


class ConversationEditForm(ConversationForm):
    """Edit: the conversation's fields and the version the user started from."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version

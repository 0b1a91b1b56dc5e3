"""Forms of the self-assessment pages: the shape of the input; the services own the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wijkkompas.components.forms import ServiceModelForm

from .constants import SCALE, Side
from .models import MeasurementRound, Question
from .selectors import AnswerRow


def scale_choices(question: Question) -> list[tuple[str, str]]:
    """The five points, the two ends named after the question's poles."""
    choices = []
    for point in SCALE:
        label = str(point)
        if point == SCALE[0]:
            label = f"{point} – {question.left_pole}"
        elif point == SCALE[-1]:
            label = f"{point} – {question.right_pole}"
        choices.append((str(point), label))
    return choices


class AssessmentForm(forms.Form):
    """Per question: reality and wish (radio groups on the five-point scale) and a comment.

    Fields are named ``<question code>-reality``, ``-wish`` and ``-comment``; the service
    checks the scores again and gives the message.
    """

    def __init__(self, *args: Any, rows: list[AnswerRow], **kwargs: Any) -> None:
        initial = {}
        for row in rows:
            code = row.question.code
            initial[f"{code}-{Side.REALITY}"] = str(row.reality or "")
            initial[f"{code}-{Side.WISH}"] = str(row.wish or "")
            initial[f"{code}-comment"] = row.comment
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code = row.question.code
            for side in Side:
                self.fields[f"{code}-{side.value}"] = forms.ChoiceField(
                    label=side.label,
                    choices=scale_choices(row.question),
                    widget=forms.RadioSelect,
                    required=False,
                )
            self.fields[f"{code}-comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def groups(self) -> list[tuple[Question, list[forms.BoundField]]]:
        """(question, [reality, wish, comment]) for the template, in order."""
        return [
            (
                row.question,
                [self[f"{row.question.code}-{name}"] for name in (*Side.values, "comment")],
            )
            for row in self.rows
        ]

    def answers(self) -> dict[str, dict[str, Any]]:
        """The cleaned answers, in the shape the services take."""
        data = self.cleaned_data
        return {
            row.question.code: {
                "reality": data.get(f"{row.question.code}-{Side.REALITY}") or None,
                "wish": data.get(f"{row.question.code}-{Side.WISH}") or None,
                "comment": data.get(f"{row.question.code}-comment", ""),
            }
            for row in self.rows
        }


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class TeamChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class StartForm(forms.Form):
    """Start (or continue) the assessment of a round: of the municipality or of a team."""

    round = RoundChoiceField(queryset=MeasurementRound.objects.none(), label=_("Round"))
    team = TeamChoiceField(
        queryset=None,
        required=False,
        label=_("Team"),
        help_text=_("Leave empty for the assessment of the whole municipality."),
    )

    def __init__(
        self, *args: Any, rounds: Any, teams: Any, team_required: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]
        if team_required:
            self.fields["team"].required = True
            self.fields["team"].help_text = ""


class RoundForm(ServiceModelForm):
    """Add a measurement round (the operator)."""

    class Meta:
        model = MeasurementRound
        fields = ["name", "held_on", "open"]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class RoundChoiceForm(forms.Form):
    """Choose the round of the comparison."""

    ronde = RoundChoiceField(
        queryset=MeasurementRound.objects.none(), label=_("Round"), empty_label=None
    )

    def __init__(self, *args: Any, rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ronde"].queryset = rounds  # type: ignore[attr-defined]

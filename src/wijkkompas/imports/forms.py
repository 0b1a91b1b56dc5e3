"""Forms of the import pages: the upload (kind, team, system, file) and the column mapping."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from . import fields, selectors
from .constants import SOURCE_MAX, ImportKind
from .models import ImportJob


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What does the file hold?"), choices=(), widget=forms.RadioSelect
    )
    team = forms.TypedChoiceField(label=_("Team"), choices=(), coerce=int)
    source_system = forms.CharField(
        label=_("From which system"),
        max_length=SOURCE_MAX,
        help_text=_(
            "The name of the system the file was exported from, e.g. 'Suite4Sociaal Domein'. "
            "Use the same name every time: an import recognises rows it imported before by "
            "their id in that system."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV (UTF-8 or Windows, separated by ; or ,) or Excel (.xlsx); the first row "
            "names the columns."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = selectors.kinds_for(user=user)
        cast(forms.ChoiceField, self.fields["kind"]).choices = [
            (k, ImportKind(k).label) for k in kinds
        ]
        if len(kinds) == 1:
            self.fields["kind"].initial = kinds[0]
        teams = list(selectors.teams_for(user=user))
        cast(forms.ChoiceField, self.fields["team"]).choices = [(t.pk, t.name) for t in teams]
        if len(teams) == 1:
            self.fields["team"].initial = teams[0].pk


class MappingForm(forms.Form):
    """One choice per field of the kind: the column of the file it is read from."""

    def __init__(self, *args: Any, job: ImportJob, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in the file —"))] + [
            (str(index), header or _("(column %(n)s)") % {"n": index + 1})
            for index, header in enumerate(job.headers)
        ]
        for field in fields.fields_of(job.kind):
            column = job.mapping.get(field.name)
            self.fields[field.name] = forms.ChoiceField(
                label=str(field.label),
                choices=columns,
                required=field.required,
                initial="" if column is None else str(column),
            )

    def mapping(self) -> dict[str, int | None]:
        return {
            name: (int(value) if value not in ("", None) else None)
            for name, value in self.cleaned_data.items()
        }

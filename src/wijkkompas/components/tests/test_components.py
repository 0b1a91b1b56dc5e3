"""The components template tags render accessible Utrecht markup."""

from __future__ import annotations

import pytest
from django import forms
from django.template import Context, Template

from wijkkompas.components.forms import add_service_error
from wijkkompas.core.exceptions import ApplicationError


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Your full name")
    areas = forms.MultipleChoiceField(
        label="Areas", choices=[("1", "Noord"), ("2", "Zuid")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Agree", required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("a", "A"), ("b", "B")])


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


def test_form_field_without_errors():
    html = render("{% form_field form.name %}", form=SampleForm())
    assert 'class="utrecht-textbox utrecht-textbox--html-input"' in html
    assert 'for="id_name"' in html and 'aria-describedby="id_name-description"' in html
    assert "aria-invalid" not in html and "style=" not in html


def test_form_field_with_errors_is_described_and_invalid():
    form = SampleForm(data={})
    form.is_valid()
    html = render("{% form_field form.name %}", form=form)
    assert 'aria-describedby="id_name-description id_name-error"' in html
    assert 'aria-invalid="true"' in html and 'id="id_name-error"' in html


def test_choice_list_is_a_fieldset_with_legend():
    form = SampleForm(data={"areas": ["2"]})
    html = render("{% form_field form.areas %}", form=form)
    assert "<fieldset" in html and "<legend" in html
    assert html.count('type="checkbox"') == 2
    assert 'value="2" checked' in html


def test_select_and_checkbox():
    html = render("{% form_field form.kind %}{% form_field form.agree %}", form=SampleForm())
    assert "utrecht-select" in html and "utrecht-checkbox" in html


def test_error_summary_links_to_fields_and_lists_service_errors():
    form = SampleForm(data={"kind": "a", "areas": ["1"]})
    form.is_valid()
    add_service_error(form, ApplicationError("Name is taken", field="name"))
    add_service_error(form, ApplicationError("Something else went wrong"))
    html = render("{% error_summary form %}", form=form)
    assert 'role="alert"' in html and 'href="#id_name"' in html
    assert "Name is taken" in html and "Something else went wrong" in html
    assert render("{% error_summary form %}", form=SampleForm()).strip() == ""


def test_error_summary_points_choice_lists_at_legend():
    form = SampleForm(data={"name": "x", "kind": "a"})
    form.is_valid()
    assert 'href="#id_areas-legend"' in render("{% error_summary form %}", form=form)


def test_breadcrumbs():
    html = render('{% breadcrumbs "Teams" "/teams/" "Wezep" %}')
    assert 'href="/teams/"' in html and 'aria-current="page">Wezep' in html


def test_data_table():
    html = render(
        "{% data_table caption columns rows numeric=numeric footer=footer %}",
        caption="Members",
        columns=["Craft", "Members"],
        rows=[["Zorg", 3]],
        numeric=[1],
        footer=["Total", 3],
    )
    assert "<caption" in html and 'scope="row">Zorg' in html and "cell--numeric" in html
    empty = render('{% data_table "Empty" columns rows %}', columns=["A"], rows=[])
    assert "Nothing yet." in empty


def test_submit_row():
    html = render('{% submit_row "Save" "/back/" %}')
    assert 'type="submit"' in html and 'href="/back/"' in html


@pytest.mark.django_db
def test_service_model_form_shows_every_field_error_at_once():
    """A missing name and too many hours are both reported in one round trip."""
    from wijkkompas.teams.forms import MembershipForm
    from wijkkompas.teams.tests.factories import TeamFactory

    team = TeamFactory.create()
    form = MembershipForm(
        data={"person_name": "", "hours_per_week": "60", "ring": "core"}, team=team
    )
    assert not form.is_valid()
    assert "person_name" in form.errors
    assert "hours_per_week" in form.errors

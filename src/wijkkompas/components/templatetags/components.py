"""Documented template tags for pages in the NL Design System (Utrecht) style.

Load with ``{% load components %}``. Every tag renders server-side, without inline
styles or scripts, so pages keep working under a strict Content-Security-Policy.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from django import forms, template
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

_CHOICE_LIST_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


def _widget_kind(field: BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


_WIDGET_CLASSES = {
    "input": "utrecht-textbox utrecht-textbox--html-input",
    "textarea": "utrecht-textarea utrecht-textarea--html-textarea",
    "select": "utrecht-select utrecht-select--html-select",
    "checkbox": "utrecht-checkbox utrecht-checkbox--html-input",
}


@register.inclusion_tag("components/form_field.html")
def form_field(field: BoundField, hint: str = "") -> dict[str, Any]:
    """Render one form field as an Utrecht form field: label, description, errors, control.

    The control is described by its help text and its errors (``aria-describedby``) and
    marked ``aria-invalid`` when it has errors; choice lists are a ``fieldset`` with a
    ``legend``.

    Usage::

        {% load components %}
        {% form_field form.name %}
        {% form_field form.districts hint=_("Tick every district the team serves.") %}

    Variables:
        field -- a bound form field (``form.<name>``).
        hint -- optional extra description shown under the label (besides the help text).
    """
    kind = _widget_kind(field)
    field_id = field.auto_id or f"id_{field.html_name}"
    description_id = f"{field_id}-description"
    error_id = f"{field_id}-error"
    help_text = str(field.help_text or "")
    described_by = []
    if help_text or hint:
        described_by.append(description_id)
    if field.errors:
        described_by.append(error_id)
    attrs: dict[str, Any] = {}
    if kind in _WIDGET_CLASSES:
        css = _WIDGET_CLASSES[kind]
        if field.errors and kind != "checkbox":
            css += f" utrecht-{'textbox' if kind == 'input' else kind}--invalid"
        attrs["class"] = css
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if field.errors:
        attrs["aria-invalid"] = "true"
    if field.field.required and kind not in {"checkbox", "checkboxes"}:
        attrs["aria-required"] = "true"
    options = []
    if kind in {"checkboxes", "radios"}:
        for index, sub in enumerate(field.subwidgets):
            options.append(
                {
                    "id": sub.data["attrs"].get("id") or f"{field_id}_{index}",
                    "name": sub.data["name"],
                    "value": sub.data["value"],
                    "label": sub.data["label"],
                    "checked": bool(sub.data.get("selected")),
                }
            )
    return {
        "field": field,
        "kind": kind,
        "field_id": field_id,
        "description_id": description_id,
        "error_id": error_id,
        "help_text": help_text,
        "hint": hint,
        "described_by": " ".join(described_by),
        "widget": field.as_widget(attrs=attrs) if kind not in {"checkboxes", "radios"} else "",
        "options": options,
        "input_type": "checkbox" if kind == "checkboxes" else "radio",
    }


@register.inclusion_tag("components/error_summary.html")
def error_summary(form: forms.BaseForm) -> dict[str, Any]:
    """An error summary at the top of a form: every error, each linked to its field.

    Shown only when the form has errors; it is an ``utrecht-alert`` with ``role="alert"``
    so screen readers announce it after a failed submit.

    Usage::

        {% load components %}
        <form method="post" novalidate>{% error_summary form %} … </form>

    Variables:
        form -- a bound form (its non-field errors come first, then field errors in order).
    """
    items: list[dict[str, str]] = []
    if form.is_bound and form.errors:
        for message in form.non_field_errors():
            items.append({"message": str(message), "href": ""})
        for field in form:
            for message in field.errors:
                anchor = field.auto_id or f"id_{field.html_name}"
                if _widget_kind(field) in {"checkboxes", "radios"}:
                    anchor = f"{anchor}-legend"
                items.append({"message": f"{field.label}: {message}", "href": f"#{anchor}"})
    return {"items": items}


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*parts: Any) -> dict[str, Any]:
    """A breadcrumb navigation (``utrecht-breadcrumb-nav``).

    Pass label and URL pairs for the ancestors, then the label of the current page.

    Usage::

        {% load components %}
        {% url 'teams:list' as teams_url %}
        {% breadcrumbs _("Teams") teams_url team.name %}

    Variables:
        parts -- ``label, url, label, url, …, current label``. The current page is not a
        link and carries ``aria-current="page"``.
    """
    items: list[dict[str, Any]] = []
    values = list(parts)
    current = values.pop() if len(values) % 2 == 1 else None
    for index in range(0, len(values), 2):
        items.append({"label": values[index], "url": values[index + 1]})
    return {"items": items, "current": current}


@register.inclusion_tag("components/data_table.html")
def data_table(
    caption: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    numeric: Sequence[int] = (),
    empty: str = "",
    footer: Sequence[Any] | None = None,
) -> dict[str, Any]:
    """A simple data table (``utrecht-table``) with a caption and column headers.

    The first cell of every row is a row header (``<th scope="row">``). For tables with
    links or forms in the cells, write the table in the template instead.

    Usage::

        {% load components %}
        {% data_table _("Members by craft") columns rows numeric=numeric footer=totals %}

    Variables:
        caption -- the table's caption (required: every table says what it shows).
        columns -- the column headers.
        rows -- a list of rows, each a list of cell values in column order.
        numeric -- indexes of columns holding numbers (right-aligned).
        empty -- text shown in one row when there are no rows (default: "Nothing yet.").
        footer -- optional totals row, same shape as a row.
    """
    numeric_set = set(numeric or ())
    body = [
        [{"value": value, "numeric": index in numeric_set} for index, value in enumerate(row)]
        for row in rows
    ]
    foot = (
        [{"value": value, "numeric": index in numeric_set} for index, value in enumerate(footer)]
        if footer
        else None
    )
    return {
        "caption": caption,
        "columns": [{"label": c, "numeric": i in numeric_set} for i, c in enumerate(columns)],
        "rows": body,
        "footer": foot,
        "empty": empty or _("Nothing yet."),
        "width": len(columns),
    }


@register.inclusion_tag("components/submit_row.html")
def submit_row(label: str, cancel_url: str = "", danger: bool = False) -> dict[str, Any]:
    """The buttons under a form: a primary submit button and an optional cancel link.

    Usage::

        {% load components %}
        {% url 'teams:detail' team.pk as cancel_url %}
        {% submit_row _("Save") cancel_url %}

    Variables:
        label -- text of the submit button.
        cancel_url -- where "Cancel" leads; no cancel link when empty.
        danger -- style the button as a destructive action (e.g. removing a member).
    """
    return {"label": label, "cancel_url": cancel_url, "danger": danger}


@register.simple_tag
def numeric_cells(*groups: Any) -> str:
    """Table cells for a row of figures, right-aligned with tabular digits.

    Usage::

        {% numeric_cells row.by_ring row.members row.by_craft %}

    Variables:
        groups: numbers, or sequences of numbers, rendered in order as
            ``<td class="utrecht-table__cell utrecht-table__cell--numeric">``. Built in
            Python rather than with a template loop: long tables of figures (the team
            overview) render several times faster this way.
    """
    values: list[Any] = []
    for group in groups:
        if isinstance(group, list | tuple):
            values.extend(group)
        else:
            values.append(group)
    return format_html_join(
        "",
        '<td class="utrecht-table__cell utrecht-table__cell--numeric">{}</td>',
        ((value,) for value in values),
    )


@lru_cache(maxsize=4096)
def _long_date(value: datetime.date, language: str | None) -> str:
    return date_format(value, "j F Y")


@register.filter
def long_date(value: Any) -> str:
    """A date written out ("3 maart 2026"), the same as ``|date:"j F Y"``, formatted once per
    day and language: a worklist or a timeline shows the same few dates many times.

    Usage::

        {% load components %}
        {{ item.due_on|long_date|default:"—" }}

    Variables:
        value -- a ``datetime.date`` (a ``datetime`` is shown by its local date); ``None``
        and "" give "".
    """
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _long_date(value, get_language())

"""Social map suggestions in the conversation form, and the entries used on the
conversation page.

* :class:`SuggestionsExtension`: the part of the conversation form (registration and edit)
  that suggests entries in the Wmo order, with a checkbox per entry; registered as a form
  extension of ``conversations`` (``conversations.extensions``) in
  :meth:`SocialMapConfig.ready`, so ``conversations`` does not import this app. Saving the
  form records the chosen entries (:func:`.uses.entry_uses_set`) in the conversation's
  transaction;
* :class:`SuggestionsFragmentView` (``socialmap:suggestions``): the same part as an htmx
  fragment, loaded again when the life domains change. It reads no personal data: the
  form passes the neighbourhood id, the ticked life domains and the ticked entries, never
  the question or the resident. Without JavaScript the form's "Show suggestions" button
  shows the form again with fresh suggestions;
* :func:`conversation_uses`: the section of the conversation page with the entries used
  (case data, read through :func:`.uses.uses_of_conversation`, which logs it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.views import View

from wijkkompas.accounts.access import restrict
from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.components.sections import Section
from wijkkompas.conversations.extensions import REFRESH, BoundFormExtension

from . import suggestions as selectors
from . import uses
from .constants import STALE_AFTER
from .models import Entry, EntryUse

TEMPLATE = "socialmap/suggestions_fragment.html"


class EntryIdsField(forms.Field):
    """The ids of the ticked entries (checkboxes rendered by the fragment)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"invalid": _("Choose entries of the social map from the list.")}

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        if isinstance(value, str | int):
            value = [value]
        try:
            return list(dict.fromkeys(int(v) for v in value))
        except (TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


def _ints(values: Any) -> list[int]:
    found = []
    for value in values or ():
        try:
            found.append(int(value))
        except (TypeError, ValueError):
            continue
    return list(dict.fromkeys(found))


def fragment_context(
    *,
    user: Any,
    municipality_id: int | None,
    neighbourhood_id: int | None,
    life_domains: Any,
    chosen: Any,
) -> dict[str, Any]:
    """What the fragment shows: the suggestions per step, the chosen entries ticked (a
    chosen entry that is no longer suggested stays, in its own step, so saving keeps it)."""
    domains = selectors.clean_domains(life_domains)
    chosen_ids = _ints(chosen)
    items = selectors.suggestions(
        user=user,
        municipality_id=municipality_id,
        neighbourhood_id=neighbourhood_id,
        life_domains=domains,
    )
    groups = selectors.grouped(items)
    shown = {item.entry.pk for item in items}
    missing = [pk for pk in chosen_ids if pk not in shown]
    if missing and municipality_id is not None:
        stale_before = timezone.localdate() - STALE_AFTER
        extra = restrict(Entry.objects.all(), user, Action.VIEW).filter(
            pk__in=missing, municipality_id=municipality_id
        )
        by_step = {group.step: group for group in groups}
        for entry in extra.order_by("name", "pk"):
            by_step[entry.step].suggestions.append(
                selectors.Suggestion(
                    entry=entry,
                    step=entry.step,
                    rank=0,
                    matching_domains=[],
                    local=False,
                    stale=entry.last_checked_on < stale_before,
                )
            )
    return {
        "groups": groups,
        "has_suggestions": bool(items),
        "domains": domains,
        "chosen": set(chosen_ids),
        "field_name": uses.FIELD,
        "refresh_name": REFRESH,
        "explanation": selectors.EXPLANATION,
        "fragment_url": reverse("socialmap:suggestions")
        + "?"
        + urlencode({"buurt": neighbourhood_id} if neighbourhood_id is not None else {}),
    }


class BoundSuggestions(BoundFormExtension):
    def __init__(self, *, request: Any, resident: Any, conversation: Any) -> None:
        super().__init__()
        self.request = request
        self.conversation = conversation
        household = (conversation or resident).household
        self.municipality_id = household.municipality_id
        self.neighbourhood_id = household.neighbourhood_id
        self.fields = {
            uses.FIELD: EntryIdsField(label=_("Social map entries used"), required=False)
        }

    def _used_ids(self) -> list[int]:
        if self.conversation is None:
            return []
        if not hasattr(self, "_used"):
            self._used = [
                use.entry_id
                for use in uses.uses_of_conversation(
                    user=self.request.user, conversation=self.conversation, request=self.request
                )
            ]
        return self._used

    def render(self, form: Any) -> SafeString:
        if form.is_bound:
            domains = form.data.getlist(form.add_prefix("life_domains"))
            chosen = form.data.getlist(form.add_prefix(uses.FIELD))
        else:
            domains = form.initial.get("life_domains") or getattr(
                self.conversation, "life_domains", []
            )
            chosen = self._used_ids()
        context = fragment_context(
            user=self.request.user,
            municipality_id=self.municipality_id,
            neighbourhood_id=self.neighbourhood_id,
            life_domains=domains,
            chosen=chosen,
        )
        context["errors"] = form[uses.FIELD].errors if form.is_bound else []
        return SafeString(render_to_string(TEMPLATE, context, request=self.request))

    def save(self, *, conversation: Any, cleaned_data: dict[str, Any], created: bool) -> None:
        chosen = cleaned_data.get(uses.FIELD) or []
        if created and not chosen:
            return
        uses.entry_uses_set(
            user=self.request.user,
            conversation=conversation,
            entry_ids=chosen,
            request=self.request,
        )


class SuggestionsExtension:
    """The social map's part of the conversation form (see :mod:`conversations.extensions`)."""

    key = "socialmap.suggestions"

    def bind(self, *, request: Any, resident: Any, conversation: Any) -> BoundSuggestions | None:
        if not selectors.may_suggest(user=request.user):
            return None
        return BoundSuggestions(request=request, resident=resident, conversation=conversation)


class SuggestionsFragmentView(RoleRequiredMixin, View):
    """The suggestions part of the conversation form as an htmx fragment
    (``socialmap:suggestions``; GET ``buurt``, ``life_domains``, ``social_map_entries``).
    Entries only of the user's own municipality; no personal data, so no log."""

    access_model = EntryUse
    access_action = Action.CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not selectors.may_suggest(user=user):
            raise PermissionDenied
        neighbourhood = _ints(request.GET.getlist("buurt")[:1])
        context = fragment_context(
            user=user,
            municipality_id=getattr(user, "municipality_id", None),
            neighbourhood_id=neighbourhood[0] if neighbourhood else None,
            life_domains=request.GET.getlist("life_domains"),
            chosen=request.GET.getlist(uses.FIELD),
        )
        return render(request, TEMPLATE, context)


def conversation_uses(*, request: Any, obj: Any) -> Section | None:
    """The social map entries used for the conversation (``components.sections`` page
    ``conversation``), for the team roles; None for everyone else."""
    user = request.user
    if not selectors.may_suggest(user=user):
        return None
    used = uses.uses_of_conversation(user=user, conversation=obj, request=request)
    return Section("socialmap/suggestions_used.html", {"uses": used})

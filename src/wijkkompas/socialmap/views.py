"""Social map pages: the municipality's list and an entry's page for signed-in roles, the
forms for the team roles, the administrator and initiators (their own initiatives' entries),
and the public map for residents without an account, with its print version."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin

from . import cache, selectors, services
from .constants import ENTRIES_PER_PAGE, PRINT_MAX, PUBLIC_ENTRIES_PER_PAGE
from .forms import EntryFilterForm, EntryForm, PublicSearchForm
from .models import Entry


class EntryListView(RoleRequiredMixin, TemplateView):
    """The entries of the user's municipality, searched and filtered (socialmap:list)."""

    access_model = Entry
    template_name = "socialmap/entry_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form = EntryFilterForm(self.request.GET or None, municipality_id=user.municipality_id)
        entries = selectors.entry_list(user=user, where=form.where()).prefetch_related(
            "neighbourhoods"
        )
        page = Paginator(entries, ENTRIES_PER_PAGE).get_page(self.request.GET.get("pagina"))
        query = self.request.GET.copy()
        query.pop("pagina", None)
        context.update(
            form=form,
            page_obj=page,
            entries=page.object_list,
            stale_before=selectors.stale_before(),
            query=query.urlencode(),
            may_create=selectors.may_create_entry(user=user),
            public_url=(
                reverse("socialmap:public", args=[user.municipality.code])
                if user.municipality_id
                else ""
            ),
        )
        return context


class _EntryLookup:
    entry_action: str = Action.VIEW
    entry: Entry

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.entry = selectors.entry_get(user=request.user, pk=kwargs["pk"], request=request)
            if self.entry_action == Action.CHANGE and not selectors.may_change_entry(
                user=request.user, entry=self.entry
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class EntryMixin(RoleRequiredMixin, _EntryLookup):
    """Looks the entry of the URL up in the user's scope (404 outside it)."""

    access_model = Entry

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["entry"] = self.entry
        return context


class EntryDetailView(EntryMixin, TemplateView):
    """One entry, when it was last checked and by whom (socialmap:detail)."""

    template_name = "socialmap/entry_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = self.entry
        own = entry.municipality_id == getattr(self.request.user, "municipality_id", None)
        context.update(
            may_change=selectors.may_change_entry(user=self.request.user, entry=entry),
            stale=selectors.is_stale(entry),
            domains=selectors.domain_labels(entry.life_domains),
            neighbourhood_names=(
                selectors.entry_neighbourhood_names(entry=entry)
                if own or self.request.user.is_superuser
                else []
            ),
            own=own or self.request.user.is_superuser,
            links=selectors.entry_links(user=self.request.user, entry=entry),
        )
        return context


class EntryCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Add an entry to the user's municipality (socialmap:create)."""

    access_model = Entry
    access_action = Action.CHANGE
    template_name = "socialmap/entry_form.html"
    form_class = EntryForm
    success_message = _("The entry has been saved.")

    def get_success_url(self) -> str:
        return reverse("socialmap:detail", args=[self.result.pk])

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_create_entry(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            user=self.request.user,
            municipality_id=getattr(self.request.user, "municipality_id", None),
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("New entry"), cancel_url=reverse("socialmap:list"))
        return context

    def perform(self, form: EntryForm) -> Entry:
        return services.entry_create(user=self.request.user, **form.cleaned_data)


class EntryEditView(EntryMixin, ServiceFormMixin, FormView):
    """Change an entry (socialmap:edit); saving counts as checking it."""

    access_action = Action.CHANGE
    entry_action = Action.CHANGE
    template_name = "socialmap/entry_form.html"
    form_class = EntryForm
    success_message = _("The entry has been saved.")

    def get_success_url(self) -> str:
        return reverse("socialmap:detail", args=[self.entry.pk])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            instance=self.entry, user=self.request.user, municipality_id=self.entry.municipality_id
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Change entry"),
            cancel_url=reverse("socialmap:detail", args=[self.entry.pk]),
        )
        return context

    def perform(self, form: EntryForm) -> Entry:
        return services.entry_update(user=self.request.user, entry=self.entry, **form.cleaned_data)


class _ConfirmForm(forms.Form):
    """A button only."""


class _EntryActionView(EntryMixin, ServiceFormMixin, FormView):
    """A one-button change of an entry, with a page that asks to confirm it."""

    access_action = Action.CHANGE
    entry_action = Action.CHANGE
    template_name = "socialmap/entry_confirm.html"
    form_class = _ConfirmForm
    page_title: Any = ""
    question: Any = ""
    button: Any = ""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            question=self.question,
            button=self.button,
            cancel_url=reverse("socialmap:detail", args=[self.entry.pk]),
        )
        return context

    def get_success_url(self) -> str:
        return reverse("socialmap:detail", args=[self.entry.pk])


class EntryCheckView(_EntryActionView):
    """ "Still correct": the entry is checked today (socialmap:check)."""

    page_title = _("Is this entry still correct?")
    question = _("Confirm that what the entry says is still correct: it is then checked today.")
    button = _("Still correct")
    success_message = _("The entry has been marked as checked today.")

    def perform(self, form: Any) -> Entry:
        return services.entry_check(user=self.request.user, entry=self.entry)


class EntryVisibilityView(_EntryActionView):
    """Put the entry on the public map, or take it off (socialmap:visibility)."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if self.entry.public:
            self.page_title = _("Take the entry off the public map")
            self.question = _(
                "Residents will no longer find the entry on the public social map; the team "
                "still sees it."
            )
            self.button = _("Take off the public map")
        else:
            self.page_title = _("Put the entry on the public map")
            self.question = _("Residents will find the entry on the public social map.")
            self.button = _("Put on the public map")
        return super().get_context_data(**kwargs)

    def perform(self, form: Any) -> Entry:
        self.success_message = (
            _("The entry is no longer on the public map.")
            if self.entry.public
            else _("The entry is on the public map.")
        )
        return services.entry_set_public(
            user=self.request.user, entry=self.entry, public=not self.entry.public
        )


class EntryDeleteView(_EntryActionView):
    """Delete an entry that was never used (socialmap:delete); a used entry is kept and can
    only be taken off the public map."""

    page_title = _("Delete the entry")
    question = _("The entry is deleted from the social map. This cannot be undone.")
    button = _("Delete")
    success_message = _("The entry has been deleted.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(danger=True, used=selectors.uses_count(entry=self.entry) > 0)
        return context

    def perform(self, form: Any) -> None:
        services.entry_delete(user=self.request.user, entry=self.entry)

    def get_success_url(self) -> str:
        return reverse("socialmap:list")


# -- the public map (anyone, no account) -----------------------------------------------------


#: The query parameters of the public map's search (and its page).
SEARCH_PARAMS = ("nodig", "buurt", "zoek", "pagina")


class _PublicMapMixin:
    """The municipality of the URL (CBS code) and the search of the query string."""

    request: Any
    kwargs: Any

    def search(self) -> tuple[Any, PublicSearchForm, dict[str, Any]]:
        municipality, neighbourhoods = selectors.public_municipality_get(code=self.kwargs["code"])
        form = PublicSearchForm(self.request.GET or None, neighbourhoods=neighbourhoods)
        return municipality, form, form.search()


class PublicMapView(_PublicMapMixin, TemplateView):
    """The public social map of a municipality, for everyone (socialmap:public): find what
    exists by need and neighbourhood; only public entries, no personal data. The body of a
    valid search is kept while the municipality's social map does not change
    (``socialmap.cache``)."""

    template_name = "socialmap/public_map.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        params = {name: str(self.request.GET.get(name, ""))[:100] for name in SEARCH_PARAMS}
        key = cache.public_key(code=str(self.kwargs["code"])[:6].upper(), params=params)
        kept = cache.get(key)
        if kept is None:
            municipality, form, search = self.search()
            kept = {"name": municipality.name, "body": self.render_body(municipality, form, search)}
            context["has_errors"] = bool(form.is_bound and form.errors)
            if not context["has_errors"]:  # an invalid search (its error summary) is not kept
                cache.put(key, kept)
        context.update(
            municipality_name=kept["name"],
            body=mark_safe(kept["body"]),  # noqa: S308 (our own render)
        )
        return context

    def render_body(self, municipality: Any, form: PublicSearchForm, search: dict[str, Any]) -> str:
        page_number = str(self.request.GET.get("pagina", ""))[:6]
        entries = selectors.public_entries(municipality=municipality, **search)
        page = Paginator(entries, PUBLIC_ENTRIES_PER_PAGE).get_page(page_number)
        query = self.request.GET.copy()
        query.pop("pagina", None)
        return render_to_string(
            "socialmap/_public_map_body.html",
            {
                "municipality": municipality,
                "form": form,
                "neighbourhood": form.chosen_neighbourhood(),
                "page_obj": page,
                "entries": page.object_list,
                "query": query.urlencode(),
            },
            request=self.request,
        )


class PublicPrintView(_PublicMapMixin, TemplateView):
    """The print version of the public map (socialmap:public_print): the entries of the
    search, or those chosen (``?kaart=<id>``), on paper for the kitchen table."""

    template_name = "socialmap/public_print.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        municipality, form, search = self.search()
        ids = [int(v) for v in self.request.GET.getlist("kaart") if v.isdigit()][:PRINT_MAX]
        entries = selectors.public_entries(
            municipality=municipality, ids=ids if ids else None, **search
        )
        query = self.request.GET.copy()
        context.update(
            municipality=municipality,
            form=form,
            entries=list(entries[:PRINT_MAX]),
            neighbourhood=form.chosen_neighbourhood(),
            need=selectors.need_labels([search.get("life_domain", "")]),
            back_url=reverse("socialmap:public", args=[municipality.code])
            + (f"?{query.urlencode()}" if query else ""),
        )
        return context


class PublicEntryView(TemplateView):
    """One public entry, for everyone (socialmap:public_entry); it prints on its own."""

    template_name = "socialmap/public_entry.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        entry = selectors.public_entry_get(pk=self.kwargs["pk"])
        context.update(
            entry=entry,
            municipality=entry.municipality,
            needs=selectors.need_labels(entry.life_domains),
            neighbourhood_names=selectors.entry_neighbourhood_names(entry=entry),
        )
        return context

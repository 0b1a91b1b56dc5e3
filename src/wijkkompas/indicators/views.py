"""Pages of the indicators (/indicatoren/).

* the catalogue: every indicator with its definition, formula, source fields and unit,
  grouped by lens, and the dashboards the user may open;
* the dashboards of a municipality and of a team, for a chosen period: the three lenses
  in separate sections, each figure with its table and its stories side by side, and
  exports (CSV, Excel with the definitions in a second sheet);
* stories: add one to a figure, read, change and withdraw it; its photo is sent only
  to those who may see the story.

Roles without indicators (initiators, residents, privacy officers) get 403; a
municipality, team or story outside the user's scope answers 404.
"""

from __future__ import annotations

import hashlib
import time
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exports import Sheet, export_format, export_response
from wijkkompas.core.sharedpage import SharedPageMixin
from wijkkompas.timeuse import selectors as timeuse_selectors

from . import cache, selectors, services
from .catalogue import Period, Scope, definitions
from .constants import Lens, Visibility
from .forms import StoryForm, period_select_choices
from .models import Story


class CatalogueView(RoleRequiredMixin, TemplateView):
    """Every indicator with its definition, by lens, and the user's dashboards
    (indicators:catalogue)."""

    access_model = Story
    template_name = "indicators/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        context.update(
            lenses=[(lens, definitions(lens.value)) for lens in Lens],
            dashboards=selectors.dashboard_links(user=user),
        )
        return context


def scope_query(scope: Scope) -> dict[str, Any]:
    """The query parameters that name ``scope`` on the story pages."""
    if scope.team_id:
        return {"team": scope.team_id}
    return {"gemeente": scope.municipality_id}


def dashboard_url(scope: Scope, period: Period | None = None) -> str:
    if scope.team_id:
        url = reverse("indicators:team", args=[scope.team_id])
    else:
        url = reverse("indicators:municipality", args=[scope.municipality_id])
    return f"{url}?{urlencode({'periode': period.key})}" if period is not None else url


class DashboardView(SharedPageMixin, RoleRequiredMixin, TemplateView):
    """The indicators of one scope in one period, lenses apart, counts and stories side
    by side; ``?formaat=csv|xlsx`` downloads the same figures."""

    access_model = Story
    template_name = "indicators/dashboard.html"
    scope: Scope
    subject: Any

    def lookup(self, request: HttpRequest, **kwargs: Any) -> tuple[Scope, Any]:  # pragma: no cover
        raise NotImplementedError

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.scope, self.subject = self.lookup(request, **kwargs)
        self.period = selectors.period_or_current(request.GET.get("periode"))
        if "formaat" in request.GET:
            try:
                fmt = export_format(request.GET.get("formaat"))
            except ApplicationError as error:
                messages.error(request, str(error.message))
                return HttpResponseRedirect(dashboard_url(self.scope, self.period))
            return self.export(fmt)
        return super().get(request, *args, **kwargs)

    def results(self) -> list[Any]:
        return selectors.indicator_results(
            user=self.request.user, scope=self.scope, period=self.period
        )

    def export(self, fmt: str) -> HttpResponse:
        results = self.results()
        header, rows = selectors.export_rows(results)
        d_header, d_rows = selectors.definition_rows([r.code for r in results])
        sheets = [
            Sheet(_("Indicators"), header, rows),
            Sheet(_("Definitions"), d_header, d_rows),
            *self.extra_sheets(),
        ]
        name = f"indicatoren-{self.subject.name}-{self.period.key.replace(':', '-')}"
        return export_response(filename=name, fmt=fmt, sheets=sheets)

    #: When the oldest figure on the page was computed, if it was kept from before the
    #: latest change of its data (set by :meth:`render_body`).
    as_of: Any = None

    def as_of_time(self) -> float | None:
        """:attr:`as_of` as a Unix time (None: the figures are those of the current data)."""
        return self.as_of.timestamp() if self.as_of is not None else None

    def teams(self) -> list[Any]:
        return []

    def extra_sheets(self) -> list[Sheet]:
        """More sheets of the Excel export (after the definitions)."""
        return []

    def render_body(self) -> str:
        """The figures, tables and stories of the dashboard (kept for suppressed roles)."""
        user: Any = self.request.user
        results = self.results()
        self.as_of = min((r.as_of for r in results if r.as_of is not None), default=None)
        if selectors.may_write_story(user=user, scope=self.scope):
            base = reverse("indicators:story_create")
            for result in results:
                params = {
                    **scope_query(self.scope),
                    "indicator": result.code,
                    "periode": self.period.key,
                }
                result.add_story_url = f"{base}?{urlencode(params)}"
        context = {
            "period": self.period,
            "sections": [(lens, [r for r in results if r.lens == lens.value]) for lens in Lens],
            "suppressed": any(r.suppressed for r in results),
            "explanation": next((r.explanation for r in results if r.explanation), ""),
            "stories_count": sum(len(r.stories) for r in results),
            "teams": self.teams(),
            "as_of": self.as_of,
        }
        return render_to_string("indicators/_dashboard_body.html", context, request=self.request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = urlencode({"periode": self.period.key})
        context.update(
            scope=self.scope,
            subject=self.subject,
            period=self.period,
            period_groups=period_select_choices(current=self.period),
            csv_url=f"?{query}&formaat=csv",
            xlsx_url=f"?{query}&formaat=xlsx",
        )
        # A body of the latest figures kept from before a change is kept apart, for as long
        # as those figures are served; the whole page likewise (shared_page_seconds).
        body, self.body_as_of = cache.body_and_age(
            self.kept_key, self.render_body, as_of=self.as_of_time
        )
        context["body"] = mark_safe(body)  # noqa: S308 (our own render)
        return context

    #: The time of the oldest figure in the body when they are the latest figures of before a
    #: change (None: those of the current data).
    body_as_of: float | None = None

    @cached_property
    def kept_key(self) -> str | None:
        """The key of the kept body (``cache.body_key``; None: nothing is kept), once per
        request; the whole page and the team's time split are kept under keys made from it."""
        return cache.body_key(
            user=self.request.user, scope=self.scope, period=self.period, name="dashboard"
        )

    def shared_page_key(self) -> tuple[str, int] | None:
        """The whole page is kept like its body, per user, for the page's own addresses."""
        asked = self.request.GET
        if set(asked) - {"periode"} or asked.get("periode", self.period.key) != self.period.key:
            return None
        key = self.kept_key
        if key is None:
            return None
        # What the page shows around the body: the subject's name (and its municipality's),
        # the address (in the language choice) and, for staff, the administration in the menu.
        user: Any = self.request.user
        parts = (
            self.request.get_full_path(),
            user.is_staff,
            self.subject.name,
            *self.page_key_parts(),
        )
        digest = hashlib.sha256("\n".join(str(p) for p in parts).encode()).hexdigest()[:32]
        return f"{key}:page:{digest}", cache.seconds()

    def page_key_parts(self) -> tuple[Any, ...]:
        """More of what the page shows outside the body (the team dashboard's time split)."""
        return ()

    def shared_page_seconds(self, seconds: int) -> int:
        if self.body_as_of is None:
            return seconds
        return max(0, int(self.body_as_of + cache.fresh_seconds() - time.time()))


class MunicipalityDashboardView(DashboardView):
    """The dashboard of a municipality (indicators:municipality)."""

    def lookup(self, request: HttpRequest, **kwargs: Any) -> tuple[Scope, Any]:
        return selectors.scope_subject(
            user=request.user, municipality_id=kwargs["municipality"], request=request
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = _("Indicators of %(name)s") % {"name": self.subject.name}
        return context

    def teams(self) -> list[Any]:
        return selectors.dashboard_teams(user=self.request.user, scope=self.scope)


class TeamDashboardView(DashboardView):
    """The dashboard of a team (indicators:team)."""

    def lookup(self, request: HttpRequest, **kwargs: Any) -> tuple[Scope, Any]:
        return selectors.scope_subject(user=request.user, team_id=kwargs["team"], request=request)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Indicators of %(name)s") % {"name": self.subject.name},
            municipality_url=dashboard_url(Scope(self.scope.municipality_id), self.period),
            # Time for the collective (issue 8): the team's split next to its ambition.
            time_split=mark_safe(self.time_split_html()),  # noqa: S308 (our own render)
        )
        return context

    def page_key_parts(self) -> tuple[Any, ...]:
        return (self.subject.municipality.name, self.members)

    @cached_property
    def members(self) -> int:
        """The team's member count, the base of the time split's response rate (one query)."""
        return timeuse_selectors.member_count(team=self.subject)

    def time_split_html(self) -> str:
        """The time split, kept like the body: its writes (a week, the ambition) change the
        figures' version at once; the key adds the team's member count (the base of the
        response rate), which changes with accounts, not with those writes."""
        key = self.kept_key
        return cache.body(
            None if key is None else f"{key}:time-split:{self.members}",
            lambda: render_to_string(
                "timeuse/_dashboard.html", self.time_split_context(), request=self.request
            ),
            as_of=lambda: None,
        )

    def time_split_context(self) -> dict[str, Any]:
        return timeuse_selectors.dashboard_context(
            user=self.request.user,
            team=self.subject,
            start=self.period.start,
            end=self.period.end,
        )

    def extra_sheets(self) -> list[Sheet]:
        header, rows = timeuse_selectors.export_rows(self.time_split_context()["split"])
        return [Sheet(_("Time split"), header, rows)]


# --- stories -------------------------------------------------------------------------------


class StoryCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Add a story to a figure (indicators:story_create): ``?gemeente=<id>`` or
    ``?team=<id>``, optionally ``indicator`` and ``periode``."""

    access_model = Story
    access_action = Action.CHANGE
    template_name = "indicators/story_form.html"
    form_class = StoryForm
    success_message = _("The story has been added.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user: Any = request.user
        if user.is_authenticated and selectors.may_view_indicators(user=user):
            team_id = _int(request.GET.get("team"))
            municipality_id = _int(request.GET.get("gemeente"))
            if team_id is None and municipality_id is None:
                municipality_id = user.municipality_id
            self.scope, self.subject = selectors.scope_subject(
                user=user, municipality_id=municipality_id, team_id=team_id, request=request
            )
            if not selectors.may_write_story(user=request.user, scope=self.scope):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self) -> dict[str, Any]:
        period = selectors.parse_period(self.request.GET.get("periode"))
        return {
            "indicator": self.request.GET.get("indicator", ""),
            "period": period.key if period is not None else "",
            "visibility": Visibility.TEAM if self.scope.team_id else Visibility.MUNICIPALITY,
        }

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["team_scope"] = bool(self.scope.team_id)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(subject=self.subject, cancel_url=self.get_success_url(), editing=False)
        return context

    def perform(self, form: StoryForm) -> Story:
        data = form.cleaned_data
        return services.story_create(
            user=self.request.user,
            scope=self.scope,
            indicator=data["indicator"],
            period=form.chosen_period(),
            narrative=data["narrative"],
            author_kind=data["author_kind"],
            visibility=data["visibility"],
            title=data["title"],
            names_people=data["names_people"],
            consent_given=data["consent_given"],
            photo=data.get("photo"),
            photo_alt=data["photo_alt"],
        )

    def get_success_url(self) -> str:
        period = selectors.parse_period(self.request.GET.get("periode"))
        code = self.result.indicator if self.result else self.request.GET.get("indicator", "")
        anchor = f"#indicator-{code}" if code else ""
        return dashboard_url(self.scope, period) + anchor


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


class _StoryLookup:
    story: Story

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_view_indicators(user=request.user):
            self.story = selectors.story_get(user=request.user, pk=kwargs["pk"], request=request)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


def story_scope(story: Story) -> Scope:
    return Scope(story.municipality_id, team_id=story.team_id)


class StoryDetailView(RoleRequiredMixin, _StoryLookup, TemplateView):
    """One story, with its figure's name and the buttons to change or withdraw it."""

    access_model = Story
    template_name = "indicators/story_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        story = self.story
        context.update(
            story=story,
            definition=selectors.definition_of(story.indicator),
            may_change=selectors.may_change_story(user=self.request.user, story=story),
            back_url=dashboard_url(story_scope(story)),
        )
        return context


class StoryEditView(RoleRequiredMixin, _StoryLookup, ServiceFormMixin, FormView):
    """Change a story (its author, the team lead, the administrator)."""

    access_model = Story
    access_action = Action.CHANGE
    template_name = "indicators/story_form.html"
    form_class = StoryForm
    success_message = _("The story has been changed.")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require_change()
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require_change()
        return super().post(request, *args, **kwargs)

    def _require_change(self) -> None:
        if not selectors.may_change_story(user=self.request.user, story=self.story):
            raise PermissionDenied

    def get_initial(self) -> dict[str, Any]:
        story = self.story
        return {name: getattr(story, name) for name in services.EDITABLE}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(team_scope=bool(self.story.team_id), editing=True)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            story=self.story,
            subject=None,
            cancel_url=reverse("indicators:story", args=[self.story.pk]),
            editing=True,
        )
        return context

    def perform(self, form: StoryForm) -> Story:
        data = form.cleaned_data
        return services.story_update(
            user=self.request.user,
            story=self.story,
            photo=data.get("photo"),
            remove_photo=self.request.POST.get("remove_photo") == "on",
            **{name: data[name] for name in services.EDITABLE},
        )

    def get_success_url(self) -> str:
        return reverse("indicators:story", args=[self.story.pk])


class StoryWithdrawView(RoleRequiredMixin, _StoryLookup, TemplateView):
    """Withdraw a story (a page to confirm, then POST): it is shown nowhere any more and its
    photo is deleted."""

    access_model = Story
    access_action = Action.CHANGE
    template_name = "indicators/story_withdraw.html"

    def _require_change(self) -> None:
        if not selectors.may_change_story(user=self.request.user, story=self.story):
            raise PermissionDenied

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require_change()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["story"] = self.story
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self._require_change()
        services.story_withdraw(user=request.user, story=self.story)
        messages.success(request, _("The story has been withdrawn."))
        return HttpResponseRedirect(dashboard_url(story_scope(self.story)))


class StoryPhotoView(RoleRequiredMixin, _StoryLookup, View):
    """The photo of a story, for those who may see the story."""

    access_model = Story

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FileResponse:
        if not self.story.photo:
            raise Http404
        try:
            handle = self.story.photo.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=selectors.photo_content_type(self.story))
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

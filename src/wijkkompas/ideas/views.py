"""Idea pages.

Public (anyone, no account): the ideas page of a neighbourhood, where residents send an
idea and see the published ones with the number of people who join (suppressed below the
threshold), and the "ik doe mee" page of a published idea. Both are protected against spam
(:mod:`.spam`) and show no personal data of anyone.

Signed in (team roles, policy officer, administrator): the list of ideas with moderation,
and an idea's page with its supporters for the team roles of the idea's team (a logged
read of personal data).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.areas.selectors import public_neighbourhood_get
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.core import sharedpage
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.sharedpage import SharedPageMixin
from wijkkompas.places.selectors import public_places

from . import kept, selectors, services, spam
from .constants import HONEYPOT_FIELD, IDEAS_PER_PAGE, IdeaStatus
from .forms import CoachForm, IdeaFilterForm, IdeaJoinForm, IdeaSubmitForm, ModerateForm
from .models import Idea

# --- public pages --------------------------------------------------------------------


class _PublicFormView(FormView):
    """A public form: spam checks first, then the service; a refusal saves nothing."""

    success_message: Any = ""

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        try:
            spam.check_all(
                request=self.request,
                token=data.get("token") or "",
                honeypot=data.get(HONEYPOT_FIELD) or "",
            )
            self.perform(data)
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        spam.count_submission(self.request)
        messages.success(self.request, self.success_message)
        return HttpResponseRedirect(self.get_success_url())

    def perform(self, data: dict[str, Any]) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError


class PublicIdeasView(SharedPageMixin, _PublicFormView):
    """The ideas page of a neighbourhood: send an idea, see the published ones (ideas:public).
    Kept whole for visitors without an account (``ideas.kept.page_key``)."""

    template_name = "ideas/public_neighbourhood.html"
    form_class = IdeaSubmitForm
    success_message = _(
        "Thank you for your idea! The neighbourhood team will read it and contact you. Once "
        "the team has published it, it appears on this page."
    )

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.neighbourhood = public_neighbourhood_get(code=kwargs["code"])
        return super().dispatch(request, *args, **kwargs)

    def shared_page_key(self) -> tuple[str, int] | None:
        return kept.page_key(self.request, neighbourhood=self.neighbourhood)

    def shared_page_values(self) -> dict[str, Callable[[], str]]:
        return {"token": spam.form_token}

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        if self.keeping:
            form.initial["token"] = sharedpage.marker("token")
        return form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        neighbourhood = self.neighbourhood

        def render() -> dict[str, str]:
            ideas = selectors.public_ideas(neighbourhood=neighbourhood)
            places = public_places(neighbourhood=neighbourhood)[:20]
            return {
                "ideas": render_to_string("ideas/_public_ideas.html", {"ideas": ideas}),
                "places": render_to_string(
                    "ideas/_public_places.html",
                    {"places": places, "neighbourhood": neighbourhood},
                ),
            }

        found = kept.parts(kept.public_key(neighbourhood=neighbourhood), render)
        context.update(
            neighbourhood=neighbourhood,
            # Our own renders of the parts that are the same for every visitor.
            kept={name: mark_safe(html) for name, html in found.items()},  # noqa: S308
        )
        return context

    def perform(self, data: dict[str, Any]) -> Any:
        return services.idea_submit(
            neighbourhood=self.neighbourhood,
            title=data["title"],
            description=data["description"],
            name=data["name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
        )

    def get_success_url(self) -> str:
        return reverse("ideas:public", args=[self.neighbourhood.code])


class PublicJoinView(_PublicFormView):
    """ "Ik doe mee": join a published idea (ideas:join)."""

    template_name = "ideas/public_join.html"
    form_class = IdeaJoinForm
    success_message = _("Thank you for joining! The coach of this idea will contact you.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.idea = selectors.public_idea_get(pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            idea=self.idea,
            neighbourhood=self.idea.neighbourhood,
            supporters=selectors.public_supporter_count(self.idea.supporter_count),  # type: ignore[attr-defined]
        )
        return context

    def perform(self, data: dict[str, Any]) -> Any:
        return services.idea_join(
            idea=self.idea,
            name=data["name"],
            email=data.get("email") or "",
            phone=data.get("phone") or "",
            message=data.get("message") or "",
        )

    def get_success_url(self) -> str:
        return reverse("ideas:public", args=[self.idea.neighbourhood.code])


# --- signed-in pages -----------------------------------------------------------------


class IdeaListView(RoleRequiredMixin, TemplateView):
    """Ideas of the municipality (team roles: of their teams), by neighbourhood and status
    (ideas:list)."""

    access_model = Idea
    template_name = "ideas/idea_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form = IdeaFilterForm(self.request.GET or None, municipality_id=user.municipality_id)
        neighbourhood, status = None, ""
        if form.is_bound and form.is_valid():
            neighbourhood = form.cleaned_data["buurt"]
            status = form.cleaned_data["status"]
        ideas = selectors.idea_list(user=user, neighbourhood=neighbourhood, status=status)
        page = Paginator(ideas, IDEAS_PER_PAGE).get_page(self.request.GET.get("pagina"))
        rows = list(page.object_list)
        changeable = selectors.changeable_idea_ids(user=user, ids=[idea.pk for idea in rows])
        for idea in rows:
            idea.show_coach = idea.pk in changeable  # type: ignore[attr-defined]
            # Exact for team roles; suppressed below the threshold for everyone else.
            idea.joined = selectors.supporter_count_for(user=user, n=idea.supporter_count)  # type: ignore[attr-defined]
        context.update(form=form, page_obj=page, ideas=rows)
        return context


class _IdeaLookup:
    idea_action: str = Action.VIEW
    idea: Idea

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.idea = selectors.idea_get(user=request.user, pk=kwargs["pk"], request=request)
            if self.idea_action == Action.CHANGE and not selectors.may_change_idea(
                user=request.user, idea=self.idea
            ):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class IdeaMixin(RoleRequiredMixin, _IdeaLookup):
    """Looks the idea of the URL up in the user's scope (404 outside it)."""

    access_model = Idea

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["idea"] = self.idea
        return context

    def idea_url(self) -> str:
        return reverse("ideas:detail", args=[self.idea.pk])


class IdeaDetailView(IdeaMixin, TemplateView):
    """One idea: text, status, coach, and for the idea's team its supporters (ideas:detail).

    Higher apps add sections through ``components.sections`` (page ``"idea"``), e.g. the
    initiative the idea grew into."""

    template_name = "ideas/idea_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        count: int = self.idea.supporter_count  # type: ignore[attr-defined]
        context.update(
            may_change=selectors.may_change_idea(user=user, idea=self.idea),
            names=selectors.idea_related_names(user=user, idea=self.idea),
            supporters=selectors.idea_supporters(user=user, idea=self.idea, request=self.request),
            may_view_supporters=selectors.may_view_supporters(user=user, idea=self.idea),
            public_count=selectors.public_supporter_count(count),
            joined=selectors.supporter_count_for(user=user, n=count),
            # Higher apps (initiatives) show what grew from the idea: page "idea".
            sections=render_sections("idea", request=self.request, obj=self.idea),
        )
        return context


class IdeaModerateView(IdeaMixin, ServiceFormMixin, FormView):
    """Publish or reject an idea (ideas:moderate)."""

    access_action = Action.CHANGE
    idea_action = Action.CHANGE
    template_name = "ideas/form.html"
    form_class = ModerateForm

    def get_initial(self) -> dict[str, Any]:
        return {
            "title": self.idea.title,
            "description": self.idea.description,
            "rejection_reason": self.idea.rejection_reason,
            "decision": ModerateForm.REJECT
            if self.idea.status == IdeaStatus.REJECTED
            else ModerateForm.PUBLISH,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Moderate idea"),
            submit_label=_("Save decision"),
            cancel_url=self.idea_url(),
        )
        return context

    def perform(self, form: ModerateForm) -> Idea:
        data = form.cleaned_data
        if data["decision"] == ModerateForm.REJECT:
            self.success_message = _("The idea has been rejected.")
            return services.idea_reject(
                idea=self.idea, user=self.request.user, reason=data["rejection_reason"]
            )
        self.success_message = _("The idea has been published on the neighbourhood page.")
        return services.idea_publish(
            idea=self.idea,
            user=self.request.user,
            title=data["title"],
            description=data["description"],
        )

    def get_success_url(self) -> str:
        return self.idea_url()


class IdeaCoachView(IdeaMixin, ServiceFormMixin, FormView):
    """Choose the coach of an idea (ideas:coach)."""

    access_action = Action.CHANGE
    idea_action = Action.CHANGE
    template_name = "ideas/form.html"
    form_class = CoachForm
    success_message = _("The coach has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["idea"] = self.idea
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        return {"coach": self.idea.coach_id}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Coach of the idea"),
            submit_label=_("Save"),
            cancel_url=self.idea_url(),
        )
        return context

    def perform(self, form: CoachForm) -> Idea:
        return services.idea_assign_coach(
            idea=self.idea, user=self.request.user, coach=form.cleaned_data["coach"]
        )

    def get_success_url(self) -> str:
        return self.idea_url()

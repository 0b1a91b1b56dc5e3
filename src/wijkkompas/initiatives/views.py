"""Pages of collective opportunities, initiatives, referrals and the substitution goal.

Thin: objects are looked up through the selectors (404 outside the user's scope, the
refusal logged), every change goes through a service, and a service's refusal becomes a
form error. Roles without any business with a kind of page get 403 (``RoleRequiredMixin``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action, Role
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.conversations import selectors as conversation_selectors
from wijkkompas.ideas import selectors as idea_selectors
from wijkkompas.organisations import selectors as organisation_selectors
from wijkkompas.places import selectors as place_selectors
from wijkkompas.residents import selectors as resident_selectors
from wijkkompas.teams import selectors as team_selectors

from . import selectors, services
from .constants import SignalAreaKind, SignalPeriod, Stage
from .forms import (
    CommentForm,
    InitiativeForm,
    LinkForm,
    ListFilterForm,
    OpportunityForm,
    OpportunityStatusForm,
    ReferralForm,
    StageForm,
    StartInitiativeForm,
    StoryForm,
)
from .models import Initiative, Opportunity, Referral

# --- helpers -----------------------------------------------------------------------------


def _own_teams(user: Any) -> Any:
    """Teams the user works in (team roles) or, for the administrator, of the municipality."""
    teams = team_selectors.team_list(user=user)
    if user.role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD):
        teams = teams.filter(pk__in=user.team_ids())
    return teams


def _neighbourhoods(user: Any) -> Any:
    from django.apps import apps

    neighbourhood = apps.get_model("areas", "Neighbourhood")
    return neighbourhood.objects.visible_to(user).filter(
        district__municipality_id=user.municipality_id
    )


def _initiative_querysets(user: Any, municipality_id: int, team: Any) -> dict[str, Any]:
    from django.apps import apps

    user_model = apps.get_model("accounts", "User")
    coaches = user_model.objects.none()
    if team is not None:
        coaches = selectors.coach_choices(team=team).filter(teams__id=team.pk)
    elif user.role == Role.ADMIN:
        coaches = user_model.objects.filter(
            municipality_id=municipality_id,
            role__in=[Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD],
        ).order_by("first_name", "last_name")
    return {
        "team": _own_teams(user),
        "neighbourhoods": _neighbourhoods(user).order_by("name"),
        "place": place_selectors.place_choices(municipality_id=municipality_id),
        "partner_organisations": organisation_selectors.organisations_of(
            municipality_ids=[municipality_id]
        ),
        "residents_in_charge": selectors.initiator_choices(municipality_id=municipality_id),
        "coaches": coaches,
    }


# --- initiatives -------------------------------------------------------------------------


class InitiativeListView(RoleRequiredMixin, TemplateView):
    """All initiatives the user may see, filtered by neighbourhood, stage and level."""

    access_model = Initiative
    template_name = "initiatives/initiative_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form = ListFilterForm(
            self.request.GET or None, neighbourhoods=selectors.filter_neighbourhoods(user=user)
        )
        filters: dict[str, Any] = {}
        if form.is_bound and form.is_valid():
            filters = {
                "neighbourhood": form.cleaned_data.get("buurt") or None,
                "stage": form.cleaned_data.get("fase") or None,
                "level": form.cleaned_data.get("niveau") or None,
            }
        context.update(
            form=form,
            page_obj=selectors.initiative_list(
                user=user, page=self.request.GET.get("pagina", 1), **filters
            ),
            may_create=selectors.may_create_initiative(user=user),
            may_use_opportunities=selectors.may_use_opportunities(user=user),
            ideas_to_grow=(
                list(idea_selectors.ideas_to_grow(user=user)[:10])
                if selectors.may_create_initiative(user=user)
                else []
            ),
        )
        return context


class InitiativeDetailView(RoleRequiredMixin, TemplateView):
    access_model = Initiative
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.initiative_page(
            user=self.request.user, pk=self.kwargs["pk"], request=self.request
        )
        context.update(
            page=page,
            initiative=page.initiative,
            story_form=StoryForm(),
            sections=render_sections("initiative", request=self.request, obj=page.initiative),
        )
        return context


class PublicInitiativeView(TemplateView):
    """The public page of an initiative, for everyone (initiatives:public_detail): what it
    is, its stage, where it meets and how to join; never names of people. 404 unless the
    initiative is public."""

    template_name = "initiatives/public_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.public_initiative_page(pk=self.kwargs["pk"])
        context.update(page=page, initiative=page.initiative)
        return context


class _InitiativeChangeMixin(RoleRequiredMixin):
    """Looks the initiative up for a change: 404 outside the user's scope, 403 for a user
    who may see but not change it."""

    access_model = Initiative
    access_action = Action.CHANGE
    initiative: Initiative

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_use_initiatives(user=request.user):
            self.initiative = selectors.initiative_get(
                user=request.user, pk=kwargs["pk"], request=request
            )
            if not selectors.may_change_initiative(user=request.user, initiative=self.initiative):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("initiatives:detail", args=[self.initiative.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["initiative"] = self.initiative
        context["cancel_url"] = self.get_success_url()
        return context


class InitiativeCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Start a new initiative (team roles in their own team, the administrator)."""

    access_model = Initiative
    access_action = Action.CHANGE
    template_name = "initiatives/initiative_form.html"
    success_message = gettext_lazy("The initiative has been started.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_create_initiative(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def _team(self) -> Any:
        team_id = self.request.POST.get("team") or self.request.GET.get("team")
        if team_id and str(team_id).isdigit():
            return _own_teams(self.request.user).filter(pk=int(team_id)).first()
        teams = list(_own_teams(self.request.user)[:2])
        return teams[0] if len(teams) == 1 else None

    def get_initial(self) -> dict[str, Any]:
        team = self._team()
        return {"team": team, "stage": Stage.IDEA}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        user: Any = self.request.user
        kwargs["querysets"] = _initiative_querysets(user, user.municipality_id, self._team())
        kwargs["team_required"] = user.role != Role.ADMIN
        return kwargs

    def get_form(self, form_class: Any = None) -> InitiativeForm:
        return InitiativeForm(**self.get_form_kwargs())

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.initiative_create(user=self.request.user, **data)

    def get_success_url(self) -> str:
        return reverse("initiatives:detail", args=[self.result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("Start an initiative"), cancel_url=reverse("initiatives:list"))
        return context


class InitiativeEditView(_InitiativeChangeMixin, ServiceFormMixin, FormView):
    template_name = "initiatives/initiative_form.html"
    success_message = gettext_lazy("The initiative has been saved.")

    def _team_fields(self) -> bool:
        user: Any = self.request.user
        return bool(user.role != Role.INITIATOR)

    def get_form(self, form_class: Any = None) -> InitiativeForm:
        initiative = self.initiative
        kwargs = super().get_form_kwargs()
        kwargs.pop("initial", None)
        return InitiativeForm(
            instance=initiative,
            querysets=_initiative_querysets(
                self.request.user, initiative.municipality_id, initiative.team
            ),
            team_fields=self._team_fields(),
            team_required=initiative.team_id is not None and self._team_fields_required(),
            **{k: v for k, v in kwargs.items() if k in ("data", "files", "prefix")},
        )

    def _team_fields_required(self) -> bool:
        user: Any = self.request.user
        return bool(user.role != Role.ADMIN)

    def perform(self, form: Any) -> Any:
        return services.initiative_update(
            user=self.request.user, initiative=self.initiative, **form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Edit the initiative")
        return context


class StageChangeView(_InitiativeChangeMixin, ServiceFormMixin, FormView):
    template_name = "initiatives/stage_form.html"
    success_message = gettext_lazy("The stage has been changed.")

    def get_form(self, form_class: Any = None) -> StageForm:
        return StageForm(self.request.POST or None, stages=selectors.next_stages(self.initiative))

    def perform(self, form: Any) -> Any:
        return services.initiative_change_stage(
            user=self.request.user,
            initiative=self.initiative,
            stage=form.cleaned_data["stage"],
            note=form.cleaned_data["note"],
        )


class StoryAddView(_InitiativeChangeMixin, ServiceFormMixin, FormView):
    template_name = "initiatives/story_form.html"
    form_class = StoryForm
    success_message = gettext_lazy("The story has been added.")

    def perform(self, form: Any) -> Any:
        return services.story_add(
            user=self.request.user, initiative=self.initiative, text=form.cleaned_data["text"]
        )


class _StartMixin(ServiceFormMixin):
    """Start an initiative from something else (an idea, an opportunity)."""

    request: Any
    result: Any

    def get_success_url(self) -> str:
        return reverse("initiatives:detail", args=[self.result.pk])


class StartFromIdeaView(RoleRequiredMixin, _StartMixin, FormView):
    """An idea of residents grows into an initiative (the team of the idea, or the
    administrator)."""

    access_model = Initiative
    access_action = Action.CHANGE
    template_name = "initiatives/start_form.html"
    success_message = gettext_lazy("The idea has grown into an initiative.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_use_initiatives(user=request.user):
            self.idea = idea_selectors.idea_get(
                user=request.user, pk=kwargs["idea"], action=Action.CHANGE, request=request
            )
            if not selectors.may_create_initiative(user=request.user):
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: Any = None) -> StartInitiativeForm:
        user: Any = self.request.user
        municipality_id = self.idea.neighbourhood.district.municipality_id
        return StartInitiativeForm(
            self.request.POST or None,
            initial={
                "name": self.idea.title,
                "description": self.idea.description,
                "team": self.idea.team,
            },
            querysets={
                "team": _own_teams(user).filter(municipality_id=municipality_id),
                "residents_in_charge": selectors.initiator_choices(municipality_id=municipality_id),
            },
        )

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.initiative_start_from_idea(
            user=self.request.user,
            idea=self.idea,
            team=data["team"],
            level=data["level"],
            name=data["name"],
            description=data["description"],
            residents_in_charge=data["residents_in_charge"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Grow the idea into an initiative"),
            source=self.idea.title,
            cancel_url=reverse("initiatives:list"),
        )
        return context


# --- opportunities -----------------------------------------------------------------------


class OpportunityListView(RoleRequiredMixin, TemplateView):
    access_model = Opportunity
    template_name = "initiatives/opportunity_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["opportunities"] = selectors.opportunity_list(
            user=self.request.user, status=self.request.GET.get("status")
        )
        user: Any = self.request.user
        context["may_create"] = user.role in (Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD)
        return context


class OpportunityCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Turn a signal (its key in the query string) or an idea into an opportunity."""

    access_model = Opportunity
    access_action = Action.CHANGE
    template_name = "initiatives/opportunity_form.html"
    success_message = gettext_lazy("The opportunity has been made.")

    def get_initial(self) -> dict[str, Any]:
        get = self.request.GET
        initial: dict[str, Any] = {}
        if get.get("gebied") in SignalAreaKind.values:
            initial["signal_area_kind"] = get["gebied"]
        if (get.get("gebied_id") or "").isdigit():
            initial["signal_area_id"] = int(get["gebied_id"])
        if get.get("periode") in SignalPeriod.values:
            initial["signal_period"] = get["periode"]
        if get.get("start"):
            initial["signal_period_start"] = get["start"][:10]
        if get.get("maat"):
            initial["signal_measure"] = get["maat"][:100]
        key = ("signal_area_kind", "signal_area_id", "signal_period", "signal_measure")
        if all(name in initial for name in key) and get.get("start"):
            try:
                start = dt.date.fromisoformat(get["start"][:10])
            except ValueError:
                start = None
            if start is not None:
                initial["signal_snapshot"] = selectors.describe_signal(
                    area_kind=initial["signal_area_kind"],
                    area_id=initial["signal_area_id"],
                    period=initial["signal_period"],
                    period_start=start,
                    measure=initial["signal_measure"],
                )
        if (get.get("idee") or "").isdigit():
            initial["idea"] = int(get["idee"])
        teams = list(_own_teams(self.request.user)[:2])
        if len(teams) == 1:
            initial["team"] = teams[0]
        return initial

    def get_form(self, form_class: Any = None) -> OpportunityForm:
        return OpportunityForm(**self.get_form_kwargs(), teams=_own_teams(self.request.user))

    def _idea(self, pk: int | None) -> Any:
        if not pk:
            return None
        return idea_selectors.idea_get(user=self.request.user, pk=pk, request=self.request)

    def perform(self, form: Any) -> Any:
        data = dict(form.cleaned_data)
        data["idea"] = self._idea(data.get("idea"))
        return services.opportunity_create(user=self.request.user, **data)

    def get_success_url(self) -> str:
        return reverse("initiatives:opportunity_detail", args=[self.result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cancel_url"] = reverse("initiatives:opportunities")
        return context


class OpportunityDetailView(RoleRequiredMixin, TemplateView):
    access_model = Opportunity
    template_name = "initiatives/opportunity_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        page = selectors.opportunity_page(
            user=user, pk=self.kwargs["opportunity"], request=self.request
        )
        context.update(
            page=page,
            opportunity=page.opportunity,
            comment_form=CommentForm(),
            sections=render_sections("opportunity", request=self.request, obj=page.opportunity),
        )
        if page.may_change:
            context["link_form"] = LinkForm(
                initiatives=selectors.initiative_choices(
                    user=user, municipality_id=page.opportunity.team.municipality_id
                )
            )
            context["status_form"] = OpportunityStatusForm()
        return context


class _OpportunityChangeMixin(RoleRequiredMixin, ServiceFormMixin):
    access_model = Opportunity
    access_action = Action.CHANGE
    opportunity: Opportunity
    request: Any

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_use_opportunities(user=request.user):
            self.opportunity = selectors.opportunity_get(
                user=request.user,
                pk=kwargs["opportunity"],
                action=Action.CHANGE,
                request=request,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("initiatives:opportunity_detail", args=[self.opportunity.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(opportunity=self.opportunity, cancel_url=self.get_success_url())
        return context


class OpportunityCommentView(_OpportunityChangeMixin, FormView):
    template_name = "initiatives/opportunity_small_form.html"
    form_class = CommentForm
    success_message = gettext_lazy("Your comment has been added.")
    page_title = gettext_lazy("Add a comment")

    def perform(self, form: Any) -> Any:
        return services.opportunity_comment(
            user=self.request.user, opportunity=self.opportunity, text=form.cleaned_data["text"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = self.page_title
        return context


class OpportunityLinkView(_OpportunityChangeMixin, FormView):
    template_name = "initiatives/opportunity_small_form.html"
    success_message = gettext_lazy("The opportunity has been linked to the initiative.")

    def get_form(self, form_class: Any = None) -> LinkForm:
        return LinkForm(
            self.request.POST or None,
            initiatives=selectors.initiative_choices(
                user=self.request.user, municipality_id=self.opportunity.team.municipality_id
            ),
        )

    def perform(self, form: Any) -> Any:
        return services.opportunity_link(
            user=self.request.user,
            opportunity=self.opportunity,
            initiative=form.cleaned_data["initiative"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Link to an initiative")
        return context


class OpportunityStatusView(_OpportunityChangeMixin, FormView):
    template_name = "initiatives/opportunity_small_form.html"
    form_class = OpportunityStatusForm
    success_message = gettext_lazy("The status has been changed.")

    def perform(self, form: Any) -> Any:
        return services.opportunity_set_status(
            user=self.request.user, opportunity=self.opportunity, status=form.cleaned_data["status"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Drop or open again")
        return context


class StartFromOpportunityView(_OpportunityChangeMixin, FormView):
    template_name = "initiatives/start_form.html"
    success_message = gettext_lazy("The initiative has been started.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_create_initiative(user=request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: Any = None) -> StartInitiativeForm:
        opportunity = self.opportunity
        return StartInitiativeForm(
            self.request.POST or None,
            initial={"name": opportunity.title, "description": opportunity.description},
            querysets={
                "residents_in_charge": selectors.initiator_choices(
                    municipality_id=opportunity.team.municipality_id
                )
            },
            with_team=False,
        )

    def perform(self, form: Any) -> Any:
        data = form.cleaned_data
        return services.initiative_start_from_opportunity(
            user=self.request.user,
            opportunity=self.opportunity,
            level=data["level"],
            name=data["name"],
            description=data["description"],
            residents_in_charge=data["residents_in_charge"],
        )

    def get_success_url(self) -> str:
        if self.result is not None:
            return reverse("initiatives:detail", args=[self.result.pk])
        return super().get_success_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title=_("Start an initiative"), source=self.opportunity.title)
        return context


# --- referrals ---------------------------------------------------------------------------


class ReferralCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Refer one of the resident's conversations to an initiative (from the resident page)."""

    access_model = Referral
    access_action = Action.CHANGE
    template_name = "initiatives/referral_form.html"
    success_message = gettext_lazy("The conversation has been referred to the initiative.")

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_refer(user=request.user):
            self.resident = resident_selectors.resident_get(
                user=request.user, pk=kwargs["resident"], action=Action.CHANGE, request=request
            )
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class: Any = None) -> ReferralForm:
        user: Any = self.request.user
        conversations = conversation_selectors.conversations_of(
            user=user, resident=self.resident, request=self.request
        )
        return ReferralForm(
            self.request.POST or None,
            conversations=conversations,
            initiatives=selectors.initiative_choices(user=user),
        )

    def perform(self, form: Any) -> Any:
        return services.referral_create(
            user=self.request.user,
            conversation=form.cleaned_data["conversation"],
            initiative=form.cleaned_data["initiative"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("residents:detail", args=[self.resident.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(resident=self.resident, cancel_url=self.get_success_url())
        return context


# --- substitution ------------------------------------------------------------------------


class SubstitutionView(RoleRequiredMixin, TemplateView):
    """Per team, the share of support questions answered collectively, per quarter."""

    access_model = Initiative
    template_name = "initiatives/substitution.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        team = self.request.GET.get("team")
        data = selectors.substitution(
            user=self.request.user, team=int(team) if team and team.isdigit() else None
        )
        context.update(data=data, chart=selectors.substitution_chart(data))
        return context

"""Pages of working groups (/werkgroepen/).

* the list of the groups the user sees (per team, open and closed), each with its craft mix;
* a group's page: what it forms around, its craft mix (a small picture and a table, a
  warning when it has one craft only, a note when a craft is missing), who is in it, the
  signals and initiatives it works on, its agenda and actions, and its lesson once closed;
* forms to form a group (team lead, coordinator), change it, add and remove people, add
  agenda items and actions, mark an action done, and close it with its lesson.

Out of the user's scope a group answers 404; roles without working groups get 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError

from . import selectors, services
from .forms import (
    ActionForm,
    AgendaForm,
    CloseForm,
    ListFilterForm,
    OuterMemberForm,
    TeamMemberForm,
    WorkGroupForm,
)
from .models import WorkGroup, WorkGroupAction, WorkGroupLead, WorkGroupMember


def _choices(user: Any, team: Any) -> dict[str, Any]:
    return {
        "opportunities": selectors.opportunity_choices(user=user, team=team),
        "initiatives": selectors.initiative_choices(user=user, team=team),
        "idea": selectors.idea_choices(user=user, team=team),
    }


class ListView(RoleRequiredMixin, TemplateView):
    """The groups the user may see, with their craft mix (workgroups:list)."""

    access_model = WorkGroup
    template_name = "workgroups/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        form = ListFilterForm(self.request.GET or None, teams=selectors.group_teams(user=user))
        team, state = None, ""
        if form.is_bound and form.is_valid():
            team = form.cleaned_data.get("team")
            state = form.cleaned_data.get("state") or ""
        context.update(
            form=form,
            page_obj=selectors.group_list(
                user=user, team=team, state=state, page=self.request.GET.get("pagina", 1)
            ),
            may_form=selectors.may_form(user=user),
        )
        return context


class CreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Form a working group (the team lead or a coordinator, in their own team)."""

    access_model = WorkGroupLead
    access_action = Action.CHANGE
    template_name = "workgroups/form.html"
    success_message = gettext_lazy("The working group has been formed.")

    def _teams(self) -> Any:
        return selectors.form_teams(user=self.request.user)

    def _team(self) -> Any:
        value = self.request.POST.get("team") or self.request.GET.get("team")
        teams = self._teams()
        if value and str(value).isdigit():
            return teams.filter(pk=int(value)).first()
        found = list(teams[:2])
        return found[0] if len(found) == 1 else None

    def get_initial(self) -> dict[str, Any]:
        return {"team": self._team(), "started_on": timezone.localdate()}

    def get_form(self, form_class: Any = None) -> WorkGroupForm:
        user: Any = self.request.user
        team = self._team()
        kwargs = self.get_form_kwargs()
        if team is None:
            choices = {name: _none(name) for name in ("opportunities", "initiatives", "idea")}
            memberships = _none_members()
        else:
            choices = _choices(user, team)
            memberships = selectors.team_membership_choices(
                user=user, team=team, request=self.request
            )
        return WorkGroupForm(
            teams=self._teams(), memberships=memberships, choices=choices, **kwargs
        )

    def perform(self, form: WorkGroupForm) -> WorkGroup:
        return services.workgroup_form(user=self.request.user, **form.cleaned_data)

    def get_success_url(self) -> str:
        return reverse("workgroups:detail", args=[self.result.pk])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("Form a working group"),
            cancel_url=reverse("workgroups:list"),
            choose_team=self._team() is None,
        )
        return context


def _none(name: str) -> Any:
    return selectors.related_model(WorkGroup, name).objects.none()


def _none_members() -> Any:
    return selectors.related_model(WorkGroupMember, "membership").objects.none()


class _GroupLookup:
    group_action: str = Action.VIEW
    group: WorkGroup

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        # Runs after RoleRequiredMixin (the role may use the page): 404 outside the scope.
        self.group = self.lookup(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def lookup(self, request: HttpRequest, pk: int) -> WorkGroup:
        return selectors.group_get(
            user=request.user, pk=pk, action=self.group_action, request=request
        )


class GroupMixin(RoleRequiredMixin, _GroupLookup):
    """Looks the group of the URL up in the user's scope (404 outside it)."""

    access_model = WorkGroup

    def detail_url(self) -> str:
        return reverse("workgroups:detail", args=[self.group.pk])

    def get_success_url(self) -> str:
        return self.detail_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(group=self.group, team=self.group.team, cancel_url=self.detail_url())
        return context


class DetailView(GroupMixin, TemplateView):
    """One group (workgroups:detail)."""

    template_name = "workgroups/detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        group = self.group
        may_view_people = selectors.may_view_people(user=user)
        context.update(
            mix=group.mix,  # type: ignore[attr-defined]
            may_change=selectors.may_change(user=user, group=group) and not group.is_closed,
            may_close=selectors.may_close(user=user, group=group) and not group.is_closed,
            may_view_people=may_view_people,
            members=selectors.member_list(user=user, group=group, request=self.request),
            opportunities=selectors.linked_opportunities(user=user, group=group),
            initiatives=selectors.linked_initiatives(user=user, group=group),
            idea=selectors.linked_idea(user=user, group=group),
            agenda=selectors.agenda_of(user=user, group=group) if may_view_people else [],
            actions=selectors.actions_of(user=user, group=group) if may_view_people else [],
            today=timezone.localdate(),
        )
        return context


class _GroupChangeView(GroupMixin, ServiceFormMixin, FormView):
    access_action = Action.CHANGE
    group_action = Action.CHANGE


class EditView(_GroupChangeView):
    """Change what the group is about and what it works on (workgroups:edit)."""

    template_name = "workgroups/form.html"
    success_message = gettext_lazy("The working group has been saved.")

    def get_form(self, form_class: Any = None) -> WorkGroupForm:
        kwargs = self.get_form_kwargs()
        return WorkGroupForm(
            instance=self.group, choices=_choices(self.request.user, self.group.team), **kwargs
        )

    def perform(self, form: WorkGroupForm) -> WorkGroup:
        return services.workgroup_update(
            user=self.request.user, group=self.group, **form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Change the working group")
        return context


class MembersView(GroupMixin, TemplateView):
    """Who is in the group, and the forms to add a team member or someone from the outer
    ring (workgroups:members)."""

    access_action = Action.CHANGE
    group_action = Action.CHANGE
    template_name = "workgroups/members.html"

    def forms(self) -> dict[str, Any]:
        return {
            "team_form": TeamMemberForm(memberships=self.memberships()),
            "outer_form": OuterMemberForm(),
        }

    def memberships(self) -> Any:
        if not hasattr(self, "_memberships"):
            self._memberships = selectors.membership_choices(
                user=self.request.user, group=self.group, request=self.request
            )
        return self._memberships

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        forms = self.forms()
        forms.update({k: v for k, v in kwargs.items() if k.endswith("_form")})
        context.update(
            forms,
            members=selectors.member_list(user=user, group=self.group, request=self.request),
            mix=self.group.mix,  # type: ignore[attr-defined]
            page_title=_("People in the group"),
        )
        return context


class _MemberAddView(MembersView, ServiceFormMixin, FormView):
    success_message = gettext_lazy("The group has been changed.")
    form_key = ""

    def get_success_url(self) -> str:
        return reverse("workgroups:members", args=[self.group.pk])

    def form_invalid(self, form: Any) -> HttpResponse:
        return self.render_to_response(self.get_context_data(**{self.form_key: form}))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        kwargs.pop("form", None)
        if self.form_key not in kwargs and self.request.method == "POST":
            kwargs[self.form_key] = self.get_form()
        return super().get_context_data(**kwargs)


class TeamMemberAddView(_MemberAddView):
    """Add a member of the team (workgroups:member_add_team)."""

    form_key = "team_form"

    def get_form(self, form_class: Any = None) -> TeamMemberForm:
        return TeamMemberForm(memberships=self.memberships(), **self.get_form_kwargs())

    def perform(self, form: TeamMemberForm) -> Any:
        return services.member_add_team(
            user=self.request.user, group=self.group, membership=form.cleaned_data["membership"]
        )


class OuterMemberAddView(_MemberAddView):
    """Add a resident or partner from the outer ring (workgroups:member_add_outer)."""

    form_key = "outer_form"

    def get_form(self, form_class: Any = None) -> OuterMemberForm:
        return OuterMemberForm(**self.get_form_kwargs())

    def perform(self, form: OuterMemberForm) -> Any:
        return services.member_add_outer(
            user=self.request.user,
            group=self.group,
            outer_kind=form.cleaned_data["outer_kind"],
            label=form.cleaned_data["label"],
        )


class MemberRemoveView(RoleRequiredMixin, TemplateView):
    """Confirm, then take someone out of a group (workgroups:member_remove)."""

    access_model = WorkGroupMember
    access_action = Action.CHANGE
    template_name = "workgroups/confirm.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_view_people(user=request.user):
            self.member = selectors.member_get(
                user=request.user, pk=kwargs["member"], request=request
            )
        return super().dispatch(request, *args, **kwargs)

    def _back(self) -> str:
        return reverse("workgroups:members", args=[self.member.group_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user: Any = self.request.user
        selectors.log_member_read(user=user, members=[self.member], request=self.request)
        context.update(
            group=self.member.group,
            page_title=_("Take someone out of the group"),
            question=_("Take %(name)s out of %(group)s?")
            % {"name": selectors.member_name(self.member), "group": self.member.group.name},
            submit_label=_("Take out of the group"),
            cancel_url=self._back(),
            danger=True,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.member_remove(user=request.user, member=self.member)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect(self._back())
        messages.success(request, _("The group has been changed."))
        return redirect(self._back())


class AgendaAddView(_GroupChangeView):
    """Add a point to the group's agenda (workgroups:agenda_add)."""

    template_name = "workgroups/small_form.html"
    form_class = AgendaForm
    success_message = gettext_lazy("The agenda item has been added.")

    def get_initial(self) -> dict[str, Any]:
        return {"day": timezone.localdate()}

    def perform(self, form: AgendaForm) -> Any:
        return services.agenda_add(user=self.request.user, group=self.group, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Add an agenda item")
        return context


class ActionAddView(_GroupChangeView):
    """Add an action of the group (workgroups:action_add)."""

    template_name = "workgroups/small_form.html"
    success_message = gettext_lazy("The action has been added.")

    def get_form(self, form_class: Any = None) -> ActionForm:
        members = selectors.owner_choices(
            user=self.request.user, group=self.group, request=self.request
        )
        return ActionForm(members=members, **self.get_form_kwargs())

    def perform(self, form: ActionForm) -> Any:
        return services.action_add(user=self.request.user, group=self.group, **form.cleaned_data)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Add an action")
        return context


class ActionDoneView(RoleRequiredMixin, TemplateView):
    """Confirm, then mark an action done (workgroups:action_done)."""

    access_model = WorkGroupAction
    access_action = Action.CHANGE
    template_name = "workgroups/confirm.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and selectors.may_view_people(user=request.user):
            self.action = selectors.action_get(
                user=request.user, pk=kwargs["action"], request=request
            )
        return super().dispatch(request, *args, **kwargs)

    def _back(self) -> str:
        return reverse("workgroups:detail", args=[self.action.group_id])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            group=self.action.group,
            page_title=_("Mark the action done"),
            question=_("Is “%(what)s” done?") % {"what": self.action.what},
            submit_label=_("Mark done"),
            cancel_url=self._back(),
            danger=False,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            services.action_done(user=request.user, action=self.action)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect(self._back())
        messages.success(request, _("The action is done."))
        return redirect(self._back())


class CloseView(_GroupChangeView):
    """Close the group with its lesson (workgroups:close; the team lead or a coordinator)."""

    access_model = WorkGroupLead
    template_name = "workgroups/close_form.html"
    form_class = CloseForm
    success_message = gettext_lazy(
        "The working group has been closed. Its lesson goes to the team's next reflection."
    )

    def lookup(self, request: HttpRequest, pk: int) -> WorkGroup:
        return selectors.lead_get(user=request.user, pk=pk, request=request)

    def get_initial(self) -> dict[str, Any]:
        return {"closed_on": timezone.localdate()}

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = WorkGroup(started_on=self.group.started_on)
        return kwargs

    def perform(self, form: CloseForm) -> WorkGroup:
        return services.workgroup_close(
            user=self.request.user, group=self.group, **form.cleaned_data
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Close the working group")
        context["mix"] = self.group.mix  # type: ignore[attr-defined]
        return context

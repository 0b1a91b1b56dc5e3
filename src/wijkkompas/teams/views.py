"""Team pages: overview, detail, ring view of the network, and the edit forms.

Views are thin: they look objects up through selectors (404 outside the user's scope),
call services for every change and turn a service's refusal into a form error.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.areas.selectors import changeable_municipalities
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.kept import KeptPageMixin
from wijkkompas.audit.services import log_event
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.core.exceptions import ApplicationError

from . import selectors, services
from .constants import RING_ORDER
from .forms import MembershipForm, PartnerForm, PerspectiveForm, TeamCreateForm, TeamForm
from .models import Membership, Partner, Team
from .network import NetworkItem, layout


class TeamOverviewView(RoleRequiredMixin, TemplateView):
    """All teams in the user's scope with their areas and composition (teams:list)."""

    access_model = Team
    template_name = "teams/team_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["overview"] = selectors.team_overview(user=self.request.user)
        context["may_create"] = selectors.may_create_team(user=self.request.user)
        return context


class _TeamLookup:
    """Runs after the role check of :class:`RoleRequiredMixin` (see :class:`TeamMixin`)."""

    team_action: str = Action.VIEW
    team: Team

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.team = selectors.team_get(user=request.user, pk=kwargs["pk"], request=request)
            if self.team_action == Action.CHANGE and not selectors.may_change_team(
                user=request.user, team=self.team
            ):
                log_event(event=Event.REFUSED, user=request.user, request=request, obj=self.team)
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class TeamMixin(RoleRequiredMixin, _TeamLookup):
    """Looks the team of the URL up within the user's scope (404 outside it).

    The role check comes first (403 for a role without access to teams at all); with
    ``team_action = Action.CHANGE`` a user who may see but not change the team gets 403
    (the refusal is logged).
    """

    access_model = Team

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["team"] = self.team
        context["may_change"] = selectors.may_change_team(user=self.request.user, team=self.team)  # type: ignore[attr-defined]
        return context

    def team_url(self) -> str:
        return reverse("teams:detail", args=[self.team.pk])


class TeamDetailView(KeptPageMixin, RoleRequiredMixin, TemplateView):
    """One team: description, areas, shared perspective and history, composition, partners,
    the member list for those who may see it and other apps' sections (teams:detail).

    Kept between two changes of what it shows (``audit.kept``): everything is read by
    :func:`selectors.team_page` and the sections through compiled queries, the scoped
    lookup of the team (404 outside the user's scope) among them.
    """

    access_model = Team
    template_name = "teams/team_detail.html"
    kept_name = "teams.detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.team_page(user=self.request.user, pk=kwargs["pk"], request=self.request)
        context.update(
            team=page.team,
            districts=page.districts,
            neighbourhoods=page.neighbourhoods,
            may_change=page.may_change,
            composition=page.composition,
            history=page.history,
            partners=page.partners,
            may_view_members=page.may_view_members,
            members=page.members,
            sections=render_sections("team", request=self.request, obj=page.team),
        )
        return context


class TeamNetworkView(TeamMixin, TemplateView):
    """The ring view of the team's network as an SVG picture with a table (teams:network)."""

    template_name = "teams/team_network.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        may_view_members = selectors.may_view_members(user=user, team=self.team)
        items: list[NetworkItem] = []
        number = 0
        if may_view_members:
            for member in selectors.membership_list(
                user=user, team=self.team, request=self.request
            ):
                number += 1
                items.append(
                    NetworkItem(
                        number=number,
                        kind="member",
                        label=member.person_name,
                        ring=member.ring,
                        craft=member.organisation.craft,
                        detail=member.organisation.name,
                        source=member,
                    )
                )
        else:
            composition = selectors.team_compositions([self.team.pk], with_organisations=True)[
                self.team.pk
            ]
            for ring in RING_ORDER:
                for row in composition.organisations_by_ring.get(ring.value, []):
                    number += 1
                    items.append(
                        NetworkItem(
                            number=number,
                            kind="organisation",
                            label=row.label,
                            ring=ring.value,
                            craft=row.craft,
                            count=row.members,
                            source=row,
                        )
                    )
        for partner in selectors.partner_list(user=user, team=self.team):
            number += 1
            items.append(
                NetworkItem(
                    number=number,
                    kind="partner",
                    label=partner.name,
                    ring=partner.ring,
                    detail=str(partner.get_kind_display()),
                    source=partner,
                )
            )
        picture = layout(items)
        context.update(
            picture=picture,
            may_view_members=may_view_members,
            ring_rows=[
                {"ring": band.ring, "label": band.label, "items": band.items}
                for band in picture.bands
            ],
            member_count=sum(1 for i in items if i.kind == "member"),
            organisation_count=sum(1 for i in items if i.kind == "organisation"),
            partner_count=sum(1 for i in items if i.kind == "partner"),
        )
        return context


# --- forms --------------------------------------------------------------------------------


class TeamFormPage(TeamMixin, ServiceFormMixin, FormView):
    """A form about one team, for those who may change it."""

    team_action = Action.CHANGE
    access_action = Action.CHANGE
    template_name = "teams/form.html"
    page_title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")

    def get_success_url(self) -> str:
        return self.team_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.team_url(),
        )
        return context


class TeamEditView(TeamFormPage):
    """Edit a team's description, type, areas served, target group and positioning."""

    form_class = TeamForm
    page_title = gettext_lazy("Edit team")
    success_message = gettext_lazy("The team has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(instance=self.team, municipality_ids=[self.team.municipality_id])
        return kwargs

    def perform(self, form: TeamForm) -> None:
        data = form.cleaned_data
        services.team_update(
            user=self.request.user,
            team=self.team,
            name=data["name"],
            team_type=data["team_type"],
            districts=data["districts"],
            neighbourhoods=data["neighbourhoods"],
            target_group=data["target_group"],
            target_group_description=data["target_group_description"],
            positioning=data["positioning"],
            description=data["description"],
            started_on=data["started_on"],
            caseload_visible_without_consent=data["caseload_visible_without_consent"],
        )


class TeamPerspectiveView(TeamFormPage):
    """Change the shared perspective; every version is kept."""

    form_class = PerspectiveForm
    page_title = gettext_lazy("Change the shared perspective")
    intro = gettext_lazy(
        "The shared perspective (stip aan de horizon) says where the team wants to be. "
        "Write it together with residents. Earlier versions stay visible in the history."
    )
    success_message = gettext_lazy("The new shared perspective has been saved.")

    def get_initial(self) -> dict[str, Any]:
        latest = self.team.perspective_versions.order_by("-changed_at", "-pk").first()
        return {
            "text": self.team.perspective,
            "written_with_residents": latest.written_with_residents if latest else False,
        }

    def perform(self, form: PerspectiveForm) -> None:
        services.team_set_perspective(
            user=self.request.user,
            team=self.team,
            text=form.cleaned_data["text"],
            written_with_residents=form.cleaned_data["written_with_residents"],
            note=form.cleaned_data["note"],
        )


class MemberAddView(TeamFormPage):
    form_class = MembershipForm
    page_title = gettext_lazy("Add a team member")
    success_message = gettext_lazy("The member has been added.")
    submit_label = gettext_lazy("Add member")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["team"] = self.team
        return kwargs

    def perform(self, form: MembershipForm) -> None:
        data = form.cleaned_data
        services.membership_add(
            user=self.request.user,
            team=self.team,
            person_name=data["person_name"],
            organisation=data["organisation"],
            ring=data["ring"],
            hours_per_week=data["hours_per_week"],
            job_title=data["job_title"],
            personal_drive=data["personal_drive"],
            account=data["user"],
            started_on=data["started_on"],
            request=self.request,
        )


class MembershipMixin:
    """Looks the membership up within the team and the user's change scope (logged read)."""

    membership: Membership

    def setup_membership(self) -> None:
        self.membership = selectors.membership_get(
            user=self.request.user,  # type: ignore[attr-defined]
            team=self.team,  # type: ignore[attr-defined]
            pk=self.kwargs["member_pk"],  # type: ignore[attr-defined]
            action=Action.CHANGE,
            request=self.request,  # type: ignore[attr-defined]
            purpose=Purpose.TEAM_MANAGEMENT,
        )


class MemberEditView(MembershipMixin, TeamFormPage):
    form_class = MembershipForm
    page_title = gettext_lazy("Edit team member")
    success_message = gettext_lazy("The member has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.setup_membership()
        kwargs = super().get_form_kwargs()
        kwargs.update(team=self.team, instance=self.membership)
        return kwargs

    def perform(self, form: MembershipForm) -> None:
        data = form.cleaned_data
        services.membership_update(
            user=self.request.user,
            membership=self.membership,
            person_name=data["person_name"],
            organisation=data["organisation"],
            ring=data["ring"],
            hours_per_week=data["hours_per_week"],
            job_title=data["job_title"],
            personal_drive=data["personal_drive"],
            account=data["user"],
            started_on=data["started_on"],
            request=self.request,
        )


class RemoveView(TeamMixin, TemplateView):
    """Confirm, then remove something of a team (POST only changes)."""

    team_action = Action.CHANGE
    access_action = Action.CHANGE
    template_name = "teams/confirm_remove.html"

    def get_object(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def remove(self, obj: Any) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["object"] = self.get_object()
        context["cancel_url"] = self.team_url()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        try:
            self.remove(obj)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect(self.team_url())
        messages.success(request, self.removed_message(obj))
        return redirect(self.team_url())

    def removed_message(self, obj: Any) -> str:
        return _("%(name)s has been removed.") % {"name": obj}


class MemberRemoveView(MembershipMixin, RemoveView):
    def get_object(self) -> Membership:
        if not hasattr(self, "membership"):
            self.setup_membership()
        return self.membership

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Remove team member")
        context["question"] = _("Remove %(name)s (%(organisation)s) from %(team)s?") % {
            "name": self.membership.person_name,
            "organisation": self.membership.organisation.name,
            "team": self.team.name,
        }
        return context

    def remove(self, obj: Membership) -> None:
        services.membership_remove(user=self.request.user, membership=obj, request=self.request)

    def removed_message(self, obj: Membership) -> str:
        return _("%(name)s has been removed from the team.") % {"name": obj.person_name}


class PartnerMixin:
    partner: Partner

    def get_partner(self) -> Partner:
        if not hasattr(self, "partner"):
            self.partner = selectors.partner_get(
                user=self.request.user,  # type: ignore[attr-defined]
                team=self.team,  # type: ignore[attr-defined]
                pk=self.kwargs["partner_pk"],  # type: ignore[attr-defined]
                action=Action.CHANGE,
                request=self.request,  # type: ignore[attr-defined]
            )
        return self.partner


class PartnerAddView(TeamFormPage):
    form_class = PartnerForm
    page_title = gettext_lazy("Add a partner or programme")
    success_message = gettext_lazy("The partner has been added.")
    submit_label = gettext_lazy("Add partner")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["team"] = self.team
        return kwargs

    def perform(self, form: PartnerForm) -> None:
        data = form.cleaned_data
        services.partner_add(
            user=self.request.user,
            team=self.team,
            name=data["name"],
            kind=data["kind"],
            ring=data["ring"],
            organisation=data["organisation"],
            description=data["description"],
        )


class PartnerEditView(PartnerMixin, TeamFormPage):
    form_class = PartnerForm
    page_title = gettext_lazy("Edit partner")
    success_message = gettext_lazy("The partner has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(team=self.team, instance=self.get_partner())
        return kwargs

    def perform(self, form: PartnerForm) -> None:
        data = form.cleaned_data
        services.partner_update(
            user=self.request.user,
            partner=self.get_partner(),
            name=data["name"],
            kind=data["kind"],
            ring=data["ring"],
            organisation=data["organisation"],
            description=data["description"],
        )


class PartnerRemoveView(PartnerMixin, RemoveView):
    def get_object(self) -> Partner:
        return self.get_partner()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["page_title"] = _("Remove partner")
        context["question"] = _("Remove %(name)s from the network of %(team)s?") % {
            "name": self.partner.name,
            "team": self.team.name,
        }
        return context

    def remove(self, obj: Partner) -> None:
        services.partner_remove(user=self.request.user, partner=obj)


class TeamCreateView(RoleRequiredMixin, ServiceFormMixin, FormView):
    """Create a team (administrator of a municipality)."""

    access_model = Team
    access_action = Action.CHANGE
    form_class = TeamCreateForm
    template_name = "teams/form.html"
    success_message = gettext_lazy("The team has been created.")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not selectors.may_create_team(user=request.user):
            log_event(
                event=Event.REFUSED,
                user=request.user,
                request=request,
                object_type=Team._meta.label,
            )
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["municipalities"] = changeable_municipalities(user=self.request.user)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title=_("New team"),
            submit_label=_("Create team"),
            cancel_url=reverse("teams:list"),
        )
        return context

    def perform(self, form: TeamCreateForm) -> None:
        data = form.cleaned_data
        self.created = services.team_create(
            user=self.request.user,
            municipality=data["municipality"],
            name=data["name"],
            team_type=data["team_type"],
            districts=data["districts"],
            neighbourhoods=data["neighbourhoods"],
            target_group=data["target_group"],
            target_group_description=data["target_group_description"],
            positioning=data["positioning"],
            description=data["description"],
            perspective=data["perspective"],
            perspective_with_residents=data["perspective_with_residents"],
            started_on=data["started_on"],
            caseload_visible_without_consent=data["caseload_visible_without_consent"],
        )

    def get_success_url(self) -> str:
        return reverse("teams:detail", args=[self.created.pk])

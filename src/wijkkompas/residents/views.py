"""Pages of residents: caseload, registration, the resident page, consents, risk signals.

Views are thin: they look objects up through selectors (404 outside the user's scope, so
a resident without consent to the user does not exist for them), call services for every
change and turn a service's refusal into a form error. Roles that do not work with cases
(policy officer, researcher, initiator, privacy officer, administrator, and the resident,
who has "Mijn plan") are refused with 403 by :class:`RoleRequiredMixin`.
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
from wijkkompas.audit.constants import Purpose
from wijkkompas.audit.kept import KeptPageMixin
from wijkkompas.audit.services import log_batch
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.core.exceptions import ApplicationError

from . import selectors, services
from .constants import VEILIG_THUIS_PHONE, MeldcodeStep, RiskKind
from .forms import (
    CaseloadSearchForm,
    ConsentRecordForm,
    DateForm,
    RegisterForm,
    ResidentEditForm,
    RiskSignalForm,
)
from .models import Resident


class ResidentRoleMixin(RoleRequiredMixin):
    """Pages about residents' files: only the roles that work with cases (403 otherwise)."""

    access_model = Resident


class ResidentIndexView(ResidentRoleMixin, TemplateView):
    """Start of the residents' pages: the caseloads of the user's teams (residents:index)."""

    template_name = "residents/index.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["teams"] = selectors.registration_teams(user=user)
        context["may_register"] = selectors.may_register(user=user)
        return context


class CaseloadView(ResidentRoleMixin, TemplateView):
    """The caseload of one of the user's teams ("Caseload van het team").

    Search by name is sent by POST, so a name never ends up in a URL or a server log.
    """

    template_name = "residents/caseload.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.search_form = CaseloadSearchForm(request.POST or None)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return self.get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        request = self.request
        team = selectors.caseload_team_get(user=request.user, pk=kwargs["team_pk"], request=request)
        search = ""
        if self.search_form.is_bound and self.search_form.is_valid():
            search = self.search_form.cleaned_data["naam"]
        include_closed = request.GET.get("gesloten") == "1"
        context.update(
            team=team,
            search_form=self.search_form,
            caseload=selectors.caseload(
                user=request.user,
                team=team,
                search=search,
                include_closed=include_closed,
                page_number=request.GET.get("pagina", 1),
                request=request,
            ),
            include_closed=include_closed,
            page_query="gesloten=1" if include_closed else "",
            may_register=selectors.may_register(user=request.user),
        )
        return context


# --- registration ------------------------------------------------------------------------


class _RegisterSetup:
    """Runs after the role check: a case role without a team of its own may not register
    (403); ``?household=<id>`` is looked up within the user's change scope (404)."""

    household: Any = None

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not selectors.may_register(user=request.user):
            raise PermissionDenied
        household_pk = request.GET.get("household", "")
        if household_pk.isdigit():
            self.household = selectors.household_get(
                user=request.user, pk=int(household_pk), action=Action.CHANGE, request=request
            )
        self.teams = selectors.registration_teams(user=request.user)
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class RegisterView(ResidentRoleMixin, _RegisterSetup, ServiceFormMixin, FormView):
    """Register a resident with household, team, personalia and consent ("Inwoner
    registreren"). ``?household=<id>`` registers a member of an existing household."""

    access_action = Action.CHANGE
    template_name = "residents/register.html"
    form_class = RegisterForm
    success_message = gettext_lazy("The resident has been registered.")

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        team_pk = self.request.GET.get("team", "")
        if team_pk.isdigit():
            initial["team"] = int(team_pk)
        return initial

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            teams=self.teams,
            municipality_id=self.request.user.municipality_id,  # type: ignore[union-attr]
            household=self.household,
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["household"] = self.household
        context["cancel_url"] = reverse("residents:index")
        return context

    def perform(self, form: RegisterForm) -> Resident:
        data = form.cleaned_data
        team = data["team"]
        return services.resident_register(
            user=self.request.user,
            team=team,
            household=self.household,
            household_label=data.get("household_label", ""),
            bsn=data["bsn"],
            consent=form.consent_input(team=team if data["consent_team"] else None),
            request=self.request,
            **form.personalia(),
        )

    def get_success_url(self) -> str:
        return reverse("residents:detail", args=[self.result.pk])


# --- the resident page -------------------------------------------------------------------


class ResidentDetailView(KeptPageMixin, ResidentRoleMixin, TemplateView):
    """The resident page: personalia, household, risk signals, other apps' sections and
    consents (residents:detail). Kept between two changes of what it shows
    (``audit.kept``)."""

    template_name = "residents/detail.html"
    kept_name = "residents.detail"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        # The page and the sections log several reads: written together at the end.
        with log_batch():
            page = selectors.resident_page(
                user=self.request.user, pk=kwargs["pk"], request=self.request
            )
            # Sections of higher apps (conversations, profile, plan); they log their reads.
            sections = render_sections("resident", request=self.request, obj=page.resident)
        context.update(
            page=page,
            sections=sections,
            resident=page.resident,
            household=page.household,
            may_register=selectors.may_register(user=self.request.user),
            meldcode_steps=MeldcodeStep.choices,
            veilig_thuis=VEILIG_THUIS_PHONE,
        )
        return context


class _ResidentLookup:
    """Looks the resident of the URL up for ``resident_action`` (404 outside scope); runs
    after the role check of :class:`RoleRequiredMixin`."""

    resident_action: str = Action.CHANGE
    purpose: str = Purpose.SUPPORT
    resident: Resident

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.resident = selectors.resident_get(
            user=request.user,
            pk=kwargs["pk"],
            action=self.resident_action,
            purpose=self.purpose,
            request=request,
        )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class ResidentFormPage(ResidentRoleMixin, _ResidentLookup, ServiceFormMixin, FormView):
    """A form about one resident, for those who may change the resident's file."""

    access_action = Action.CHANGE
    template_name = "residents/form.html"
    page_title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")

    def resident_url(self) -> str:
        return reverse("residents:detail", args=[self.resident.pk])

    def get_success_url(self) -> str:
        return self.resident_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            resident=self.resident,
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.resident_url(),
        )
        return context


class ResidentEditView(ResidentFormPage):
    """Edit a resident's personalia."""

    form_class = ResidentEditForm
    page_title = gettext_lazy("Edit personal details")
    success_message = gettext_lazy("The personal details have been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            municipality_id=self.resident.household.municipality_id,
            bsn_masked=self.resident.bsn_masked,
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        resident = self.resident
        # The BSN is never put back into the page.
        return {
            "name": resident.name,
            "birth_year": resident.birth_year,
            "neighbourhood": resident.neighbourhood_id,
            "address": resident.address,
            "phone": resident.phone,
            "email": resident.email,
        }

    def perform(self, form: ResidentEditForm) -> Resident:
        return services.resident_update(
            user=self.request.user,
            resident=self.resident,
            bsn=form.bsn_change(),
            request=self.request,
            **form.personalia(),
        )


class ConsentAddView(ResidentFormPage):
    """Record a new consent of the resident."""

    form_class = ConsentRecordForm
    purpose = Purpose.CONSENT
    page_title = gettext_lazy("Record a consent")
    intro = gettext_lazy(
        "Record what the resident agreed to: who may see which parts of the file, for what "
        "purpose and until when. The resident can withdraw a consent at any time."
    )
    submit_label = gettext_lazy("Record consent")
    success_message = gettext_lazy("The consent has been recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            teams=selectors.registration_teams(user=self.request.user),
            municipality_id=self.resident.household.municipality_id,
            default_team=self.resident.household.team,
        )
        return kwargs

    def perform(self, form: ConsentRecordForm) -> Any:
        return services.consent_record(
            user=self.request.user,
            resident=self.resident,
            consent=form.consent_input(team=form.cleaned_data["consent_team"]),
            request=self.request,
        )


class ConsentWithdrawView(ResidentRoleMixin, _ResidentLookup, TemplateView):
    """Confirm, then withdraw a consent (POST). Access based on it ends at once."""

    access_action = Action.CHANGE
    purpose = Purpose.CONSENT
    template_name = "residents/confirm.html"

    def get_consent(self) -> Any:
        if not hasattr(self, "consent"):
            self.consent = selectors.consent_get(
                user=self.request.user,
                resident=self.resident,
                pk=self.kwargs["consent_pk"],
                action=Action.CHANGE,
                request=self.request,
            )
        return self.consent

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consent = self.get_consent()
        recipient = " + ".join(
            str(x) for x in (consent.team, consent.organisation) if x is not None
        )
        context.update(
            resident=self.resident,
            page_title=_("Withdraw consent"),
            question=_(
                "Withdraw the consent of %(name)s to %(recipient)s (%(parts)s)? From now on "
                "they can no longer see these parts of the file."
            )
            % {
                "name": self.resident.name,
                "recipient": recipient,
                "parts": ", ".join(consent.part_labels),
            },
            confirm_label=_("Withdraw consent"),
            cancel_url=reverse("residents:detail", args=[self.resident.pk]),
            danger=True,
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consent = self.get_consent()
        detail = reverse("residents:detail", args=[self.resident.pk])
        try:
            services.consent_withdraw(user=request.user, consent=consent, request=request)
        except ApplicationError as error:
            messages.error(request, str(error.message))
            return redirect(detail)
        if selectors.may_see_resident(user=request.user, resident=self.resident):
            messages.success(request, _("The consent has been withdrawn."))
            return redirect(detail)
        messages.success(
            request,
            _(
                "The consent has been withdrawn. Without another consent you no longer have "
                "access to this resident's file."
            ),
        )
        return redirect("residents:caseload", team_pk=self.resident.household.team_id)


# --- the household (case) page, closing the case, risk signals ----------------------------


class HouseholdDetailView(ResidentRoleMixin, TemplateView):
    """The case of a household: members the user may see, risk signals, and sections of
    other apps for the page "household" (residents:household_detail)."""

    template_name = "residents/household_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.household_page(
            user=self.request.user, pk=kwargs["household_pk"], request=self.request
        )
        context.update(
            page=page,
            household=page.household,
            sections=render_sections("household", request=self.request, obj=page.household),
            may_register=selectors.may_register(user=self.request.user),
            meldcode_steps=MeldcodeStep.choices,
            veilig_thuis=VEILIG_THUIS_PHONE,
        )
        return context


class _HouseholdLookup:
    """Looks the household of the URL up for changing it (404 outside scope); runs after
    the role check of :class:`RoleRequiredMixin`."""

    purpose: str = Purpose.SUPPORT
    household: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.household = selectors.household_get(
            user=request.user,
            pk=kwargs["household_pk"],
            action=Action.CHANGE,
            purpose=self.purpose,
            request=request,
        )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class HouseholdFormPage(ResidentRoleMixin, _HouseholdLookup, ServiceFormMixin, FormView):
    """A form about one household (case), for those who may change it."""

    access_action = Action.CHANGE
    template_name = "residents/household_form.html"
    page_title: Any = ""
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")
    guidance: bool = False

    def household_url(self) -> str:
        return reverse("residents:household_detail", args=[self.household.pk])

    def get_success_url(self) -> str:
        return self.household_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            page_title=self.page_title,
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=self.household_url(),
            meldcode_guidance=self.guidance,
            meldcode_steps=MeldcodeStep.choices,
            veilig_thuis=VEILIG_THUIS_PHONE,
        )
        return context


class HouseholdCloseView(HouseholdFormPage):
    """Close the case of the household (the retention period starts then)."""

    form_class = DateForm
    page_title = gettext_lazy("Close the case")
    intro = gettext_lazy(
        "Close the case of the whole household when the support has ended. Open risk "
        "signals must be resolved first. After the retention period the data is removed."
    )
    submit_label = gettext_lazy("Close the case")
    success_message = gettext_lazy("The case has been closed.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["label"] = gettext_lazy("Closed on")
        return kwargs

    def perform(self, form: DateForm) -> Any:
        return services.household_close(
            user=self.request.user,
            household=self.household,
            closed_on=form.cleaned_data["day"],
            request=self.request,
        )


class RiskSignalAddView(HouseholdFormPage):
    """Raise a risk signal on the household, optionally about one resident
    (``?resident=<id>`` preselects one)."""

    form_class = RiskSignalForm
    purpose = Purpose.RISK
    page_title = gettext_lazy("Raise a risk signal")
    submit_label = gettext_lazy("Raise risk signal")
    success_message = gettext_lazy("The risk signal has been recorded.")
    guidance = True

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["members"] = selectors.household_residents(
            user=self.request.user, household=self.household
        )
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        resident = self.request.GET.get("resident", "")
        return {"resident": int(resident)} if resident.isdigit() else {}

    def perform(self, form: RiskSignalForm) -> Any:
        data = form.cleaned_data
        return services.risk_signal_raise(
            user=self.request.user,
            household=self.household,
            resident=form.chosen_resident(),
            kind=data["kind"],
            urgency=data["urgency"],
            description=data["description"],
            review_on=data["review_on"],
            meldcode_step=data["meldcode_step"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return self.household_url() + "#risk-signals"


class _SignalLookup:
    signal: Any

    def get_signal(self) -> Any:
        if not hasattr(self, "signal"):
            self.signal = selectors.risk_signal_get(
                user=self.request.user,  # type: ignore[attr-defined]
                household=self.household,  # type: ignore[attr-defined]
                pk=self.kwargs["signal_pk"],  # type: ignore[attr-defined]
                action=Action.CHANGE,
                request=self.request,  # type: ignore[attr-defined]
            )
        return self.signal


class RiskSignalEditView(_SignalLookup, HouseholdFormPage):
    """Change an open risk signal: urgency, description, review date, Meldcode step."""

    form_class = RiskSignalForm
    purpose = Purpose.RISK
    page_title = gettext_lazy("Update a risk signal")
    success_message = gettext_lazy("The risk signal has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.get_signal()
        kwargs = super().get_form_kwargs()
        kwargs["editing"] = True
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        signal = self.get_signal()
        return {
            "urgency": signal.urgency,
            "description": signal.description,
            "review_on": signal.review_on,
            "meldcode_step": signal.meldcode_step,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        signal = self.get_signal()
        context["signal"] = signal
        context["meldcode_guidance"] = signal.kind == RiskKind.DOMESTIC_VIOLENCE
        return context

    def perform(self, form: RiskSignalForm) -> Any:
        data = form.cleaned_data
        return services.risk_signal_update(
            user=self.request.user,
            signal=self.get_signal(),
            urgency=data["urgency"],
            description=data["description"],
            review_on=data["review_on"],
            meldcode_step=data["meldcode_step"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return self.household_url() + "#risk-signals"


class RiskSignalResolveView(_SignalLookup, HouseholdFormPage):
    """Mark a risk signal resolved."""

    form_class = DateForm
    purpose = Purpose.RISK
    page_title = gettext_lazy("Resolve a risk signal")
    submit_label = gettext_lazy("Mark resolved")
    success_message = gettext_lazy("The risk signal has been resolved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        self.get_signal()
        kwargs = super().get_form_kwargs()
        kwargs["label"] = gettext_lazy("Resolved on")
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signal"] = self.get_signal()
        return context

    def perform(self, form: DateForm) -> Any:
        return services.risk_signal_resolve(
            user=self.request.user,
            signal=self.get_signal(),
            resolved_on=form.cleaned_data["day"],
            request=self.request,
        )

    def get_success_url(self) -> str:
        return self.household_url() + "#risk-signals"

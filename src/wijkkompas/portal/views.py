"""The pages of "Mijn plan": the resident in control of their own plan and data.

Only the resident role uses these pages (every other role: 403, logged), and only for the
resident linked to the account (``selectors.current_resident``): no URL names a household
or a resident. The one id in a URL, of a consent to withdraw, is looked up within the
resident's own consents (404 for anything else). Views are thin: reads go through the
selectors (which log them), changes through the services of the apps that own the data.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_event
from wijkkompas.components.mixins import ServiceFormMixin
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.plans import services as plans_services
from wijkkompas.residents import services as residents_services
from wijkkompas.residents.constants import ConsentForm as ConsentGivenHow
from wijkkompas.rights import services as rights_services

from . import selectors
from .forms import CommentForm, ConsentGrantForm, GoalForm, WithdrawForm


class PortalMixin(LoginRequiredMixin):
    """Lets only a resident in, and finds their own resident record.

    * not logged in: to the login page;
    * any role but ``resident``: 403 (logged as a refused access);
    * a resident account without a linked record: a friendly page that says so;
    * otherwise ``self.resident`` is the account's own resident.
    """

    #: The roles that may use the page (read by the access tests).
    portal_roles = selectors.PORTAL_ROLES
    page_title: Any = ""
    resident: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not selectors.is_portal_user(user=request.user):
            log_event(event=Event.REFUSED, user=request.user, request=request)
            raise PermissionDenied
        resident = selectors.current_resident(user=request.user, request=request)
        if resident is None:
            return render(request, "portal/no_record.html", status=200)
        self.resident = resident
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        context.update(resident=self.resident, page_title=self.page_title)
        return context


class OverviewView(PortalMixin, TemplateView):
    """Mijn plan: the situation, goals, actions and who does them, upcoming appointments and
    the comments (the resident's and the replies of the people who work on the plan)."""

    template_name = "portal/overview.html"
    page_title = gettext_lazy("My plan")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        plan = selectors.my_plan(user=self.request.user, request=self.request)
        now = timezone.now()
        if plan is not None:
            appointments = [a for a in plan.appointments.all() if a.starts_at >= now]
            context.update(
                plan=plan,
                goals=list(plan.goals.all()),
                actions=list(plan.actions.all()),
                appointments=appointments,
                comments=list(plan.comments.all()),
            )
        else:
            context["plan"] = None
        return context


class _PlanFormView(PortalMixin, ServiceFormMixin, FormView):
    """A form that adds something to the resident's own plan."""

    template_name = "portal/form.html"
    intro: Any = ""
    submit_label: Any = gettext_lazy("Save")
    plan: Any = None

    def get_plan(self) -> Any:
        if self.plan is None:
            self.plan = selectors.my_plan(user=self.request.user, request=self.request)
        return self.plan

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_plan() is None:
            messages.info(request, _("You do not have a plan yet, so you cannot add to it."))
            return redirect("portal:overview")
        return super().get(request, *args, **kwargs)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.get_plan() is None:
            messages.info(request, _("You do not have a plan yet, so you cannot add to it."))
            return redirect("portal:overview")
        return super().post(request, *args, **kwargs)

    def get_success_url(self) -> str:
        return reverse("portal:overview")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            intro=self.intro,
            submit_label=self.submit_label,
            cancel_url=reverse("portal:overview"),
        )
        return context


class GoalAddView(_PlanFormView):
    """Add a goal of your own to the plan."""

    form_class = GoalForm
    page_title = gettext_lazy("Add your own goal")
    intro = gettext_lazy(
        "This is your plan. Add what you want to reach yourself. Your coordinator sees your "
        "goal and talks about it with you."
    )
    submit_label = gettext_lazy("Add goal")
    success_message = gettext_lazy("Your goal has been added to your plan.")

    def perform(self, form: GoalForm) -> Any:
        return plans_services.goal_add(
            user=self.request.user,
            plan=self.get_plan(),
            text=form.cleaned_data["text"],
            target_on=form.cleaned_data["target_on"],
            by_resident=True,
            request=self.request,
        )


class CommentAddView(_PlanFormView):
    """Write a comment on the plan."""

    form_class = CommentForm
    page_title = gettext_lazy("Write a comment")
    intro = gettext_lazy(
        "Your coordinator and the people who work on your plan can read your comment."
    )
    submit_label = gettext_lazy("Send comment")
    success_message = gettext_lazy("Your comment has been added to your plan.")

    def perform(self, form: CommentForm) -> Any:
        return plans_services.comment_add(
            user=self.request.user,
            plan=self.get_plan(),
            text=form.cleaned_data["text"],
            by_resident=True,
            request=self.request,
        )


class ConsentListView(PortalMixin, TemplateView):
    """Wie mag mijn gegevens zien: every consent, in force or not, with its parts and end."""

    template_name = "portal/consents.html"
    page_title = gettext_lazy("Who may see my data")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consents = selectors.my_consents(
            user=self.request.user, resident=self.resident, request=self.request
        )
        today = timezone.localdate()
        rows = [
            {
                "consent": consent,
                "in_force": selectors.consent_is_in_force(consent, today),
                "parts": selectors.consent_parts(consent),
                "who": selectors.consent_recipient_label(consent),
            }
            for consent in consents
        ]
        context.update(
            today=today,
            current=[row for row in rows if row["in_force"] or row["consent"].valid_from > today],
            ended=[
                row for row in rows if not row["in_force"] and row["consent"].valid_from <= today
            ],
        )
        return context


class ConsentGrantView(PortalMixin, ServiceFormMixin, FormView):
    """Give your team, or an organisation in it, permission to see parts of your data."""

    template_name = "portal/form.html"
    form_class = ConsentGrantForm
    page_title = gettext_lazy("Give permission")
    success_message = gettext_lazy("Your permission has been saved. It counts from today.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["recipients"] = selectors.consent_recipients(resident=self.resident)
        return kwargs

    def perform(self, form: ConsentGrantForm) -> Any:
        recipient = form.chosen_recipient()
        consent = residents_services.ConsentInput(
            team=recipient.team,
            organisation=recipient.organisation,
            parts=set(form.cleaned_data["parts"]),
            purpose=form.cleaned_data["purpose"],
            form=ConsentGivenHow.DIGITAL,
            valid_from=timezone.localdate(),
            valid_until=form.cleaned_data["valid_until"],
        )
        return residents_services.consent_record(
            user=self.request.user, resident=self.resident, consent=consent, request=self.request
        )

    def get_success_url(self) -> str:
        return reverse("portal:consents")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            intro=_(
                "You decide who may see your data. Choose who, which data and what for. "
                "You can withdraw your permission at any moment."
            ),
            submit_label=_("Give permission"),
            cancel_url=reverse("portal:consents"),
            back_label=_("Who may see my data"),
            back_url=reverse("portal:consents"),
        )
        return context


class ConsentWithdrawView(PortalMixin, FormView):
    """Confirm, then withdraw one of your own consents (POST only changes)."""

    template_name = "portal/consent_withdraw.html"
    form_class = WithdrawForm
    page_title = gettext_lazy("Withdraw permission")
    object_action = "change"

    def get_consent(self) -> Any:
        if not hasattr(self, "consent"):
            self.consent = selectors.my_consent_for_withdrawal(
                user=self.request.user,
                resident=self.resident,
                pk=self.kwargs["pk"],
                request=self.request,
            )
        return self.consent

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consent = self.get_consent()
        context.update(
            consent=consent,
            who=selectors.consent_recipient_label(consent),
            parts=selectors.consent_parts(consent),
            in_force=selectors.consent_is_in_force(consent),
            already_withdrawn=consent.withdrawn_at is not None,
            cancel_url=reverse("portal:consents"),
        )
        return context

    def form_valid(self, form: WithdrawForm) -> HttpResponse:
        consent = self.get_consent()
        try:
            residents_services.consent_withdraw(
                user=self.request.user, consent=consent, request=self.request
            )
        except ApplicationError as error:
            messages.error(self.request, str(error.message))
            return redirect("portal:consents")
        messages.success(
            self.request,
            _("Your permission has been withdrawn. From now on they can no longer see this data."),
        )
        return redirect("portal:consents")


class ScoresView(PortalMixin, TemplateView):
    """My scores over time: the self-sufficiency matrix and the participation ladder."""

    template_name = "portal/scores.html"
    page_title = gettext_lazy("My scores")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["profile"] = selectors.my_profile(
            user=self.request.user, resident=self.resident, request=self.request
        )
        return context


class DataView(PortalMixin, TemplateView):
    """Download my data (JSON and PDF), including who looked at it. The page itself reads
    nothing but the account's own record; the downloads build the export."""

    template_name = "portal/data.html"
    page_title = gettext_lazy("Download my data")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["downloads"] = [
            {"url": reverse("portal:download_pdf"), "label": _("Download as PDF")},
            {"url": reverse("portal:download_json"), "label": _("Download as JSON file")},
        ]
        return context


class DownloadView(PortalMixin, View):
    """The resident's access export (AVG art. 15) as a file: everything Wijkkompas holds
    about them, with who viewed it (built and logged by ``rights.services.own_export``)."""

    kind = "pdf"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        bundle = rights_services.own_export(user=request.user, request=request)
        if self.kind == "json":
            response = HttpResponse(bundle.json_bytes, content_type="application/json")
        else:
            response = HttpResponse(bundle.pdf_bytes, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="{bundle.filename_stem}.{self.kind}"'
        )
        response["Cache-Control"] = "no-store"
        return response

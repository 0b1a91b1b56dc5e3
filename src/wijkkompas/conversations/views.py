"""Conversation pages: registration (from the resident page), detail with the Wmo timeline,
edit with optimistic concurrency, and "Mijn gesprekken".

Views are thin: objects come from selectors (404 outside the user's scope, every read
logged), every change goes to a service, a service's refusal becomes a form error. Roles
that do not work with cases at all (policy officer, researcher, initiator, privacy
officer, administrator, resident) get 403 from :class:`RoleRequiredMixin`.
"""

from __future__ import annotations

from typing import Any

from django.forms.utils import ErrorDict
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Purpose
from wijkkompas.components.mixins import RoleRequiredMixin, ServiceFormMixin
from wijkkompas.components.sections import render_sections
from wijkkompas.instruments import selectors as instrument_selectors
from wijkkompas.residents import selectors as resident_selectors

from . import extensions, selectors, services
from .forms import ConversationCreateForm, ConversationEditForm
from .models import Conversation

# --- lookups (after the role check of RoleRequiredMixin) ---------------------------------


class _ResidentLookup:
    """Looks the resident of the URL up for recording a conversation (404 outside scope)."""

    resident: Any

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.resident = resident_selectors.resident_get(
                user=request.user,
                pk=kwargs["resident"],
                action=Action.CHANGE,
                purpose=Purpose.SUPPORT,
                request=request,
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class _ConversationLookup:
    """Looks the conversation of the URL up within the user's scope (a logged read, 404)."""

    conversation_action: str = Action.VIEW
    conversation: Conversation

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated:
            self.conversation = selectors.conversation_get(
                user=request.user,
                pk=kwargs["pk"],
                action=self.conversation_action,
                request=request,
            )
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class _FormExtensionsMixin:
    """The parts of the form that higher apps add (:mod:`.extensions`): their fields, their
    HTML below the life domains, their writes in the conversation's transaction; a post
    with the :data:`.extensions.REFRESH` button shows the form again without saving."""

    request: HttpRequest
    form_extensions: list[extensions.BoundFormExtension]

    def extension_target(self) -> tuple[Any, Any]:  # pragma: no cover - abstract
        """The resident and the conversation (None when recording) of the form."""
        raise NotImplementedError

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)  # type: ignore[misc]
        if not hasattr(self, "form_extensions"):
            resident, conversation = self.extension_target()
            self.form_extensions = extensions.bind_form_extensions(
                request=self.request, resident=resident, conversation=conversation
            )
        extensions.add_fields(form, self.form_extensions)
        return form

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if extensions.REFRESH in request.POST:
            form = self.get_form()
            # Shown again as typed, without checking it: nothing is saved yet.
            form._errors = ErrorDict()
            return self.render_to_response(self.get_context_data(form=form))  # type: ignore[attr-defined]
        return super().post(request, *args, **kwargs)  # type: ignore[misc]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        form = context.get("form")
        if form is not None and getattr(self, "form_extensions", None):
            context["extensions_html"] = extensions.render_all(form, self.form_extensions)
        return context

    def extension_savers(self, form: Any, *, created: bool) -> list[Any]:
        return extensions.savers(
            getattr(self, "form_extensions", []), form.cleaned_data, created=created
        )


# --- registration ------------------------------------------------------------------------


class ConversationCreateView(
    RoleRequiredMixin, _ResidentLookup, _FormExtensionsMixin, ServiceFormMixin, FormView
):
    """Register a kitchen-table conversation with a resident (conversations:create)."""

    access_model = Conversation
    access_action = Action.CHANGE
    form_class = ConversationCreateForm
    template_name = "conversations/conversation_form.html"
    success_message = gettext_lazy("The conversation has been saved.")

    def setup_instruments(self) -> None:
        user = self.request.user
        self.may_record = selectors.may_record_conversation(user=user, resident=self.resident)
        self.may_score = self.may_record and selectors.may_score(user=user, resident=self.resident)
        self.versions = instrument_selectors.active_versions(user=user) if self.may_score else []
        self.scoring_fields = (
            instrument_selectors.scoring_fields(versions=self.versions) if self.versions else []
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        if not hasattr(self, "scoring_fields"):
            self.setup_instruments()
        kwargs = super().get_form_kwargs()
        kwargs["scoring_fields"] = self.scoring_fields
        return kwargs

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        self.setup_instruments()
        if not self.may_record:
            return self.render_to_response(self.get_context_data())
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        if not hasattr(self, "scoring_fields"):
            self.setup_instruments()
        context = super().get_context_data(**kwargs)
        form = context["form"]
        notes = {version.pk: version.scoring_note for version in self.versions}
        groups = [
            {
                "legend": legend,
                "note": notes.get(version_id, ""),
                "fields": [form[name] for name in names],
            }
            for version_id, legend, names in form.scoring_groups
        ]
        context.update(
            resident=self.resident,
            resident_visible=True,
            may_record=self.may_record,
            may_score=self.may_score,
            score_groups=groups,
            page_title=gettext_lazy("Record a conversation"),
            submit_label=gettext_lazy("Save conversation"),
            cancel_url=self.resident_url(),
        )
        return context

    def resident_url(self) -> str:
        return reverse("residents:detail", args=[self.resident.pk])

    def extension_target(self) -> tuple[Any, Any]:
        return self.resident, None

    def perform(self, form: ConversationCreateForm) -> Conversation:
        data = form.cleaned_data
        assessments = []
        if self.versions:
            scores = instrument_selectors.scores_from_cleaned_data(
                versions=self.versions, cleaned_data=data
            )
            by_id = {version.pk: version for version in self.versions}
            assessments = [
                (by_id[version_id], values)
                for version_id, values in scores.items()
                if values and version_id in by_id
            ]
        return services.conversation_record(
            user=self.request.user,
            resident=self.resident,
            held_on=data["held_on"],
            place=data["place"],
            participants=data["participants"],
            question=data["question"],
            question_behind=data["question_behind"],
            life_domains=data["life_domains"],
            own_strength=data["own_strength"],
            network=data["network"],
            outcome=data["outcome"],
            collective_opportunity=data["collective_opportunity"],
            resident_idea=data["resident_idea"],
            is_wmo_report=data["is_wmo_report"],
            reported_on=data["reported_on"],
            investigation_done_on=data["investigation_done_on"],
            applied_on=data["applied_on"],
            decided_on=data["decided_on"],
            assessments=assessments,
            after_save=self.extension_savers(form, created=True),
            request=self.request,
        )

    def get_success_url(self) -> str:
        return reverse("conversations:detail", args=[self.result.pk])


# --- one conversation --------------------------------------------------------------------


class ConversationDetailView(RoleRequiredMixin, _ConversationLookup, TemplateView):
    """One conversation with its scores and, for a Wmo report, the timeline of the legal
    terms (conversations:detail)."""

    access_model = Conversation
    template_name = "conversations/conversation_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        conversation = self.conversation
        context.update(
            conversation=conversation,
            timeline=selectors.conversation_timeline(conversation=conversation),
            today=timezone.localdate(),
            may_change=selectors.may_change_conversation(user=user, conversation=conversation),
            assessments=selectors.assessments_of_conversation(
                user=user, conversation=conversation, request=self.request
            ),
            sections=render_sections("conversation", request=self.request, obj=conversation),
        )
        return context


class ConversationEditView(
    RoleRequiredMixin, _ConversationLookup, _FormExtensionsMixin, ServiceFormMixin, FormView
):
    """Edit a conversation; refused when someone else saved it in between
    (conversations:edit)."""

    access_model = Conversation
    access_action = Action.CHANGE
    conversation_action = Action.CHANGE
    form_class = ConversationEditForm
    template_name = "conversations/conversation_form.html"
    success_message = gettext_lazy("The conversation has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.conversation
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            conversation=self.conversation,
            resident=self.conversation.resident,
            resident_visible=getattr(self.conversation, "resident_visible", False),
            may_record=True,
            editing=True,
            page_title=gettext_lazy("Edit conversation"),
            submit_label=gettext_lazy("Save changes"),
            cancel_url=self.detail_url(),
        )
        return context

    def detail_url(self) -> str:
        return reverse("conversations:detail", args=[self.conversation.pk])

    def extension_target(self) -> tuple[Any, Any]:
        return self.conversation.resident, self.conversation

    def perform(self, form: ConversationEditForm) -> Conversation:
        data = form.cleaned_data
        return services.conversation_update(
            user=self.request.user,
            conversation=self.conversation,
            expected_version=data["version"],
            held_on=data["held_on"],
            place=data["place"],
            participants=data["participants"],
            question=data["question"],
            question_behind=data["question_behind"],
            life_domains=data["life_domains"],
            own_strength=data["own_strength"],
            network=data["network"],
            outcome=data["outcome"],
            collective_opportunity=data["collective_opportunity"],
            resident_idea=data["resident_idea"],
            is_wmo_report=data["is_wmo_report"],
            reported_on=data["reported_on"],
            investigation_done_on=data["investigation_done_on"],
            applied_on=data["applied_on"],
            decided_on=data["decided_on"],
            after_save=self.extension_savers(form, created=False),
            request=self.request,
        )

    def get_success_url(self) -> str:
        return self.detail_url()


# --- Mijn gesprekken ---------------------------------------------------------------------


class MyConversationsView(RoleRequiredMixin, TemplateView):
    """The conversations the user recorded, newest first, 25 a page (conversations:mine)."""

    access_model = Conversation
    template_name = "conversations/my_conversations.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        page = selectors.my_conversations(
            user=self.request.user, page=self.request.GET.get("pagina", 1), request=self.request
        )
        context.update(page_obj=page, conversations=page.object_list)
        return context

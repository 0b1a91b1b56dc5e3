"""Pages of the API: the documentation (rendered on the server from the schema) and the API
clients of the municipality (/api/koppelingen/), thin views over ``selectors`` and
``services``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.constants import Action
from wijkkompas.components.forms import add_service_error
from wijkkompas.components.mixins import RoleRequiredMixin
from wijkkompas.core.exceptions import ApplicationError

from . import docs, selectors, services
from .constants import ApiScope
from .forms import ApiClientForm
from .models import ApiClient


class ApiDocsView(TemplateView):
    """/api/docs/: every operation of the API (method, path, summary, parameters, request
    body fields, responses) and the schemas they use, rendered on the server from the
    generated OpenAPI schema (``api.docs``). Public, as the schema is."""

    template_name = "api/docs.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["doc"] = docs.documentation()
        return context


# --- API clients (/api/koppelingen/) --------------------------------------------------------


class ApiClientListView(RoleRequiredMixin, TemplateView):
    """The API clients of the municipality (api:clients): the functional administrator
    manages them, the privacy officer may look."""

    access_model = ApiClient
    template_name = "api/client_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            clients=selectors.api_client_list(user=self.request.user, request=self.request),
            may_change=may_use(self.request.user, ApiClient, Action.CHANGE),
            scope_labels=dict(ApiScope.choices),
        )
        return context


class ApiClientCreateView(RoleRequiredMixin, FormView):
    """A new client (api:client_create). The token is shown once, in the answer to the
    POST, and never stored: the page says to copy it now."""

    access_model = ApiClient
    access_action = Action.CHANGE
    template_name = "api/client_form.html"
    form_class = ApiClientForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form: ApiClientForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            client, token = services.api_client_create(
                user=self.request.user,
                name=data["name"],
                account=data["account"],
                scopes=data["scopes"],
                organisation=data.get("organisation"),
                request=self.request,
            )
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)
        response = render(
            self.request,
            "api/client_created.html",
            {"client": client, "token": token, "scope_labels": dict(ApiScope.choices)},
        )
        response["Cache-Control"] = "no-store"
        return response


class ApiClientRevokeView(RoleRequiredMixin, TemplateView):
    """Revoke a client (api:client_revoke): a page to confirm, then POST."""

    access_model = ApiClient
    access_action = Action.CHANGE
    template_name = "api/client_revoke.html"

    def client(self) -> ApiClient:
        return selectors.api_client_get(
            user=self.request.user, pk=self.kwargs["pk"], action=Action.CHANGE, request=self.request
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["client"] = self.client()
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        client = self.client()
        services.api_client_revoke(user=request.user, client=client, request=request)
        messages.success(
            request, _("%(name)s has been revoked: its token no longer works.") % {"name": client}
        )
        return HttpResponseRedirect(reverse("api:clients"))

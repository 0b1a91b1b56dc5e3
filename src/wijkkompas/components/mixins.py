"""View mixins that apply the permission layer once for every page.

* :class:`RoleRequiredMixin` refuses (403) a role that has no access of this kind at all;
* :class:`ScopedObjectMixin` looks objects up only within the user's scope, so an
  object of another municipality or team answers 404; the refusal is logged.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponse, HttpResponseRedirect

from wijkkompas.accounts.access import may_use
from wijkkompas.accounts.constants import Action
from wijkkompas.accounts.signals import access_refused
from wijkkompas.core.exceptions import ApplicationError

from .forms import add_service_error


class RoleRequiredMixin(LoginRequiredMixin):
    """The page is about ``access_model``; the user's role must have ``access_action`` on it."""

    access_model: ClassVar[type[models.Model] | None] = None
    access_action: ClassVar[str] = Action.VIEW

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.access_model is not None and not may_use(
            request.user, self.access_model, self.access_action
        ):
            access_refused.send(sender=self.access_model, request=request, user=request.user)
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ServiceFormMixin:
    """A form page whose valid form goes to a service (:meth:`perform`).

    The service's result is kept as ``self.result``; a refusal
    (:class:`~wijkkompas.core.exceptions.ApplicationError`) becomes a form error and
    nothing is saved; on success the page shows ``success_message`` and redirects to
    ``get_success_url()``.
    """

    success_message: Any = ""
    result: Any = None

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            self.result = self.perform(form)
        except ApplicationError as error:
            add_service_error(form, error)
            return self.form_invalid(form)  # type: ignore[attr-defined]
        if self.success_message:
            messages.success(self.request, self.success_message)  # type: ignore[attr-defined]
        return HttpResponseRedirect(self.get_success_url())  # type: ignore[attr-defined]

    def perform(self, form: Any) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

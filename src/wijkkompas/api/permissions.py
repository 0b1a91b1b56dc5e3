"""The API's permission check: the same role rule as the pages, plus the client's scopes.

Objects outside the user's scope are not in the viewset's queryset (404), exactly as on the
pages; a role that has no access of this kind at all gets 403, exactly as
:class:`~wijkkompas.components.mixins.RoleRequiredMixin` gives it on the page.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from wijkkompas.accounts.access import may_use, policy_of
from wijkkompas.accounts.constants import Action
from wijkkompas.accounts.signals import access_refused

from .models import ApiClient


def required_scope(view: Any, method: str) -> str | None:
    family = getattr(view, "scope_family", None)
    if family is None:
        return None
    return f"{family}:{'read' if method in SAFE_METHODS else 'write'}"


class ApiPermission(BasePermission):
    message: Any = _("You do not have permission to do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            # Published rows (a policy's ``public``) are readable without an account, as
            # on the public pages; the queryset holds only those.
            return bool(
                getattr(view, "public_read", False)
                and request.method in SAFE_METHODS
                and getattr(view, "access_model", None) is not None
                and policy_of(view.access_model).public is not None
            )
        client = request.auth
        if isinstance(client, ApiClient):
            scope = required_scope(view, request.method)
            if scope is not None and scope not in client.scopes:
                self.message = _("This API client has no scope %(scope)s.") % {"scope": scope}
                return False
        model = getattr(view, "access_model", None)
        if model is None:
            return True
        action = view.access_action_for(request)
        if not may_use(user, model, action):
            access_refused.send(sender=model, request=request, user=user)
            return False
        return True


def action_for(method: str) -> str:
    return Action.VIEW if method in SAFE_METHODS else Action.CHANGE

"""API clients: systems of an organisation that call the API with a token."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.access import AccessPolicy, ScopedQuerySet
from wijkkompas.accounts.constants import Role


class ApiClient(models.Model):
    """Koppeling: another registration system (an organisation's client system, the
    municipality's Wmo system) that reads and writes through the API with a token.

    The client acts as one account (``account``): that account's role, teams and
    organisations decide what it may see, through the same permission layer as the pages,
    and ``scopes`` narrow it further. Only a SHA-256 hash of the token is kept; the token
    itself is shown once, when the client is created. A revoked client is refused at once.
    """

    municipality = models.ForeignKey(
        "areas.Municipality", verbose_name=_("municipality"), on_delete=models.CASCADE
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("The organisation whose system this is."),
    )
    name = models.CharField(_("name"), max_length=100)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("acts as account"),
        on_delete=models.PROTECT,
        related_name="api_clients",
        help_text=_("The system acts with the role, teams and organisations of this account."),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    token_prefix = models.CharField(_("token prefix"), max_length=16, unique=True)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    access_policy = AccessPolicy(
        tenant="municipality_id",
        view=frozenset({Role.ADMIN, Role.PRIVACY_OFFICER}),
        change=frozenset({Role.ADMIN}),
    )

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

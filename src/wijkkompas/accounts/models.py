"""Accounts: a user has one role, belongs to one municipality (the tenant) and,
for team roles, to one or more teams."""

from typing import ClassVar, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from .constants import ROLES_REQUIRING_2FA, TEAM_ROLES, Role


class User(AbstractUser):
    """A person who logs in to Wijkkompas.

    The role decides what kinds of things the user may see; the municipality and the
    teams decide which ones. A superuser is not a role: it is for the operator only.
    """

    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    municipality = models.ForeignKey(
        "areas.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("The tenant this account belongs to."),
    )
    teams = models.ManyToManyField(
        "teams.Team",
        verbose_name=_("teams"),
        blank=True,
        related_name="users",
        help_text=_("For team roles: the teams whose work this account may see."),
    )
    is_demo = models.BooleanField(
        _("demo account"), default=False, help_text=_("Created by the demo command.")
    )

    objects: ClassVar[UserManager[Self]] = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_team_role(self) -> bool:
        return self.role in TEAM_ROLES

    @property
    def requires_2fa(self) -> bool:
        return self.role in ROLES_REQUIRING_2FA

    def team_ids(self) -> list[int]:
        """Ids of the teams in this user's scope (cached per request object)."""
        cached = getattr(self, "_team_ids_cache", None)
        if cached is None:
            cached = list(self.teams.values_list("pk", flat=True))
            self._team_ids_cache = cached
        return cached

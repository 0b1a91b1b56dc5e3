"""Roles of Wijkkompas (see DESIGN.md, "Users and roles")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    COORDINATOR = "coordinator", _("Coordinator (regisseur)")
    TEAM_LEAD = "team_lead", _("Team lead")
    POLICY_OFFICER = "policy_officer", _("Policy officer")
    RESEARCHER = "researcher", _("Researcher")
    INITIATOR = "initiator", _("Initiator")
    RESIDENT = "resident", _("Resident")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMIN = "admin", _("Functional administrator")


#: Roles whose scope is one or more teams (not the whole municipality).
TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})

#: Roles that may see cases (and so unsuppressed aggregates).
CASE_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR})

#: Roles that can see personal data and so must log in with a second factor.
ROLES_REQUIRING_2FA = frozenset(
    {
        Role.PROFESSIONAL,
        Role.COORDINATOR,
        Role.TEAM_LEAD,
        Role.PRIVACY_OFFICER,
        Role.ADMIN,
        Role.RESIDENT,
    }
)

#: Roles that get the shorter idle timeout.
RESIDENT_ROLES = frozenset({Role.RESIDENT, Role.INITIATOR})


class Action(models.TextChoices):
    VIEW = "view", _("view")
    CHANGE = "change", _("change")


#: DEMO ONLY. The TOTP secret (base32) of every demo account (``User.is_demo``), so that
#: demo users can pass the second factor: `wijkkompas demo_totp` prints the current codes,
#: or add this secret to any authenticator app. It is public: never use it for a real
#: account (``accounts.services.demo_device_ensure`` refuses non-demo accounts).
DEMO_TOTP_SECRET = "WIJKKOMPASDEMOSECRETNIETGEHEIM23"  # noqa: S105 - public demo secret


#: The Django admin (/beheer/) group of functional administrators (role ``admin``): users of
#: their own municipality and reference data. Kept up to date after every migrate.
ADMIN_GROUP_NAME = "Functioneel beheer"
ADMIN_GROUP_PERMISSIONS = (
    ("accounts", "user", ("view", "add", "change")),
    ("organisations", "discipline", ("view", "add", "change")),
)

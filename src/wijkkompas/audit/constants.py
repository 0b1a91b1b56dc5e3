"""Kinds of audit events."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class Event(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOCKED_OUT = "locked_out", _("Account locked")
    LOGOUT = "logout", _("Logout")
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_FAILED = "otp_failed", _("Second factor refused")
    OTP_SETUP = "otp_setup", _("Second factor set up")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    SESSION_EXPIRED = "session_expired", _("Session expired")
    REFUSED = "refused", _("Access refused")
    READ = "read", _("Read")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")


class Purpose(models.TextChoices):
    """Why personal data was read or written (the purpose binding of the GDPR)."""

    TEAM_COMPOSITION = "team_composition", _("Team composition and network")
    TEAM_MANAGEMENT = "team_management", _("Managing the team")
    ACCOUNT_SECURITY = "account_security", _("Account security")
    ADMINISTRATION = "administration", _("Functional administration")
    PRIVACY_SUPERVISION = "privacy_supervision", _("Privacy supervision")
    SUPPORT = "support", _("Supporting the resident")
    CASELOAD = "caseload", _("Overview of the team's caseload")
    CASE_COORDINATION = "case_coordination", _("Coordinating the household plan")
    CASE_DISCUSSION = "case_discussion", _("Closed case discussion")
    WMO = "wmo", _("Wmo investigation and legal terms")
    RISK = "risk", _("Risk signals and safety (Meldcode)")
    WORKLIST = "worklist", _("Personal worklist")
    OWN_DATA = "own_data", _("The resident viewing their own data")
    CONSENT = "consent", _("Recording or withdrawing consent")
    DATA_REQUEST = "data_request", _("Handling a data subject request (AVG)")
    RETENTION = "retention", _("Purging data after the retention period")


AUDIT_VIEW_ROLES = frozenset({Role.PRIVACY_OFFICER})

#: Events that are security incidents worth the privacy officer's attention.
SECURITY_EVENTS = frozenset({Event.LOGIN_FAILED, Event.LOCKED_OUT, Event.OTP_FAILED, Event.REFUSED})

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
    EXCHANGE = "exchange", _("Exchange with another registration system (API, import, export)")


class Status(models.IntegerChoices):
    """Status of the processing (``status_code`` of the Logboek Dataverwerkingen standard)."""

    UNSET = 0, _("Not set (done, or refused because of the request)")
    OK = 1, _("Done")
    ERROR = 2, _("Failed")


#: Events that end without processing personal data, refused because of the request (the
#: standard's "client-side" outcome: status UNSET).
REFUSAL_EVENTS = frozenset({Event.LOGIN_FAILED, Event.LOCKED_OUT, Event.OTP_FAILED, Event.REFUSED})

#: Default reference to the register of processing activities ("register van
#: verwerkingsactiviteiten") for a purpose: ``<prefix><purpose code>``. A municipality sets
#: its own register's URIs with the ``WIJKKOMPAS_PROCESSING_ACTIVITIES`` setting.
PROCESSING_ACTIVITY_PREFIX = "urn:wijkkompas:verwerkingsactiviteit:"

#: What kind of id ``AccessLogSubject.resident_id`` is (``dpl.core.data_subject_id_type``):
#: Wijkkompas' own resident number, a pseudonym of the person, never the BSN.
DATA_SUBJECT_ID_TYPE = "urn:wijkkompas:inwonernummer"

AUDIT_VIEW_ROLES = frozenset({Role.PRIVACY_OFFICER})

#: Events that are security incidents worth the privacy officer's attention.
SECURITY_EVENTS = frozenset({Event.LOGIN_FAILED, Event.LOCKED_OUT, Event.OTP_FAILED, Event.REFUSED})

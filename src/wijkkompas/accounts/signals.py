"""Signals sent by the accounts app; the audit app records them in the access log.

(The accounts app sits below the audit app in the layering, so it announces security
events instead of writing the log itself.)
"""

from django.dispatch import Signal

#: A session ended by the idle or absolute timeout: (request, user, reason).
#: ``reason`` is "idle" or "absolute".
session_expired = Signal()

#: The second factor was verified: (request, user, device).
otp_verified = Signal()

#: A wrong or refused second-factor code: (request, user).
otp_failed = Signal()

#: A user confirmed a new TOTP device (set up the second factor): (request, user, device).
otp_device_confirmed = Signal()

#: A user changed their password: (request, user).
password_changed = Signal()

#: Sent when the permission layer refuses a page or an object (403 or 404):
#: sender is the model class, with (request, user). The audit app logs it.
access_refused = Signal()

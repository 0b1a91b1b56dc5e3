"""Signals sent by the accounts app (received by the audit app)."""

from django.dispatch import Signal

#: Sent when a session ends by the idle or absolute timeout: (request, user).
session_expired = Signal()

#: Sent when the permission layer refuses a page or an object (403 or 404):
#: sender is the model class, with (request, user). The audit app logs it.
access_refused = Signal()

"""Signals sent by the accounts app (received by the audit app)."""

from django.dispatch import Signal

#: Sent when a session ends by the idle or absolute timeout: (request, user).
session_expired = Signal()

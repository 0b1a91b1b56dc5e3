"""Signals of the organisations app, for apps above it that keep derived data."""

from django.dispatch import Signal

#: Sent inside the transaction after an organisation's name, craft or discipline changed:
#: ``organisation_id``. The teams app refreshes the summaries of the teams it works in.
organisation_changed = Signal()

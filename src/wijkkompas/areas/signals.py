"""Signals of the areas app, for apps above it that keep derived data."""

from django.dispatch import Signal

#: Sent inside the transaction after a district or neighbourhood was renamed or recoded:
#: ``district_id`` or ``neighbourhood_id``. The teams app refreshes the summaries of the
#: teams that serve it.
area_changed = Signal()

#: Sent inside the transaction after a municipality's choice to share its aggregates with
#: the knowledge circle changed: ``municipality`` (the saved instance), ``shares`` (the new
#: choice), ``user`` (who chose, or None) and ``note`` (why, may be empty). The circle app
#: records the choice in its history.
sharing_changed = Signal()

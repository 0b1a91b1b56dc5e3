"""Factories of the rights app."""

from __future__ import annotations

import datetime as dt

import factory

from wijkkompas.rights.constants import RequestKind
from wijkkompas.rights.models import DataRequest
from wijkkompas.rights.services import add_months


class DataRequestFactory(factory.django.DjangoModelFactory[DataRequest]):
    """A registered request about ``resident_id`` in ``municipality`` (pass both)."""

    class Meta:
        model = DataRequest

    kind = RequestKind.ACCESS
    resident_id = 1
    received_on = factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(days=3))
    due_on = factory.LazyAttribute(lambda o: add_months(o.received_on, 1))

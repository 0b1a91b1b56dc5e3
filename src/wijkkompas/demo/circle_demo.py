"""The demo's knowledge circle (issue 5, item 7).

* the nine municipalities of appendix 1 that have social teams (Zaanstad, Velsen,
  Beverwijk, Purmerend, Langedijk, Hilversum, Heerhugowaard, Heemskerk, Haarlem) share
  their figures with the knowledge circle; Alkmaar and Heiloo do not (at their own request
  their conversations were not taken up in full in the eBook, footnote 36 of the document),
  so the comparison shows the participation table and the choice-question schema of the
  appendix for exactly those nine;
* every one of the nine has a submitted self-assessment in both rounds: the nulmeting and
  the éénmeting of ``selfassessments_demo``, completed here for the three that the
  self-assessment demo leaves out of the éénmeting (Beverwijk, Langedijk, Heemskerk);
* each choice to share is in the history, dated at the start of the circle's research
  (spring 2014); Oldebroek (the demo municipality) has made no choice yet, so the demo
  policy officer can opt in.

Rows are matched on natural keys: a second load changes nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkkompas.areas.models import Municipality
from wijkkompas.circle.cache import bump
from wijkkompas.circle.models import SharingChoice
from wijkkompas.demo import selfassessments_demo as assessments
from wijkkompas.selfassessments.constants import KENNISKRING_QUESTIONNAIRE, AssessmentStatus
from wijkkompas.selfassessments.models import MeasurementRound, Question

#: The knowledge circle's municipalities that do not share (appendix 1, footnote 36).
NOT_SHARING = ("GM0361", "GM0399")  # Alkmaar, Heiloo
CHOSEN_AT = dt.datetime(2014, 3, 1, 12, 0)
NOTE_SHARES = "Deelname aan de Kenniskring Sociale Teams Noord-Holland."
NOTE_NOT_SHARING = "Op verzoek van de gemeente niet gedeeld (gesprekken niet integraal opgenomen)."


def _history(municipality: Municipality) -> bool:
    """Record the municipality's current choice unless the history already ends with it."""
    last = SharingChoice.objects.filter(municipality=municipality).order_by("-chosen_at", "-pk")
    latest = last.first()
    if latest is not None and latest.shares == municipality.shares_aggregates:
        return False
    SharingChoice.objects.create(
        municipality=municipality,
        shares=municipality.shares_aggregates,
        note=NOTE_SHARES if municipality.shares_aggregates else NOTE_NOT_SHARING,
        chosen_at=timezone.make_aware(CHOSEN_AT),
    )
    return True


@transaction.atomic
def circle_demo_load() -> dict[str, Any]:
    """Complete the éénmeting of the nine and record their choices; returns what it wrote."""
    codes = (*assessments.APPENDIX, *NOT_SHARING)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    written = {"eenmeting": 0, "choices": 0}
    eenmeting = MeasurementRound.objects.filter(name=assessments.EENMETING[0]).first()
    if eenmeting is not None:
        questions = {
            q.code: q
            for q in Question.objects.filter(questionnaire__code=KENNISKRING_QUESTIONNAIRE)
        }
        for code, realities in assessments._nulmeting_realities().items():
            municipality = municipalities.get(code)
            if municipality is None or code in assessments.EENMETING_CODES:
                continue
            wishes = {
                q: assessments._clamp(r + assessments.WISH_DIRECTION[q])
                for q, r in realities.items()
            }
            moved = {q: r + (wishes[q] > r) - (wishes[q] < r) for q, r in realities.items()}
            assessments._store(
                measurement_round=eenmeting,
                municipality=municipality,
                questions=questions,
                scores={q: (moved[q], wishes[q]) for q in realities},
                status=AssessmentStatus.SUBMITTED,
            )
            written["eenmeting"] += 1
    for municipality in municipalities.values():
        written["choices"] += _history(municipality)
    bump()
    return written


def circle_overview() -> str:
    """One line for ``demo_overview``."""
    sharing = Municipality.objects.filter(shares_aggregates=True).order_by("name")
    names = ", ".join(m.name for m in sharing)
    return f"Knowledge circle: {sharing.count()} municipalities share ({names or 'none'})"

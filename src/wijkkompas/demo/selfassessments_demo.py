"""The demo's self-assessment rounds (zelfevaluatie, issue 5).

* two measurement rounds of the knowledge circle: the "Nulmeting 2014" (closed) and the
  "Eenmeting 2015" (open);
* the nulmeting of the nine municipalities of appendix 1 of the Kenniskring document
  (Zaanstad, Velsen, Beverwijk, Purmerend, Langedijk, Hilversum, Heerhugowaard, Heemskerk,
  Haarlem), with the distribution of the appendix's schema per question as their reality
  (and the few answers the text names: Haarlem steers strongly, Zaanstad is the central
  access to the Wmo, the youth team of Langedijk has a weak link with basic care, the
  second-line team of Hilversum a weak link with youth networks); the wish is fictional:
  one point towards the pole the text calls desirable;
* the éénmeting of six of them, the reality one point closer to the wish;
* Oldebroek (the demo municipality, which does not share its aggregates): a submitted
  nulmeting and a draft éénmeting, half filled in, for the demo policy officer to finish.

The rows are written directly (there are no accounts in the knowledge-circle
municipalities), matched on natural keys (round name, municipality code, question code):
a second load changes nothing. Municipalities that are not in the database are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from wijkkompas.areas.models import Municipality
from wijkkompas.selfassessments.constants import KENNISKRING_QUESTIONNAIRE, AssessmentStatus
from wijkkompas.selfassessments.models import (
    MeasurementRound,
    Question,
    Questionnaire,
    SelfAssessment,
    SelfAssessmentAnswer,
)

NULMETING = ("Nulmeting 2014", dt.date(2014, 4, 1), 1, False)
EENMETING = ("Eenmeting 2015", dt.date(2015, 4, 1), 2, True)

#: The nine municipalities of the appendix's schema, in its order.
APPENDIX = (
    "GM0479",  # Zaanstad
    "GM0453",  # Velsen
    "GM0375",  # Beverwijk
    "GM0439",  # Purmerend
    "GM0416",  # Langedijk
    "GM0402",  # Hilversum
    "GM0398",  # Heerhugowaard
    "GM0396",  # Heemskerk
    "GM0392",  # Haarlem
)
#: Per question (in order): how many of the nine municipalities chose points 1..5 (the
#: schema of appendix 1, read as well as the scanned table allows).
DISTRIBUTION = {
    "inrichting": (5, 2, 2, 0, 0),
    "rol-gemeente": (1, 0, 5, 3, 0),
    "positionering": (0, 4, 5, 0, 0),
    "doelgroepen": (1, 2, 1, 5, 0),
    "type-professional": (2, 1, 3, 3, 0),
    "verbinding-0de-lijn": (3, 5, 1, 0, 0),
    "integratie-jeugd": (2, 3, 3, 1, 0),
    "basiszorg": (0, 5, 3, 1, 0),
    "regie-burger": (0, 3, 1, 5, 0),
    "toegang-wmo": (1, 3, 2, 1, 2),
    "handelingsbevoegdheid": (0, 6, 3, 0, 0),
}
#: Answers the text of the appendix names: (municipality code, question code) -> point.
NAMED = {
    ("GM0392", "rol-gemeente"): 1,  # Haarlem steers very strongly
    ("GM0479", "toegang-wmo"): 1,  # Zaanstad: the team is the central access
    ("GM0416", "basiszorg"): 4,  # Langedijk's youth team: weak link with basic care
    ("GM0402", "integratie-jeugd"): 4,  # Hilversum's second-line team
}
#: The direction of the wish per question: -1 towards the left pole, +1 the right, 0 none.
WISH_DIRECTION = {
    "inrichting": 1,
    "rol-gemeente": 1,
    "positionering": -1,
    "doelgroepen": 0,
    "type-professional": -1,
    "verbinding-0de-lijn": -1,
    "integratie-jeugd": -1,
    "basiszorg": -1,
    "regie-burger": 1,
    "toegang-wmo": -1,
    "handelingsbevoegdheid": -1,
}
#: The municipalities that took part in the éénmeting.
EENMETING_CODES = ("GM0479", "GM0453", "GM0439", "GM0402", "GM0398", "GM0392")
#: Oldebroek's own answers: (reality, wish) per question.
OLDEBROEK_CODE = "GM0269"
OLDEBROEK = {
    "inrichting": (2, 3),
    "rol-gemeente": (2, 3),
    "positionering": (2, 1),
    "doelgroepen": (1, 1),
    "type-professional": (2, 2),
    "verbinding-0de-lijn": (2, 1),
    "integratie-jeugd": (3, 2),
    "basiszorg": (3, 2),
    "regie-burger": (3, 4),
    "toegang-wmo": (4, 2),
    "handelingsbevoegdheid": (3, 2),
}
OLDEBROEK_COMMENTS = {
    "toegang-wmo": (
        "De toegang loopt nog grotendeels via het Wmo-loket; het team wil die overnemen."
    ),
    "regie-burger": "Keukentafelgesprekken met het eigen plan van de inwoner als uitgangspunt.",
}


def _clamp(point: int) -> int:
    return min(5, max(1, point))


def _nulmeting_realities() -> dict[str, dict[str, int]]:
    """municipality code -> question code -> reality, following the appendix's schema."""
    result: dict[str, dict[str, int]] = {code: {} for code in APPENDIX}
    for number, (question, counts) in enumerate(DISTRIBUTION.items()):
        points = [point for point, count in enumerate(counts, start=1) for _ in range(count)]
        # A different order per question, so no municipality is always on the left.
        shift = (number * 4) % len(points)
        points = points[shift:] + points[:shift]
        order = list(APPENDIX)
        for (code, named_question), point in NAMED.items():
            if named_question != question or point not in points:
                continue
            # Give the named municipality the named point, by swapping with another one.
            mine, theirs = order.index(code), points.index(point)
            points[mine], points[theirs] = points[theirs], points[mine]
        for code, point in zip(order, points, strict=True):
            result[code][question] = point
    return result


def _store(
    *,
    measurement_round: MeasurementRound,
    municipality: Municipality,
    questions: dict[str, Question],
    scores: Mapping[str, tuple[int | None, int | None]],
    status: str,
    comments: dict[str, str] | None = None,
) -> None:
    assessment, _created = SelfAssessment.objects.get_or_create(
        round=measurement_round, municipality=municipality, team=None
    )
    for code, (reality, wish) in scores.items():
        SelfAssessmentAnswer.objects.update_or_create(
            assessment=assessment,
            question=questions[code],
            defaults={
                "reality": reality,
                "wish": wish,
                "comment": (comments or {}).get(code, ""),
            },
        )
    if assessment.status != status:
        assessment.status = status
        assessment.submitted_at = (
            timezone.make_aware(dt.datetime.combine(measurement_round.held_on, dt.time(12)))
            if status == AssessmentStatus.SUBMITTED
            else None
        )
        assessment.save()


def _round(spec: tuple[str, dt.date, int, bool], questionnaire: Questionnaire) -> MeasurementRound:
    name, held_on, order, is_open = spec
    measurement_round, _created = MeasurementRound.objects.update_or_create(
        name=name,
        defaults={
            "questionnaire": questionnaire,
            "held_on": held_on,
            "order": order,
            "open": is_open,
        },
    )
    return measurement_round


@transaction.atomic
def selfassessments_demo_load() -> dict[str, Any]:
    """Load (or refresh) the demo's rounds and self-assessments; returns what it wrote."""
    questionnaire = Questionnaire.objects.get(code=KENNISKRING_QUESTIONNAIRE)
    questions = {q.code: q for q in Question.objects.filter(questionnaire=questionnaire)}
    nulmeting = _round(NULMETING, questionnaire)
    eenmeting = _round(EENMETING, questionnaire)
    codes = (*APPENDIX, OLDEBROEK_CODE)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    written = {"nulmeting": 0, "eenmeting": 0}
    for code, realities in _nulmeting_realities().items():
        municipality = municipalities.get(code)
        if municipality is None:
            continue
        wishes = {q: _clamp(r + WISH_DIRECTION[q]) for q, r in realities.items()}
        _store(
            measurement_round=nulmeting,
            municipality=municipality,
            questions=questions,
            scores={q: (r, wishes[q]) for q, r in realities.items()},
            status=AssessmentStatus.SUBMITTED,
        )
        written["nulmeting"] += 1
        if code in EENMETING_CODES:
            moved = {q: r + (wishes[q] > r) - (wishes[q] < r) for q, r in realities.items()}
            _store(
                measurement_round=eenmeting,
                municipality=municipality,
                questions=questions,
                scores={q: (moved[q], wishes[q]) for q in realities},
                status=AssessmentStatus.SUBMITTED,
            )
            written["eenmeting"] += 1
    oldebroek = municipalities.get(OLDEBROEK_CODE)
    if oldebroek is not None:
        _store(
            measurement_round=nulmeting,
            municipality=oldebroek,
            questions=questions,
            scores=OLDEBROEK,
            status=AssessmentStatus.SUBMITTED,
            comments=OLDEBROEK_COMMENTS,
        )
        half = dict(list(OLDEBROEK.items())[:5])
        _store(
            measurement_round=eenmeting,
            municipality=oldebroek,
            questions=questions,
            scores={q: (_clamp(r + (w > r) - (w < r)), w) for q, (r, w) in half.items()},
            status=AssessmentStatus.DRAFT,
        )
    return written


def selfassessments_overview() -> str:
    """One line for ``demo_overview``."""
    rounds = ", ".join(
        f"{r.name} ({r.assessments.filter(status=AssessmentStatus.SUBMITTED).count()} submitted)"
        for r in MeasurementRound.objects.order_by("order")
    )
    return f"Self-assessment rounds: {rounds or 'none'}"

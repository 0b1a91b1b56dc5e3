"""The comparison page of the knowledge circle, kept while its data does not change.

The page shows only aggregates (counts of teams and municipalities, suppressed counts of
members, the distribution of the choice questions): no personal data. Computing and
rendering it reads the teams' summaries and every submitted self-assessment of the circle;
between two changes it is the same page for every user with the same scope. The rendered
body is kept in Django's cache under a key made of the round shown, the language, the
suppression rules, the user's scope (``accounts.access.scope_key``: role, municipality,
teams) and the circle's data version (``core.versions``, namespace ``CIRCLE_FIGURES``).

:func:`connect` gives the circle a new version whenever something the page shows is saved
or deleted: a municipality (its name, its choice to share), a team, a membership, an
organisation or discipline, a measurement round, a self-assessment or an answer. A kept
body also expires after the neighbourhood page's ``seconds()`` (the same setting, five
minutes by default; its ``body()`` keeps and reads the entry), a bound on staleness should
a write ever bypass the hooks (a bulk load).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

from wijkkompas.accounts.access import scope_key
from wijkkompas.core import versions
from wijkkompas.neighbourhoods.cache import body, seconds

__all__ = ["body", "bump", "connect", "page_key"]
from wijkkompas.signals.suppression import SuppressionRules, for_case_role

from .constants import CIRCLE_FIGURES, CIRCLE_SCOPE


def page_key(*, user: Any, part: str, round_id: int | None) -> str | None:
    """The cache key of a part of the page for ``user``, or None when it is not kept."""
    if seconds() <= 0 or for_case_role(user):
        return None
    rules = SuppressionRules.from_settings()
    parts = (
        part,
        round_id or 0,
        get_language(),
        rules.threshold,
        rules.rounding,
        versions.current(CIRCLE_FIGURES, CIRCLE_SCOPE),
        *scope_key(user),
    )
    return "wk:circle-page:" + ":".join(str(p) for p in parts)


def bump() -> None:
    """A new version of the circle's figures (after the current transaction commits)."""
    versions.bump(CIRCLE_FIGURES, CIRCLE_SCOPE)


def _changed(sender: Any, **kwargs: Any) -> None:
    bump()


#: What the page shows: (app label, model name).
WATCHED = (
    ("areas", "Municipality"),
    ("teams", "Team"),
    ("teams", "Membership"),
    ("organisations", "Organisation"),
    ("organisations", "Discipline"),
    ("selfassessments", "MeasurementRound"),
    ("selfassessments", "SelfAssessment"),
    ("selfassessments", "SelfAssessmentAnswer"),
)


def connect() -> None:
    """Connect the hooks (``CircleConfig.ready``)."""
    for label, name in WATCHED:
        model = apps.get_model(label, name)
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, dispatch_uid=f"wk-circle-{label}-{name}")

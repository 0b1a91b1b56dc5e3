"""Writes of residents' ideas ("Maak het verschil").

Rules (with the message the user sees):

* anyone, without an account, sends an idea for a neighbourhood (:func:`idea_submit`) or
  joins a published one (:func:`idea_join`), leaving a name and an email address or phone
  number; the idea is not public until the team publishes it;
* the team that serves the neighbourhood moderates (:func:`idea_publish`,
  :func:`idea_reject` with a reason) and coaches the idea (:func:`idea_assign_coach`: a
  team-role member of that team);
* an idea grows into an initiative (:func:`idea_mark_grown`, called by
  ``initiatives.services.initiative_start_from_idea``).

Spam protection of the public forms is in :mod:`.spam` (the views call it before these
services). Every function validates fully and runs in one transaction; writes of
supporters (personal data) are logged.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wijkkompas.accounts.access import require as _require
from wijkkompas.accounts.constants import Action
from wijkkompas.audit.constants import Event
from wijkkompas.audit.services import log_access
from wijkkompas.core.exceptions import ApplicationError
from wijkkompas.core.exceptions import full_clean_or_refuse as _full_clean

from .constants import PUBLIC_STATUSES, IdeaStatus
from .models import Idea, IdeaSupporter
from .selectors import SUPPORTER_PURPOSE, coach_choices


def _serving_team_id(neighbourhood: Any) -> int | None:
    """The team that serves the neighbourhood (directly, else through its district)."""
    team_id = neighbourhood.teams.order_by("pk").values_list("pk", flat=True).first()
    if team_id is None:
        team_id = neighbourhood.district.teams.order_by("pk").values_list("pk", flat=True).first()
    return team_id


def _supporter(
    *, idea: Idea, name: str, email: str, phone: str, message: str, is_submitter: bool
) -> IdeaSupporter:
    supporter = IdeaSupporter(
        idea=idea,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        message=message.strip(),
        is_submitter=is_submitter,
    )
    _full_clean(supporter, exclude=["idea"])
    supporter.save()
    log_access(
        user=None,
        action=Event.CREATE,
        purpose=SUPPORTER_PURPOSE,
        obj=supporter,
        municipality_id=idea.neighbourhood.district.municipality_id,
    )
    return supporter


@transaction.atomic
def idea_submit(
    *,
    neighbourhood: Any,
    title: str,
    description: str,
    name: str,
    email: str = "",
    phone: str = "",
    message: str = "",
) -> Idea:
    """A resident sends an idea for ``neighbourhood``; they become its first supporter.

    The idea waits for the team's moderation before anyone else sees it.
    """
    idea = Idea(
        neighbourhood=neighbourhood,
        team_id=_serving_team_id(neighbourhood),
        title=title.strip(),
        description=description.strip(),
        status=IdeaStatus.SUBMITTED,
    )
    _full_clean(idea)
    idea.save()
    _supporter(idea=idea, name=name, email=email, phone=phone, message=message, is_submitter=True)
    return idea


@transaction.atomic
def idea_join(
    *, idea: Idea, name: str, email: str = "", phone: str = "", message: str = ""
) -> IdeaSupporter:
    """ "Ik doe mee": a resident joins a published idea, leaving contact details for the coach."""
    idea = (
        Idea.objects.select_for_update().select_related("neighbourhood__district").get(pk=idea.pk)
    )
    if not idea.public or idea.status not in PUBLIC_STATUSES:
        raise ApplicationError(_("You can only join an idea that has been published."))
    return _supporter(
        idea=idea, name=name, email=email, phone=phone, message=message, is_submitter=False
    )


def _locked(idea: Idea, user: Any) -> Idea:
    _require(user, Action.CHANGE, idea)
    return Idea.objects.select_for_update().get(pk=idea.pk)


def _moderated(idea: Idea, user: Any) -> None:
    now = timezone.now()
    idea.moderated_by = user
    idea.moderated_at = now


@transaction.atomic
def idea_publish(
    *, idea: Idea, user: Any, title: str | None = None, description: str | None = None
) -> Idea:
    """The team publishes a submitted (or earlier rejected) idea, optionally with a
    corrected title and description (e.g. without names of others)."""
    idea = _locked(idea, user)
    if idea.status not in (IdeaStatus.SUBMITTED, IdeaStatus.REJECTED, IdeaStatus.PUBLISHED):
        raise ApplicationError(_("This idea has already grown into an initiative."))
    if title is not None:
        idea.title = title.strip()
    if description is not None:
        idea.description = description.strip()
    if idea.status != IdeaStatus.PUBLISHED:
        idea.published_at = timezone.now()
    idea.status = IdeaStatus.PUBLISHED
    idea.public = True
    idea.rejection_reason = ""
    _moderated(idea, user)
    _full_clean(idea)
    idea.save()
    return idea


@transaction.atomic
def idea_reject(*, idea: Idea, user: Any, reason: str) -> Idea:
    """The team rejects an idea, with the reason; it leaves (or never reaches) the public page."""
    idea = _locked(idea, user)
    if idea.status == IdeaStatus.GROWN:
        raise ApplicationError(_("This idea has already grown into an initiative."))
    if not reason.strip():
        raise ApplicationError(
            _("Give the reason why the idea is rejected."), field="rejection_reason"
        )
    idea.status = IdeaStatus.REJECTED
    idea.public = False
    idea.rejection_reason = reason.strip()
    _moderated(idea, user)
    _full_clean(idea)
    idea.save()
    return idea


@transaction.atomic
def idea_assign_coach(*, idea: Idea, user: Any, coach: Any | None) -> Idea:
    """A team member coaches the idea (``coach=None``: nobody for now)."""
    idea = _locked(idea, user)
    if coach is not None and not coach_choices(idea=idea).filter(pk=coach.pk).exists():
        raise ApplicationError(
            _("The coach must be a member of the team that serves the neighbourhood."),
            field="coach",
        )
    idea.coach = coach
    _full_clean(idea)
    idea.save()
    return idea


@transaction.atomic
def idea_mark_grown(*, idea: Idea, user: Any) -> Idea:
    """The idea grew into an initiative (the initiative keeps the link: ``origin_idea``).

    A published or submitted idea may grow; it stays on the public page with the status
    "grown into an initiative".
    """
    idea = _locked(idea, user)
    if idea.status == IdeaStatus.GROWN:
        raise ApplicationError(_("This idea has already grown into an initiative."))
    if idea.status == IdeaStatus.REJECTED:
        raise ApplicationError(_("A rejected idea cannot grow into an initiative."))
    if idea.published_at is None:
        idea.published_at = timezone.now()
    idea.status = IdeaStatus.GROWN
    idea.public = True
    idea.grown_at = timezone.now()
    _full_clean(idea)
    idea.save()
    return idea

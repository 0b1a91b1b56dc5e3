"""Choices, roles and limits of residents' ideas ("Maak het verschil")."""

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from wijkkompas.accounts.constants import Role


class IdeaStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    GROWN = "grown", _("Grown into an initiative")


#: Statuses shown on the public page of a neighbourhood.
PUBLIC_STATUSES = frozenset({IdeaStatus.PUBLISHED, IdeaStatus.GROWN})

#: Ideas: the policy officer and the administrator see the ideas of their municipality;
#: team roles see (and moderate) the ideas of their teams.
IDEA_VIEW_ROLES = frozenset({Role.POLICY_OFFICER, Role.ADMIN})
IDEA_VIEW_TEAM_ROLES = frozenset({Role.PROFESSIONAL, Role.COORDINATOR, Role.TEAM_LEAD})
IDEA_CHANGE_ROLES = frozenset({Role.ADMIN})
IDEA_CHANGE_TEAM_ROLES = IDEA_VIEW_TEAM_ROLES

#: Supporters' names and contact details: only the team roles of the idea's team (the coach
#: is one of them). Nobody else, not even the administrator.
SUPPORTER_VIEW_TEAM_ROLES = IDEA_VIEW_TEAM_ROLES

#: Roles that may coach an idea.
COACH_ROLES = IDEA_VIEW_TEAM_ROLES

#: Spam protection of the public forms.
#: A form sent sooner than this after it was shown was not filled in by a person.
MIN_FILL_TIME = dt.timedelta(seconds=3)
#: A form older than this must be loaded again (the token expires).
MAX_FORM_AGE = dt.timedelta(hours=6)
#: At most this many submissions (ideas and "ik doe mee") per IP address and per session
#: within RATE_LIMIT_WINDOW.
RATE_LIMIT_COUNT = 5
RATE_LIMIT_WINDOW = dt.timedelta(hours=1)
#: The name of the honeypot field: hidden from people, filled in by bots.
HONEYPOT_FIELD = "website"

#: Ideas per page of the team's list.
IDEAS_PER_PAGE = 25
#: Published ideas shown on the public page of a neighbourhood.
PUBLIC_IDEAS_LIMIT = 50

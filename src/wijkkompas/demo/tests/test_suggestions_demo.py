"""The demo's uses of social map suggestions: a few of Wezep's conversations, chosen from
the suggestions, no new referrals; idempotent."""

from __future__ import annotations

import pytest

from wijkkompas.areas.models import Municipality
from wijkkompas.demo.suggestions_demo import DEMO_USES, suggestions_demo_load
from wijkkompas.initiatives.models import Referral
from wijkkompas.socialmap.models import EntryUse

pytestmark = pytest.mark.django_db


def test_a_few_conversations_in_wezep_used_a_suggestion(demo):
    oldebroek = Municipality.objects.get(code="GM0269")
    uses = EntryUse.objects.filter(conversation__municipality=oldebroek)
    count = uses.count()
    assert 1 <= count <= DEMO_USES
    assert all(use.suggested and use.rank for use in uses)
    assert not uses.filter(step="individual").exists()
    referrals = Referral.objects.count()
    assert suggestions_demo_load(municipality=oldebroek) == count
    assert uses.count() == count and Referral.objects.count() == referrals

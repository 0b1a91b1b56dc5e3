"""The demo loader never touches a real account (its own module: it needs an empty database,
not the demo that the other modules load once)."""

import pytest

from wijkkompas.accounts.models import User
from wijkkompas.areas.models import Municipality

from .conftest import load

pytestmark = pytest.mark.django_db


def test_a_non_demo_account_with_a_demo_name_is_refused():
    User.objects.create_user(username="demo-admin", password="Another-long-password-1")
    with pytest.raises(ValueError, match="not a demo account"):
        load()
    assert not Municipality.objects.filter(code="GM0269").exists()  # one transaction

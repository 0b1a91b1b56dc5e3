from typing import Any

from django.urls import reverse

from wijkkompas.accounts.constants import Role


def test_pages_open(world: Any, login_client: Any) -> None:
    client = login_client(world.user(Role.PROFESSIONAL))
    r = client.get(reverse("timeuse:week"))
    assert r.status_code == 200, r.content[:2000]
    r = client.get(reverse("timeuse:team", args=[world.team.pk]))
    assert r.status_code == 200
    lead = login_client(world.lead)
    r = lead.get(reverse("timeuse:team", args=[world.team.pk]))
    assert r.status_code == 200
    assert "regie" in r.content.decode()
    r = lead.get(reverse("timeuse:ambition", args=[world.team.pk]))
    assert r.status_code == 200
    r = lead.post(reverse("timeuse:ambition", args=[world.team.pk]), {"collective_target": 30})
    assert r.status_code == 302

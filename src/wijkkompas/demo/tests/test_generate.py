"""The bench data generator: sizes, repeatable seed, refusing to duplicate."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wijkkompas.areas.models import Municipality
from wijkkompas.conversations.models import Conversation
from wijkkompas.teams.models import Membership, Partner, Team

pytestmark = pytest.mark.django_db


def generate(*args: str) -> str:
    out = StringIO()
    call_command("generate", *args, stdout=out)
    return out.getvalue()


def member_names() -> list[str]:
    return list(
        Membership.objects.order_by("team__name", "person_name").values_list(
            "person_name", flat=True
        )
    )


def test_small_scale_counts():
    output = generate("--scale", "small", "--seed", "7")
    generated = Municipality.objects.filter(code__startswith="GM8")
    assert generated.count() == 3
    assert Team.objects.filter(municipality__in=generated).count() == 10
    assert Membership.objects.filter(team__municipality__in=generated).count() == 200
    assert Partner.objects.filter(team__municipality__in=generated).count() == 30
    assert "10 teams" in output and "1500 conversations" in output
    for team in Team.objects.all():
        assert team.neighbourhoods.exists() and team.districts.exists()
    # organisations of several disciplines and crafts
    crafts = set(Membership.objects.values_list("organisation__craft", flat=True))
    assert crafts == {"hulp", "zorg", "welzijn"}


def test_seed_makes_it_repeatable():
    generate("--scale", "small", "--seed", "7", "--conversations", "0")
    first = member_names()
    generate("--scale", "small", "--seed", "7", "--reset", "--conversations", "0")
    assert member_names() == first
    generate("--scale", "small", "--seed", "8", "--reset", "--conversations", "0")
    assert member_names() != first
    assert Municipality.objects.filter(code__startswith="GM8").count() == 3


def test_refuses_to_generate_twice_without_reset():
    generate("--scale", "small", "--conversations", "0")
    with pytest.raises(CommandError, match="--reset"):
        generate("--scale", "small", "--conversations", "0")
    assert Team.objects.count() == 10
    generate("--remove")
    assert not Municipality.objects.filter(code__startswith="GM8").exists()


def test_generated_data_leaves_other_data_alone():
    Municipality.objects.create(code="GM0269", name="Oldebroek")
    generate("--scale", "small", "--conversations", "0")
    generate("--remove")
    assert Municipality.objects.filter(code="GM0269").exists()


def test_top_up_from_the_command_line():
    generate("--scale", "small", "--conversations", "300", "--today", "2026-06-15")
    output = generate("--top-up", "--conversations", "600", "--today", "2026-06-15")
    assert "300 conversations" in output
    assert Conversation.objects.count() == 600
    with pytest.raises(CommandError, match="--conversations"):
        generate("--top-up")

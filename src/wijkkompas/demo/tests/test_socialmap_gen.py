"""The generated social map: entries spread over the generated municipalities, uses in some
generated conversations, and gone again with ``generate --reset`` / ``--remove``."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from wijkkompas.demo.socialmap_gen import ENTRY_SCALES
from wijkkompas.socialmap.constants import WmoStep
from wijkkompas.socialmap.models import Entry, EntryUse

pytestmark = pytest.mark.django_db


def generate(*args: str) -> None:
    call_command("generate", *args, stdout=StringIO())
    if connection.vendor == "postgresql":
        # As a commit would: check the deferred keys now, so that a removal in the same test
        # transaction may TRUNCATE (PostgreSQL refuses with pending trigger events).
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_generated_social_map_and_its_removal():
    generate("--scale", "small", "--seed", "7", "--conversations", "400")
    entries = Entry.objects.filter(municipality__code__startswith="GM8")
    assert abs(entries.count() - ENTRY_SCALES["small"]) <= 10
    assert set(entries.values_list("step", flat=True)) == set(WmoStep.values)
    assert entries.filter(neighbourhoods__isnull=True).exists()  # municipality-wide
    assert entries.filter(neighbourhoods__isnull=False).exists()
    assert all(e.life_domains for e in entries[:50])
    uses = EntryUse.objects.all()
    assert 0 < uses.count() <= 400 // 20
    assert all(u.entry.municipality_id == u.conversation.municipality_id for u in uses)
    generate("--scale", "small", "--seed", "7", "--conversations", "0", "--reset")
    assert not EntryUse.objects.exists()
    assert abs(Entry.objects.count() - ENTRY_SCALES["small"]) <= 10
    generate("--remove")
    assert not Entry.objects.exists()

"""Translations: every source string is extracted, translated to Dutch and compiled.

Fails when someone adds a string without running `make messages` and translating it.
"""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "wijkkompas"
PO = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

pytestmark = pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed")


def _entries(po_text: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """(msgctxt, msgid) -> (msgstr, fuzzy) from a .po file, header excluded."""
    entries: dict[tuple[str, str], tuple[str, bool]] = {}
    for block in re.split(r"\n\s*\n", po_text):
        fuzzy = "#, fuzzy" in block or ", fuzzy" in block.split("msgid", 1)[0]
        fields: dict[str, str] = {}
        current = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) "(.*)"$', line)
            if match:
                current = match.group(1)
                fields[current] = match.group(2)
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
        entries[(fields.get("msgctxt", ""), fields["msgid"])] = (msgstr, fuzzy)
    return entries


def test_every_string_is_translated_to_dutch():
    entries = _entries(PO.read_text(encoding="utf-8"))
    assert entries, "no Dutch translations found"
    untranslated = [msgid for (_, msgid), (msgstr, fuzzy) in entries.items() if not msgstr or fuzzy]
    assert not untranslated, f"untranslated or fuzzy: {untranslated[:20]} (run `make messages`)"


def test_catalogue_is_extracted_from_the_current_source(tmp_path):
    copy = tmp_path / "wijkkompas"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    manage = [
        sys.executable,
        "-m",
        "wijkkompas",
        "makemessages",
        "--locale",
        "nl",
        "--no-obsolete",
        "--no-location",
        "--ignore",
        "tests/*",
        "--settings",
        "wijkkompas.conf.test",
    ]
    subprocess.run(manage, cwd=copy, check=True, capture_output=True)
    fresh = _entries((copy / "locale/nl/LC_MESSAGES/django.po").read_text(encoding="utf-8"))
    committed = _entries(PO.read_text(encoding="utf-8"))
    missing = sorted(msgid for key, msgid in ((k, k[1]) for k in fresh) if key not in committed)
    stale = sorted(msgid for key, msgid in ((k, k[1]) for k in committed) if key not in fresh)
    assert not missing, f"strings not extracted: {missing[:20]} (run `make messages`)"
    assert not stale, f"obsolete strings in the catalogue: {stale[:20]} (run `make messages`)"


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    fresh_mo = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh_mo), str(PO)], check=True)
    assert MO.exists(), "django.mo is missing (run `make messages`)"
    with MO.open("rb") as committed, fresh_mo.open("rb") as fresh:
        assert (
            gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(fresh)._catalog
        ), "django.mo is out of date (run `make messages`)"

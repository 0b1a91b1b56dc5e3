"""De-identification and terms: a real test with deduce (loaded once per test process)."""

from __future__ import annotations

import pytest

from wijkkompas.signals import text

SENTENCES = [
    (
        "Jan de Vries uit de Dorpsstraat 12 in Wezep voelt zich eenzaam.",
        ["Jan", "Vries", "Dorpsstraat 12"],
    ),
    (
        "Mevrouw Fatima El Amrani belt vaak op 06-12345678 over de schulden.",
        ["Fatima", "Amrani", "12345678"],
    ),
    ("Haar BSN is 123456782 en haar zoon heet Pieter.", ["123456782", "Pieter"]),
    (
        "Stuur post naar Kerkweg 4, 8091 AB Wezep of mail kees@example.nl.",
        ["Kerkweg 4", "8091", "kees@"],
    ),
    ("Burgerservicenummer 123.456.782, geboren 3 maart 1950.", ["123.456.782", "1950"]),
]


@pytest.mark.parametrize(("sentence", "secrets"), SENTENCES)
def test_deidentify_removes_names_addresses_phones_bsns(sentence, secrets):
    cleaned = text.deidentify(sentence)
    for secret in secrets:
        assert secret not in cleaned, cleaned


def test_the_model_is_loaded_once():
    assert text.deidentifier() is text.deidentifier()


def test_terms_are_stems_without_stop_words_or_placeholders():
    stems, words = text.terms(["[PERSOON-1] voelt zich eenzaam; eenzaamheid onder ouderen."])
    assert "eenzaam" in stems
    assert "zich" not in words and "persoon" not in stems
    assert len(stems) == len(words)


def test_empty_text():
    assert text.deidentify("  ") == ""
    assert text.terms([""]) == ([], [])

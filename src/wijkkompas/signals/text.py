"""Free text for signals: de-identification (``deduce``) and Dutch terms (``snowballstemmer``).

The de-identification model is loaded once per process, on first use, behind a lock
(:func:`deidentifier`); never per request. Its lookup cache is built at install time
(``wijkkompas deidentify_warmup``, run by ``make install``); without it the first load
takes about two minutes, with it about ten seconds.

On top of ``deduce`` a safety net removes what looks like a BSN (nine digits, also with
dots or spaces) or an e-mail address, whatever deduce made of it.

Themes are computed from the stems of de-identified text only (:func:`terms`).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from typing import Any

_lock = threading.Lock()
_deduce: Any = None

#: What deduce leaves behind for a removed item, e.g. "[PERSOON-1]".
_PLACEHOLDER = re.compile(r"\[[A-Z_]+(?:-\d+)?\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: Nine digits in a row, or in groups (123 456 789, 1234.56.789); also 8 digits (old BSNs).
_BSN = re.compile(r"(?<!\d)(?:\d[ .-]?){7,8}\d(?!\d)")
_WORD = re.compile(r"[a-zà-ÿ]+")

#: Dutch stop words: function words and words every conversation has (vraag, wil …).
STOP_WORDS = frozenset(
    """
    aan al alle alleen als altijd ander andere anders ben bij daar daarom dan dat de der
    deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben
    heeft hem het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan kon kunnen
    maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons ook
    op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel
    werd wezen wie wil worden wordt zal ze zelf zich zij zijn zo zonder zou zouden zeer
    graag weer weet waar welke wanneer hoe hoeveel ieder elk elke beetje even eigen heel
    nieuwe nieuw goed gaan gaat ging komt komen kom kwam krijgen krijg kreeg maken maakt
    doet deed sinds sind steeds vaak soms weinig vooral verder samen andere mogelijk
    zoals tussen binnen buiten boven beneden tijdens na voordat nadat terwijl hun hen
    haar hare zijne onze jullie zichzelf mezelf wij wie waarom hoewel echter
    """.split()
)

_stemmer_local = threading.local()


def deidentifier() -> Any:
    """The process's one ``deduce.Deduce`` instance (loaded on first use, thread-safe)."""
    global _deduce
    if _deduce is None:
        with _lock:
            if _deduce is None:
                from deduce import Deduce

                _deduce = Deduce()
    return _deduce


def deidentify(text: str) -> str:
    """``text`` without names, addresses, places, dates, ages, phone numbers, BSNs, e-mail."""
    text = (text or "").strip()
    if not text:
        return ""
    # E-mail first as well: deduce could take the part before the @ for a name.
    text = _EMAIL.sub("[EMAIL]", text)
    result = deidentifier().deidentify(text).deidentified_text
    result = _EMAIL.sub("[EMAIL]", result)
    return _BSN.sub("[BSN]", result)


def _stemmer() -> Any:
    stemmer = getattr(_stemmer_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _stemmer_local.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


_stem_cache: dict[str, str] = {}
_STEM_CACHE_SIZE = 200_000


def _stems(words: list[str]) -> list[str]:
    """The stem of each word; each distinct word is stemmed once per process (the
    Snowball stemmer is pure Python, and the vocabulary of conversations is small)."""
    cache = _stem_cache
    missing = list({w for w in words if w not in cache})
    if missing:
        if len(cache) > _STEM_CACHE_SIZE:
            cache.clear()
        for word, stem in zip(missing, _stemmer().stemWords(missing), strict=True):
            cache[word] = stem
    return [cache[w] for w in words]


def terms(texts: Iterable[str]) -> tuple[list[str], list[str]]:
    """The stems of de-identified ``texts`` and the word each came from (same order).

    Placeholders of removed items, stop words and words shorter than three letters are
    left out.
    """
    words: list[str] = []
    for text in texts:
        cleaned = _PLACEHOLDER.sub(" ", text or "").lower()
        words.extend(w for w in _WORD.findall(cleaned) if len(w) >= 3 and w not in STOP_WORDS)
    stems = _stems(words)
    kept_stems: list[str] = []
    kept_words: list[str] = []
    for stem, word in zip(stems, words, strict=True):
        if len(stem) >= 3 and stem not in STOP_WORDS:
            kept_stems.append(stem)
            kept_words.append(word)
    return kept_stems, kept_words


def first_sentence(text: str, *, limit: int = 200) -> str:
    """The first sentence of ``text`` (an example for team roles), shortened to ``limit``."""
    text = (text or "").strip()
    match = re.search(r"[.!?](\s|$)", text)
    sentence = text[: match.end()].strip() if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"

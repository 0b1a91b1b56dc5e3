"""Property: for any valid instrument file, the second import changes nothing and says so."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from wijkkompas.accounts.constants import Role
from wijkkompas.accounts.tests.factories import UserFactory
from wijkkompas.areas.tests.factories import MunicipalityFactory
from wijkkompas.instruments import services
from wijkkompas.instruments.models import (
    CriterionText,
    Instrument,
    InstrumentDomain,
    InstrumentLevel,
    InstrumentVersion,
)

MODELS = (Instrument, InstrumentVersion, InstrumentDomain, InstrumentLevel, CriterionText)

words = (
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "Zs", "Pd", "Po")),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
codes = st.from_regex(r"[a-z][a-z0-9_-]{0,15}", fullmatch=True)


@st.composite
def instruments(draw: Any) -> dict[str, Any]:
    kind = draw(st.sampled_from(["matrix", "ladder"]))
    size = 1 if kind == "ladder" else draw(st.integers(min_value=1, max_value=8))
    domain_codes = draw(st.lists(codes, min_size=size, max_size=size, unique_by=str.casefold))
    domain_names = draw(st.lists(words, min_size=size, max_size=size, unique_by=str.casefold))
    values = draw(
        st.lists(st.integers(min_value=0, max_value=100), min_size=2, max_size=7, unique=True)
    )
    cells = draw(
        st.lists(
            st.tuples(st.sampled_from(domain_codes), st.sampled_from(values), words),
            unique_by=lambda cell: (cell[0], cell[1]),
            max_size=10,
        )
    )
    return {
        "instrument": {
            "code": draw(codes),
            "name": draw(words),
            "kind": kind,
            "description": draw(st.text(alphabet=PRINTABLE, max_size=40)).strip(),
            "source": draw(st.text(alphabet=PRINTABLE, max_size=40)).strip(),
        },
        "version": {"label": draw(words.filter(lambda s: len(s) <= 40)), "scoring_note": ""},
        "domains": [
            {"code": c, "name": n} for c, n in zip(domain_codes, domain_names, strict=True)
        ],
        "levels": [{"value": v, "name": draw(words)} for v in values],
        "criteria": [{"domain": d, "level": v, "text": t} for d, v, t in cells],
    }


def snapshot() -> dict[str, list[tuple]]:
    return {m.__name__: list(m.objects.order_by("pk").values_list()) for m in MODELS}


class ImportIdempotence(TestCase):
    gm: Any
    admin: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.gm = MunicipalityFactory(code="GM0344")
        cls.admin = UserFactory(role=Role.ADMIN, municipality=cls.gm)

    @settings(
        max_examples=20,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(instruments())
    def test_second_import_changes_nothing(self, data: dict[str, Any]) -> None:
        content = json.dumps(data, ensure_ascii=False).encode()

        def run() -> Any:
            return services.instrument_import(
                user=self.admin, content=content, filename="x.json", municipality=self.gm
            )

        first = run()
        assert first.changed
        assert first.version.domains.count() == len(data["domains"])
        assert first.criteria_added == len(data["criteria"])
        before = snapshot()
        second = run()
        assert not second.changed
        assert second.version == first.version
        assert snapshot() == before

"""CBS area codes: GM + 4 digits, WK + 6 digits, BU + 8 digits (Wijk- en Buurtkaart)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_PATTERNS = {
    "GM": (
        re.compile(r"^GM\d{4}$"),
        _("A municipality code is GM followed by 4 digits, e.g. GM0269."),
    ),
    "WK": (
        re.compile(r"^WK\d{6}$"),
        _("A district code is WK followed by 6 digits, e.g. WK026901."),
    ),
    "BU": (
        re.compile(r"^BU\d{8}$"),
        _("A neighbourhood code is BU followed by 8 digits, e.g. BU02690101."),
    ),
}


def validate_cbs_code(prefix: str, value: str) -> None:
    pattern, message = _PATTERNS[prefix]
    if not pattern.match(value or ""):
        raise ValidationError(message, code="invalid_cbs_code")


def validate_municipality_code(value: str) -> None:
    validate_cbs_code("GM", value)


def validate_district_code(value: str) -> None:
    validate_cbs_code("WK", value)


def validate_neighbourhood_code(value: str) -> None:
    validate_cbs_code("BU", value)

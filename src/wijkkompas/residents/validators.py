"""Validation of the citizen service number (BSN)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: nine digits, 9*d1 + 8*d2 + … + 2*d8 - 1*d9 divisible by 11, not zero."""
    if len(value) != 9 or not value.isdigit():
        return False
    digits = [int(c) for c in value]
    total = sum(weight * digit for weight, digit in zip(range(9, 1, -1), digits[:8], strict=True))
    total -= digits[8]
    return total % 11 == 0 and value != "000000000"


def validate_bsn(value: str) -> None:
    """Refuse a BSN that is not nine digits or fails the 11-proef. The value is never echoed."""
    if not value.isdigit() or len(value) != 9:
        raise ValidationError(_("A BSN has exactly nine digits."), code="bsn_format")
    if not is_valid_bsn(value):
        raise ValidationError(
            _("This is not a valid BSN: it does not pass the 11-proef. Check the number."),
            code="bsn_checksum",
        )

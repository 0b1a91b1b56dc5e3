"""The one domain error type of Wijkkompas."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise


class ApplicationError(Exception):
    """A rule of the domain refused a change.

    ``message`` is shown to the user as is (Dutch by default, translated); ``field``
    optionally names the form field it belongs to. Views turn it into a form error
    or a page message, the API into a problem+json response.
    """

    def __init__(self, message: str | Promise, *, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def full_clean_or_refuse(obj: models.Model, *, exclude: list[str] | None = None) -> None:
    """``obj.full_clean()``, with the first problem raised as an :class:`ApplicationError`
    (on its field), so services refuse bad input with one clear message."""
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            field, errors = next(iter(exc.error_dict.items()))
            raise ApplicationError(
                errors[0].messages[0], field=None if field == "__all__" else field
            ) from exc
        raise ApplicationError(exc.messages[0]) from exc

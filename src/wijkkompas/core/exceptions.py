"""The one domain error type of Wijkkompas."""

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

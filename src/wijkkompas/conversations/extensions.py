"""Form extensions: parts of the conversation form that belong to higher apps.

The conversation form (registration and edit) may show a part that a higher app owns —
the social map's suggestions — without this app importing it. The higher app registers an
extension in its ``AppConfig.ready()``; the form pages bind every registered extension for
the request, add its fields to the form, render its part below the life domains and, on
save, let it write in the same transaction as the conversation (a refusal rolls the
conversation back too).

Usage::

    # socialmap/apps.py
    def ready(self):
        from wijkkompas.conversations.extensions import register_form_extension
        from .suggestion_views import SuggestionsExtension
        register_form_extension(SuggestionsExtension())

    class SuggestionsExtension:
        key = "socialmap.suggestions"
        def bind(self, *, request, resident, conversation) -> BoundFormExtension | None:
            ...  # None when the user has nothing to do with it

A bound extension has ``fields`` (added to the form), ``render(form)`` (its HTML, given the
form, bound or not) and ``save(conversation=..., cleaned_data=..., created=...)``.

A form posted with the button named :data:`REFRESH` is shown again, not saved: the way to
update an extension's part without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django import forms
from django.utils.safestring import SafeString

#: The name of a submit button that shows the form again without saving.
REFRESH = "refresh"


class BoundFormExtension:
    """An extension bound to one request; override what is needed."""

    #: Fields the extension adds to the form (name → field).
    fields: dict[str, forms.Field]

    def __init__(self) -> None:
        self.fields = {}

    def render(self, form: Any) -> SafeString:
        return SafeString("")

    def save(self, *, conversation: Any, cleaned_data: dict[str, Any], created: bool) -> None:
        """Write the extension's part; runs in the conversation's transaction."""


class FormExtension(Protocol):
    key: str

    def bind(
        self, *, request: Any, resident: Any, conversation: Any
    ) -> BoundFormExtension | None: ...


_REGISTRY: dict[str, tuple[int, FormExtension]] = {}


def register_form_extension(extension: FormExtension, *, order: int = 100) -> None:
    """Add ``extension`` to the conversation form; registering a key again replaces it."""
    _REGISTRY[extension.key] = (order, extension)


def registered_form_extensions() -> list[str]:
    """The keys of the registered extensions, in order (for tests)."""
    return [key for key, _value in sorted(_REGISTRY.items(), key=lambda kv: (kv[1][0], kv[0]))]


def bind_form_extensions(
    *, request: Any, resident: Any, conversation: Any = None
) -> list[BoundFormExtension]:
    """Every registered extension bound for this request (those that apply)."""
    bound = []
    for key in registered_form_extensions():
        extension = _REGISTRY[key][1].bind(
            request=request, resident=resident, conversation=conversation
        )
        if extension is not None:
            bound.append(extension)
    return bound


def add_fields(form: forms.BaseForm, extensions: list[BoundFormExtension]) -> None:
    for extension in extensions:
        for name, field in extension.fields.items():
            form.fields[name] = field


def render_all(form: Any, extensions: list[BoundFormExtension]) -> SafeString:
    return SafeString("".join(str(extension.render(form)) for extension in extensions))


def savers(
    extensions: list[BoundFormExtension], cleaned_data: dict[str, Any], *, created: bool
) -> list[Callable[[Any], None]]:
    """One callable per extension for the service to call with the saved conversation."""

    def saver(extension: BoundFormExtension) -> Callable[[Any], None]:
        return lambda conversation: extension.save(
            conversation=conversation, cleaned_data=cleaned_data, created=created
        )

    return [saver(extension) for extension in extensions]

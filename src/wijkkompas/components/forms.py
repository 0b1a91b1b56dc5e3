"""Form helpers shared by the pages of every domain app.

Forms only check the shape of the input; services own the rules. So model forms here
skip the model validation (the service calls ``full_clean()`` itself) and a refusal of
a service (:class:`~wijkkompas.core.exceptions.ApplicationError`) becomes a form error.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from wijkkompas.core.exceptions import ApplicationError


class ServiceModelForm(forms.ModelForm):
    """A model form whose cleaned data goes to a service instead of ``form.save()``.

    Labels, help texts, choices and field validation come from the model; the model's own
    ``full_clean()`` (cross-field rules, uniqueness) is left to the service, so a rule is
    written once and its message is the service's.
    """

    def _post_clean(self) -> None:  # noqa: D401 - Django hook
        """Run the model fields' own validators (e.g. 0–40 hours) so every field error shows
        at once; leave ``construct_instance``, cross-field rules and uniqueness to the
        service, which calls ``full_clean()`` itself."""
        opts = self._meta.model._meta
        for name, value in list(self.cleaned_data.items()):
            if self.has_error(name):
                continue
            try:
                model_field = opts.get_field(name)
            except FieldDoesNotExist:
                continue
            if model_field.many_to_many or not model_field.editable:
                continue
            try:
                model_field.run_validators(value)
            except ValidationError as error:
                self.add_error(name, error)

    def save(self, commit: bool = True) -> Any:  # pragma: no cover - guard
        raise NotImplementedError("Call the service with form.cleaned_data instead of save().")


def add_service_error(form: forms.BaseForm, error: ApplicationError | ValidationError) -> None:
    """Show a service's refusal on ``form``: on its field when the form has it, else on top."""
    if isinstance(error, ApplicationError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, str(error.message))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for item in errors:
                form.add_error(target, item.messages)
        return
    form.add_error(None, error.messages)

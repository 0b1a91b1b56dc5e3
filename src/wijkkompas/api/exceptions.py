"""Every API error as RFC 9457 problem details (``application/problem+json``), in Dutch by
default, with ``invalidParams`` for field errors (NL API Design Rules, API-46/API-47).

One handler (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``) turns DRF's exceptions, Django's
``Http404``/``PermissionDenied``/``ValidationError`` and the domain's
:class:`~wijkkompas.core.exceptions.ApplicationError` into the same shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from wijkkompas.core.exceptions import ApplicationError

PROBLEM_CONTENT_TYPE = "application/problem+json"
_TYPE_PREFIX = "urn:wijkkompas:probleem:"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "Someone else changed this in the meantime. Fetch it again and apply your change."
    )
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_detail = _(
        "Send the ETag of the version you changed in an If-Match header, so that no change "
        "of someone else is overwritten."
    )
    default_code = "precondition_required"


class TooManyRows(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "too_many_rows"


_TITLES = {
    400: _("The request is not valid."),
    401: _("You are not signed in."),
    403: _("You do not have permission to do this."),
    404: _("Not found."),
    405: _("This method is not allowed here."),
    406: _("This format cannot be delivered."),
    412: _("The version you changed is no longer the latest."),
    415: _("This content type is not supported."),
    428: _("An If-Match header is required."),
    429: _("Too many requests."),
}


def _invalid_params(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    params: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for name, value in detail.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            params.extend(_invalid_params(value, "" if key == "non_field_errors" else key))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                params.extend(_invalid_params(value, f"{prefix}.{index}" if prefix else str(index)))
            else:
                params.extend(_invalid_params(value, prefix))
    else:
        params.append(
            {
                "name": prefix or "nonFieldErrors",
                "code": str(getattr(detail, "code", "invalid")),
                "reason": str(detail),
            }
        )
    return params


def problem_response(
    status_code: int, detail: Any, *, code: str = "", invalid: Any = None, headers: Any = None
) -> Response:
    body: dict[str, Any] = {
        "type": f"{_TYPE_PREFIX}{code or status_code}",
        "title": str(_TITLES.get(status_code, _("The request could not be handled."))),
        "status": status_code,
        "detail": str(detail),
    }
    if invalid is not None:
        body["invalidParams"] = _invalid_params(invalid)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        invalid = {exc.field: [exc.message]} if exc.field else None
        return problem_response(400, exc.message, code="invalid", invalid=invalid)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
        return problem_response(400, _("The request is not valid."), code="invalid", invalid=errors)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    headers = {
        k: v
        for k, v in response.headers.items()
        if k in ("WWW-Authenticate", "Allow", "Retry-After")
    }
    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            400, _("The request is not valid."), code="invalid", invalid=exc.detail, headers=headers
        )
    detail: Any = exc.detail
    code = exc.get_codes() if not isinstance(exc.detail, dict | list) else "error"
    if isinstance(detail, dict | list):
        return problem_response(
            response.status_code,
            _TITLES.get(response.status_code, ""),
            invalid=detail,
            headers=headers,
        )
    return problem_response(response.status_code, detail, code=str(code), headers=headers)

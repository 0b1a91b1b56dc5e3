"""The base of every API endpoint: the one permission layer, the access log, pages,
filters, ETags and exports, written once.

An app's endpoint is a subclass of :class:`ScopedViewSet` with the mixins it needs::

    class ConversationViewSet(ListMixin, RetrieveMixin, UpdateMixin, ExportMixin, ScopedViewSet):
        access_model = Conversation
        scope_family = ScopeFamily.CASES
        purpose = Purpose.SUPPORT
        subject_field = "resident_id"
        serializer_class = ConversationSerializer          # what is read
        input_serializer_class = ConversationInputSerializer  # what is written
        filterset_fields = ["team", "held_on"]

        def base_queryset(self):
            return Conversation.objects.select_related("team", "author")

        def perform_update(self, instance, data):
            return services.conversation_update(user=self.request.user, conversation=instance, ...)

* **Scope**: :meth:`ScopedViewSet.get_queryset` is ``access.restrict(base_queryset(), user,
  action)``: an object outside the user's scope is not there (404), as on the pages; a role
  without access of this kind gets 403 (:class:`~wijkkompas.api.permissions.ApiPermission`).
* **Access log**: when the model's policy is ``personal``, every list page, object and export
  is logged with ``purpose`` and the data subjects (``subject_field``); writes are logged by
  the services that make them, as on the pages.
* **Writes** go to :meth:`perform_create`/:meth:`perform_update`, which call the app's
  services; a refusal (``ApplicationError``) becomes a problem+json 400 and nothing changes.
* **Concurrency**: every object carries an ``ETag`` (a hash of its representation); a
  change must send it back in ``If-Match`` (428 without, 412 when someone else changed it
  in the meantime). ``If-None-Match`` on a read answers 304.
* **Exports**: ``GET …/export/?formaat=csv|xlsx|json`` gives every row the user may see (with
  the list's filters), safe against formula injection (``core.exports``).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, cast

from django.conf import settings
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import GenericViewSet

from wijkkompas.accounts.access import policy_of, restrict, scope_key
from wijkkompas.audit.constants import Event, Purpose
from wijkkompas.audit.kept import keeping, kept_key, serve_kept
from wijkkompas.audit.services import log_access
from wijkkompas.core import compiled, exports

from .authentication import ApiClientAuthentication
from .constants import EXPORT_MAX_ROWS
from .exceptions import PreconditionFailed, PreconditionRequired, TooManyRows
from .pagination import TOTAL, ApiPagination
from .permissions import ApiPermission, action_for
from .serializers import ProblemSerializer

JSON = "json"
#: Query parameters that are not filters: paging, ordering, the export format.
UNFILTERED_PARAMS = frozenset({"page", "page_size", "ordering", "formaat"})
EXPORT_FORMATS = (exports.CSV, exports.XLSX, JSON)


def etag_of(data: Any) -> str:
    """A strong ETag of a representation: it changes exactly when what the client sees does."""
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str, separators=(",", ":")).encode()
    ).hexdigest()
    return f'"{digest[:32]}"'


def _matches(header: str, etag: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or f"W/{etag}" in tags


class ScopedFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with the filter set of ``filterset_fields`` built once per
    endpoint and model instead of on every request (django-filter makes a new class, and
    reads the model's fields for it, each time)."""

    _built: ClassVar[dict[tuple[type, type], type]] = {}

    def get_filterset_class(self, view: Any, queryset: Any = None) -> Any:
        if getattr(view, "filterset_class", None) or queryset is None:
            return super().get_filterset_class(view, queryset)
        key = (type(view), queryset.model)
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = super().get_filterset_class(view, queryset)
        return built

    def filter_queryset(self, request: Any, queryset: Any, view: Any) -> Any:
        # Without a filter parameter the filter set leaves the rows as they are; it would
        # still build and check its form.
        if not set(request.query_params) - UNFILTERED_PARAMS:
            return queryset
        return super().filter_queryset(request, queryset, view)


class ScopedViewSet(GenericViewSet):  # type: ignore[type-arg]
    """Base class of every endpoint (see the module docstring)."""

    from rest_framework.authentication import SessionAuthentication

    authentication_classes: ClassVar[Sequence[type]] = [  # type: ignore[misc]
        ApiClientAuthentication,
        SessionAuthentication,
    ]
    permission_classes: ClassVar[Sequence[type]] = [ApiPermission]  # type: ignore[misc]
    pagination_class = ApiPagination
    filter_backends: ClassVar[Sequence[type]] = [  # type: ignore[misc]
        ScopedFilterBackend,
        OrderingFilter,
    ]
    ordering = ["pk"]
    ordering_fields: ClassVar[Sequence[str]] = ["pk"]

    #: The model whose access policy decides (``access.restrict``/``may_use``).
    access_model: ClassVar[type[models.Model]]
    #: The scope family a token needs (``<family>:read`` / ``<family>:write``).
    scope_family: ClassVar[str]
    #: Why personal data is read and written here (logged).
    purpose: ClassVar[str] = Purpose.SUPPORT
    #: Attribute path from a row to the resident id(s) it is about (the data subjects).
    subject_field: ClassVar[str | None] = None
    #: Serializer for writes (defaults to ``serializer_class``).
    input_serializer_class: ClassVar[type[serializers.BaseSerializer] | None] = None
    #: Published rows (the policy's ``public``) may be read without an account.
    public_read: ClassVar[bool] = False
    #: Name of the export file (no personal data); defaults to the model's plural name.
    export_name: ClassVar[str] = ""

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        # NL API Design Rules API-57: the full version in every response.
        response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
        return response

    # --- scope -------------------------------------------------------------------------

    def access_action_for(self, request: Request) -> str:
        return action_for(request.method or "GET")

    def base_queryset(self) -> QuerySet[Any]:
        """The rows before the permission layer: add ``select_related`` here."""
        return self.access_model._default_manager.all()

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return self.access_model._default_manager.none()
        return restrict(
            self.base_queryset(), self.request.user, self.access_action_for(self.request)
        )

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:  # type: ignore[override]
        if self.request is not None and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            if self.input_serializer_class is not None and not getattr(self, "_output", False):
                return self.input_serializer_class
        return super().get_serializer_class()

    def output(self, instance: Any) -> Any:
        """The representation of ``instance`` as it is read."""
        self._output = True
        try:
            return self.get_serializer(instance).data
        finally:
            self._output = False

    # --- access log --------------------------------------------------------------------

    def subjects_of(self, objects: Iterable[Any]) -> list[int]:
        if not self.subject_field:
            return []
        get = operator.attrgetter(self.subject_field)
        subjects: set[int] = set()
        for obj in objects:
            value = get(obj)
            if value is None:
                continue
            if isinstance(value, int):
                subjects.add(value)
            else:
                subjects.update(int(v) for v in value)
        return sorted(subjects)

    def is_personal(self) -> bool:
        return policy_of(self.access_model).personal

    def log(self, event: str, objects: Sequence[Any], *, count: int | None = None) -> None:
        if not objects or not self.is_personal():
            return
        if len(objects) == 1 and count is None:
            log_access(
                user=self.request.user,
                action=event,
                purpose=self.purpose,
                obj=objects[0],
                request=self.request,
                subjects=self.subjects_of(objects),
                operation=f"api.{self.basename}.{self.action}",
            )
            return
        log_access(
            user=self.request.user,
            action=event,
            purpose=self.purpose,
            objects=objects,
            model=self.access_model,
            request=self.request,
            subjects=self.subjects_of(objects),
            count=count,
            operation=f"api.{self.basename}.{self.action}",
        )

    # --- writes ------------------------------------------------------------------------

    def perform_create(self, data: dict[str, Any]) -> Any:  # type: ignore[override]
        raise NotImplementedError

    def perform_update(self, instance: Any, data: dict[str, Any]) -> Any:  # type: ignore[override]
        raise NotImplementedError

    def written(self, instance: Any, *, status_code: int) -> Response:
        """The answer to a write; the service that wrote has logged it."""
        data = self.output(instance)
        return Response(data, status=status_code, headers={"ETag": etag_of(data)})


def _in_order(rows: Iterable[Any], ids: Sequence[Any]) -> list[Any]:
    by_pk = {obj.pk: obj for obj in rows}
    return [by_pk[pk] for pk in ids if pk in by_pk]


class ListMixin:
    """``GET /<resource>/``: a page of the rows in scope (filtered, ordered), logged."""

    # (Comments, not the docstring: the docstring is the endpoints' description.)
    # An endpoint with ``keep_pages = True`` keeps its answer like the kept case pages
    # (``audit.kept``, docs/architecture.md "Kept case pages"): the page reads through
    # compiled queries, and the next request for the same address by the same user gets the
    # kept body only when every query it read answers the same rows (one statement, which
    # also writes the access log entries). For endpoints whose serializer reads nothing but
    # the rows' own columns (no related objects, no prefetch), and whose ``base_queryset``
    # gives its rows.
    keep_pages: ClassVar[bool] = False

    def list(self: Any, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = self.kept_list_key(request)
        if key is None:
            return self.list_page(request)
        kept = serve_kept(key, request)
        if kept is not None:
            return HttpResponse(kept.body, content_type=kept.content_type)
        with keeping(key) as keeper:
            response = self.list_page(request, compiled_as=key)
            if response.status_code == 200:
                body = JSONRenderer().render(response.data).decode()
                keeper.keep(status=200, body=body, content_type="application/json")
        return response

    def kept_list_key(self: Any, request: Request) -> Any:
        if not self.keep_pages or not isinstance(self.paginator, ApiPagination):
            return None
        key = kept_key(request, f"api.{self.basename}.list")
        if key is None:
            return None
        # The compiled queries of the page take the whole key (``core.compiled``), so it
        # names the user's scope (read here, before the page is recorded); the links to the
        # next and previous page carry the host; the client may ask for indented JSON.
        return (
            *cast("tuple[Any, ...]", key),
            *scope_key(request.user),
            request.build_absolute_uri(),
            request.headers.get("Accept", ""),
        )

    def list_page(self: Any, request: Request, *, compiled_as: Any = None) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        if isinstance(self.paginator, ApiPagination) and not queryset.query.distinct:
            # The page in two steps: first the ids of the page with the count (one statement
            # that reads only what an index can cover, e.g. a team's conversations), then
            # those rows with everything the serializer needs, in that order.
            fetch = None
            if compiled_as is not None:

                def fetch(page_query: QuerySet[Any]) -> list[tuple[Any, int]]:
                    rows = compiled.values_rows(("api.page", compiled_as), lambda: page_query)
                    return [(row["pk"], row[TOTAL]) for row in rows]

            ids = self.paginator.paginate_ids(queryset, self.request, view=self, fetch=fetch)
            if ids is None:
                page = None
            else:
                chosen = queryset.filter(pk__in=list(ids)).order_by()
                if self.keep_pages:
                    # The ids were chosen by the permission layer a moment ago, in this
                    # transaction (and, for a kept page, in the same statement as these
                    # rows): the rows by their ids, without the scope's rules once more.
                    chosen = self.base_queryset().filter(pk__in=list(ids)).order_by()
                if compiled_as is not None:
                    found = compiled.objects(("api.rows", compiled_as, tuple(ids)), lambda: chosen)
                else:
                    found = list(chosen)
                page = _in_order(found, ids)
        else:
            page = self.paginate_queryset(queryset)
        rows = list(page if page is not None else queryset)
        self.log(Event.READ, rows)
        data = self.get_serializer(rows, many=True).data
        if page is not None:
            return self.get_paginated_response(data)  # type: ignore[no-any-return]
        return Response(data)


class RetrieveMixin:
    """``GET /<resource>/{id}/``: one row in scope (404 otherwise), logged, with its ETag."""

    def retrieve(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        self.log(Event.READ, [instance])
        data = self.output(instance)
        etag = etag_of(data)
        match = request.headers.get("If-None-Match")
        if match and _matches(match, etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        return Response(data, headers={"ETag": etag})


class CreateMixin:
    """``POST /<resource>/``: validated by the input serializer, written by a service."""

    def create(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            instance = self.perform_create(serializer.validated_data)
            return self.written(instance, status_code=status.HTTP_201_CREATED)


class UpdateMixin:
    """``PUT``/``PATCH /<resource>/{id}/`` with ``If-Match``: the change is refused (412) when
    the object changed since the client read it, and always needs the header (428)."""

    def update(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            require_if_match(self, request, instance)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            updated = self.perform_update(instance, serializer.validated_data)
            return self.written(updated, status_code=status.HTTP_200_OK)

    def partial_update(self: Any, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)  # type: ignore[no-any-return]


class ExportMixin:
    """``GET /<resource>/export/?formaat=csv|xlsx|json``: every row in scope, one file."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "formaat",
                OpenApiTypes.STR,
                enum=list(EXPORT_FORMATS),
                description=str(_("File format: csv, xlsx or json.")),
            ),
        ],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY),
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): (
                OpenApiResponse(OpenApiTypes.BINARY)
            ),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    @action(detail=False, methods=["get"], url_path="export", pagination_class=None)
    def export(self: Any, request: Request, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = (request.query_params.get("formaat") or exports.CSV).strip().lower()
        if fmt not in EXPORT_FORMATS:
            raise TooManyRows(_("Choose csv, xlsx or json as the export format."))
        queryset = self.filter_queryset(self.get_queryset())
        rows = list(queryset[: EXPORT_MAX_ROWS + 1])
        if len(rows) > EXPORT_MAX_ROWS:
            raise TooManyRows(
                _("An export holds at most %(max)s rows. Narrow it down with the filters.")
                % {"max": f"{EXPORT_MAX_ROWS:,}".replace(",", ".")}
            )
        self.log(Event.READ, rows, count=len(rows))
        data = self.get_serializer(rows, many=True).data
        name = self.export_name or str(self.access_model._meta.verbose_name_plural)
        if fmt == JSON:
            response = HttpResponse(
                json.dumps(data, default=str, ensure_ascii=False, indent=1),
                content_type="application/json",
            )
            response["Content-Disposition"] = (
                f'attachment; filename="{exports.file_name(name, JSON)}"'
            )
            response["Cache-Control"] = "no-store"
            return response
        header = list(data[0].keys()) if data else list(self.get_serializer().fields.keys())
        sheet = exports.Sheet(
            name, header, ([_flat(row.get(col)) for col in header] for row in data)
        )
        return exports.export_response(filename=name, fmt=fmt, sheets=[sheet])


def _flat(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


class PageLikeChangeLookup:
    """Put before the mixins: the object of a change is looked up as the pages do, 404
    outside what the user may see and 403 when they may see it but not change it (a
    change-scoped queryset would answer 404 to both)."""

    #: The actions that change the object (custom ones included).
    change_actions: tuple[str, ...] = ("update", "partial_update")

    def get_object(self: Any) -> Any:
        from django.core.exceptions import PermissionDenied
        from django.http import Http404

        from wijkkompas.accounts.access import can
        from wijkkompas.accounts.constants import Action

        if self.action not in self.change_actions:
            return super().get_object()  # type: ignore[misc]
        user = self.request.user
        pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        found = restrict(self.base_queryset(), user, Action.VIEW).filter(pk=pk).first()
        if found is None:
            raise Http404
        if not can(user, Action.CHANGE, found):
            raise PermissionDenied
        return found


def require_if_match(view: Any, request: Request, instance: Any) -> None:
    """The ``If-Match`` check of :class:`UpdateMixin` for changes through a sub-resource
    (``POST …/{id}/<part>/``): 428 without the header, 412 when ``instance`` changed."""
    header = request.headers.get("If-Match")
    if not header:
        raise PreconditionRequired
    if not _matches(header, etag_of(view.output(instance))):
        raise PreconditionFailed


def problem_responses(*codes: int) -> dict[Any, Any]:
    """Problem answers of a write beyond the ones every operation documents: 404 (an id out
    of the user's scope), 412 and 428 (If-Match)."""
    return {(code, "application/problem+json"): ProblemSerializer for code in codes}


def change_with_if_match(
    view: ScopedViewSet,
    request: Request,
    write: Callable[[Any, dict[str, Any]], Any],
    input_class: type[serializers.Serializer] | None = None,  # type: ignore[type-arg]
    *,
    partial: bool = False,
) -> Response:
    """A POST/PATCH change of one object besides update: in one transaction, the object in
    scope for a change (404), its ETag in If-Match (428/412), the input validated (400) and
    ``write(obj, data)`` (a service); the answer is what ``write`` returns, as read."""
    with transaction.atomic():
        instance = view.get_object()
        require_if_match(view, request, instance)
        data: dict[str, Any] = {}
        if input_class is not None:
            given = input_class(data=request.data, partial=partial)
            given.is_valid(raise_exception=True)
            data = dict(given.validated_data)
        return view.written(write(instance, data), status_code=status.HTTP_200_OK)

"""Pages of API lists: ``?page=`` and ``?page_size=`` (at most ``MAX_PAGE_SIZE``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.paginator import InvalidPage, Page
from django.core.paginator import Paginator as DjangoPaginator
from django.db.models import Count, QuerySet, Window
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request

from .constants import MAX_PAGE_SIZE

#: The name of the row count computed beside each id (``COUNT(*) OVER ()``).
TOTAL = "wk_total"
#: Larger page numbers go the usual way (count first: a 404), not into an OFFSET.
MAX_PAGE_NUMBER = 10**9


class CountedPaginator(DjangoPaginator):
    """A paginator whose count is already known (it came with the page's ids)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached property


class ApiPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_ids(
        self,
        queryset: QuerySet[Any],
        request: Request,
        view: Any = None,
        *,
        fetch: Callable[[QuerySet[Any]], list[tuple[Any, int]]] | None = None,
    ) -> Any:
        """The primary keys of the requested page, and the number of rows in scope, read in
        **one** statement (``COUNT(*) OVER ()`` beside each id) instead of a count and then
        the page: the scoped query (team, consent) runs once. Answers as
        :meth:`paginate_queryset` does, also for a page past the end (404) or ``last``.

        ``fetch`` runs the ``(pk, total)`` query of the page (default: as it is), e.g. as
        a compiled query (``core.compiled``)."""
        ids = queryset.values_list("pk", flat=True)
        raw = request.query_params.get(self.page_query_param) or 1
        page_size = self.get_page_size(request)
        try:
            number = int(raw)
        except (TypeError, ValueError):
            number = 0
        if not page_size or not 1 <= number <= MAX_PAGE_NUMBER:
            # No paging, "last", or a page number that is not one (or past any offset
            # the database takes): the usual way, which answers 404 for those.
            return self.paginate_queryset(ids, request, view)
        self.request = request
        start = (number - 1) * page_size
        page_query = queryset.annotate(**{TOTAL: Window(Count("*"))}).values("pk", TOTAL)[
            start : start + page_size
        ]
        if fetch is None:
            rows = [(row["pk"], row[TOTAL]) for row in page_query]
        else:
            rows = fetch(page_query)
        # Past the last row the statement says nothing about the count: ask for it.
        total = rows[0][1] if rows else ids.count()
        paginator = CountedPaginator(ids, page_size, count=total)
        try:
            paginator.validate_number(number)
        except InvalidPage as exc:
            raise NotFound(
                self.invalid_page_message.format(page_number=raw, message=str(exc))
            ) from exc
        self.page = Page([pk for pk, _total in rows], number, paginator)
        return list(self.page)

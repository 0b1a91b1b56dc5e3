"""Pages of API lists: ``?page=`` and ``?page_size=`` (at most ``MAX_PAGE_SIZE``)."""

from rest_framework.pagination import PageNumberPagination

from .constants import MAX_PAGE_SIZE


class ApiPagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

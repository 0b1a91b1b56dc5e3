"""The access log in the admin: read-only, and tenant-bound like every other read."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from wijkkompas.accounts.access import restrict

from .models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "event",
        "username",
        "municipality",
        "purpose",
        "object_type",
        "object_id",
        "ip_address",
    )
    list_filter = ("event", "purpose", "municipality", ("at", admin.DateFieldListFilter))
    search_fields = ("username", "object_type", "object_id")
    date_hierarchy = "at"
    list_select_related = ("municipality",)
    readonly_fields = [f.name for f in AccessLogEntry._meta.fields]

    def get_queryset(self, request: HttpRequest) -> QuerySet[AccessLogEntry]:
        return restrict(super().get_queryset(request), request.user)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

"""Reference data in the admin: the disciplines (functional administrators may add and edit)."""

from django.contrib import admin

from .models import Discipline


@admin.register(Discipline)
class DisciplineAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "default_craft", "order")
    list_filter = ("default_craft",)
    search_fields = ("name", "code")
    ordering = ("order", "name")

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        # Organisations refer to disciplines (PROTECT); removing one is an operator's job.
        return bool(request.user.is_superuser)

"""Users in the admin: role, municipality (tenant) and teams.

A functional administrator (staff, not superuser) sees and edits only the accounts of
their own municipality and cannot hand out superuser rights or permissions.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "role",
        "municipality",
        "is_active",
        "is_demo",
    )
    list_filter = ("role", "municipality", "is_active", "is_staff", "is_demo")
    search_fields = ("username", "first_name", "last_name", "email")
    # Plain multiple selects: the admin's JavaScript "filter" widget fails WCAG 4.1.2.
    filter_horizontal = ()
    readonly_fields = ("is_demo", "last_login", "date_joined")
    actions = ["reset_second_step"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and scope"), {"fields": ("role", "municipality", "teams", "is_demo")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "role", "municipality", "password1", "password2"),
            },
        ),
    )

    @staticmethod
    def _tenant(request: HttpRequest) -> Any:
        user: Any = request.user
        return user.municipality_id

    def get_list_filter(self, request: HttpRequest) -> Any:
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        # A functional administrator works in one municipality: no list of the others.
        return tuple(f for f in filters if f != "municipality")

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        qs = super().get_queryset(request).select_related("municipality")
        if request.user.is_superuser:
            return qs
        return qs.filter(municipality_id=self._tenant(request), is_superuser=False)

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f not in _SUPERUSER_ONLY)})
            for name, opts in fieldsets
        ]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "municipality" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(pk=self._tenant(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "teams" and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model.objects.filter(
                municipality_id=self._tenant(request)
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        services.user_apply_role(user=form.instance)

    @admin.action(description=_("Reset the second step (lost phone)"))
    def reset_second_step(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        count = 0
        for user in queryset:
            services.otp_devices_reset(user=user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "The second step was reset for %(count)d account.",
                "The second step was reset for %(count)d accounts.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


_SUPERUSER_ONLY = frozenset({"is_superuser", "groups", "user_permissions"})

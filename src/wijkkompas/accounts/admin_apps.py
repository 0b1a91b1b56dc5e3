"""The admin app with Wijkkompas' own admin site (second factor required).

Kept apart from ``admin_site`` so that ``INSTALLED_APPS`` can name it before the app
registry is ready.
"""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "wijkkompas.accounts.admin_site.AdminSite"

from django.views.generic import TemplateView

from wijkkompas.components.mixins import RoleRequiredMixin


class ListPage(RoleRequiredMixin, TemplateView):
    template_name = "404.html"

from django.views.generic import TemplateView

from wijkkompas.web.mixins import RoleRequiredMixin


class ListPage(RoleRequiredMixin, TemplateView):
    template_name = "404.html"

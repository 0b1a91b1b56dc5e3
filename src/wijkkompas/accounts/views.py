from django.contrib.auth import views as auth_views
from django.views.generic import TemplateView


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"


class OTPVerifyView(TemplateView):
    template_name = "accounts/login.html"

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.LogoutView.as_view(), name="logout"),
    path("tweede-stap/", views.OTPVerifyView.as_view(), name="otp"),
    path("tweede-stap/instellen/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("wachtwoord/", views.PasswordChangeView.as_view(), name="password_change"),
]

from django.contrib.auth.views import LogoutView
from django.urls import path

from xxgk.security import views

app_name = "security"
urlpatterns = [
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(next_page="/"), name="logout"),
    path("second-factor/", views.second_factor, name="second_factor"),
]

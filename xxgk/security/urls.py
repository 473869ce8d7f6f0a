from django.urls import path

from xxgk.security import views

app_name = "security"
urlpatterns = [path("second-factor/", views.second_factor, name="second_factor")]

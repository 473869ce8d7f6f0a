from django.urls import path

from xxgk.background import views

app_name = "background"
urlpatterns = [
    path("", views.new_export, name="new"),
    path("<int:pk>/", views.export_detail, name="export"),
    path("<int:pk>/download", views.export_download, name="download"),
]

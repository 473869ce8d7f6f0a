from django.urls import path

from xxgk.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_view, name="import"),
    path("export.xlsx", views.export, name="export"),
    path("completeness/", views.completeness_view, name="completeness"),
    path("rollup/", views.rollup_view, name="rollup"),
]

from django.urls import path

from xxgk.annual import views

app_name = "annual"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.report_view, name="report"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/compare/", views.compare, name="compare"),
]

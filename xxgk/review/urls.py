from django.urls import path

from xxgk.review import views

app_name = "review"
urlpatterns = [
    path("", views.index, name="index"),
    path("compare/<int:old>/<int:new>/", views.compare_years, name="compare"),
    path("<int:pk>/", views.batch_detail, name="batch"),
    path("<int:pk>/progress.json", views.batch_progress, name="progress"),
    path("<int:pk>/<int:item_pk>/evidence/<int:evidence_pk>/", views.evidence_file, name="evidence"),
    path("<int:pk>/<int:item_pk>/", views.item_detail, name="item"),
    path("<int:pk>/<int:item_pk>/decide/", views.decide_finding, name="decide"),
    path("<int:pk>/<int:item_pk>/notice.<str:kind>", views.notice, name="notice"),
]

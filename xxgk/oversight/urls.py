from django.urls import path

from xxgk.oversight import views

app_name = "oversight"
urlpatterns = [
    path("indicators/", views.indicators, name="indicators"),
    path("complaints/", views.complaints, name="complaints"),
    path("complaints/new/", views.new_complaint, name="new"),
    path("complaints/export.xlsx", views.export, name="export"),
    path("complaints/<int:pk>/", views.complaint, name="complaint"),
    path("complaints/<int:pk>/<str:step>/", views.step, name="step"),
]

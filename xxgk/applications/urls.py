from django.urls import path

from xxgk.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.register_view, name="register"),
    path("ledger/", views.ledger, name="ledger"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/act/", views.case_action, name="act"),
    path("<int:pk>/appeal/", views.case_appeal, name="appeal"),
    path("<int:pk>/attach/", views.case_attach, name="attach"),
    path("<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
    path("<int:pk>/letter.<str:kind>", views.case_letter, name="letter"),
    path("<int:pk>/correction.<str:kind>", views.case_correction, name="correction"),
    path("<int:pk>/consultations/<int:cid>.<str:kind>", views.case_consultation, name="consultation"),
]

public_urlpatterns = [
    path("", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/letter.<str:kind>", views.status_letter, name="status_letter"),
    path("status/correction.<str:kind>", views.status_correction, name="status_correction"),
    path("status/attachments/<int:att>/", views.status_attachment, name="status_attachment"),
]

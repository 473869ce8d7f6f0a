from django.urls import path

from xxgk.applications import views

app_name = "applications"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.register_view, name="register"),
    path("ledger/", views.ledger, name="ledger"),
    path("repeated/", views.repeated, name="repeated"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/act/", views.case_action, name="act"),
    path("<int:pk>/appeal/", views.case_appeal, name="appeal"),
    path("<int:pk>/attach/", views.case_attach, name="attach"),
    path("<int:pk>/deliver/", views.case_deliver, name="deliver"),
    path("<int:pk>/to-proactive/", views.case_to_proactive, name="to_proactive"),
    path("<int:pk>/deliveries/<int:did>/received/", views.case_delivery_received, name="delivery_received"),
    path("<int:pk>/attachments/<int:att>/", views.attachment, name="attachment"),
    path("<int:pk>/<slug:doc>.<str:kind>", views.case_document, name="document"),
    path("<int:pk>/consultations/<int:cid>.<str:kind>", views.case_consultation, name="consultation"),
    path(
        "<int:pk>/consultations/<int:cid>/decision.<str:kind>",
        views.case_consultation,
        {"doc": "decision"},
        name="consultation_decision",
    ),
]

public_urlpatterns = [
    path("", views.apply, name="apply"),
    path("status/", views.status, name="status"),
    path("status/<slug:doc>.<str:kind>", views.status_document, name="status_document"),
    path("status/attachments/<int:att>/", views.status_attachment, name="status_attachment"),
]

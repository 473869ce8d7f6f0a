from django.urls import path

from xxgk.publishing import views

app_name = "publishing"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("new/", views.new_item, name="new"),
    path("bulk/", views.bulk, name="bulk"),
    path("<int:pk>/", views.item_view, name="item"),
    path("<int:pk>/act/", views.item_action, name="act"),
    path("<int:pk>/attachments/<int:aid>/", views.attachment, name="attachment"),
]

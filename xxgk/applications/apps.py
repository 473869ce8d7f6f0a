from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "xxgk.applications"
    verbose_name = "依申请公开"

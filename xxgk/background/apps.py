from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "xxgk.background"
    verbose_name = "后台任务"

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "xxgk.publishing"
    verbose_name = "主动公开"

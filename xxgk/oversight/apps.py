from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "xxgk.oversight"
    verbose_name = "监督考核"

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "xxgk.security"
    verbose_name = "安全"

    def ready(self) -> None:
        from xxgk.security import signals  # noqa: F401 - connects the receivers

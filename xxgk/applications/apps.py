from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "xxgk.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from xxgk.applications.ledger import register_exports

        register_exports()

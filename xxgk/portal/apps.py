from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "xxgk.portal"
    verbose_name = "政府信息公开门户"

    def ready(self) -> None:
        from xxgk.forms import use_plain_messages
        from xxgk.portal import freshness

        use_plain_messages()
        freshness.connect()

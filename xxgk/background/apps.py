from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "xxgk.background"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from xxgk.background import queue
        from xxgk.background.tasks import build_export

        queue.register("background.build_export", build_export)

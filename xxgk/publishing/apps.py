from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "xxgk.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from xxgk import todo
        from xxgk.background import queue
        from xxgk.publishing.selectors import todo as publishing_todo
        from xxgk.publishing.tasks import extract_attachment

        todo.register(publishing_todo, place=10)
        queue.register("publishing.extract_attachment", extract_attachment)

from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "xxgk.publishing"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from xxgk import todo
        from xxgk.publishing.selectors import todo as publishing_todo

        todo.register(publishing_todo, place=10)

from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "xxgk.review"
    verbose_name = "年报核查"

    def ready(self) -> None:
        from xxgk.background import queue
        from xxgk.review.services import register_exports
        from xxgk.review.tasks import run_batch

        register_exports()
        queue.register("review.run_batch", run_batch)

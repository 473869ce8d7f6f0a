from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "xxgk.review"
    verbose_name = "年报核查"

    def ready(self) -> None:
        from xxgk.review.services import register_exports

        register_exports()

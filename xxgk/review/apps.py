from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "xxgk.review"
    verbose_name = "年报核查"

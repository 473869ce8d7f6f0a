from django.apps import AppConfig


class AnnualConfig(AppConfig):
    name = "xxgk.annual"
    verbose_name = "年度报告"

    def ready(self) -> None:
        from xxgk.annual.tasks import freeze_report
        from xxgk.background import queue

        queue.register("annual.freeze_report", freeze_report)

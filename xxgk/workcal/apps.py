from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "xxgk.workcal"
    verbose_name = "工作日历"

from django.apps import AppConfig


class WorkcalConfig(AppConfig):
    name = "xxgk.workcal"
    verbose_name = "工作日历"

    def ready(self) -> None:
        from xxgk import todo
        from xxgk.workcal.services import todo as calendar_todo

        todo.register(calendar_todo, place=0)

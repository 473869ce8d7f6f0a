from datetime import date

from django.apps import AppConfig


def _remind(today: date) -> str:
    from xxgk.applications.reminders import send_reminders

    run = send_reminders(today)
    return f"提醒邮件{run.mails}封,涉及{run.cases}件"


def _purge(today: date) -> str:
    from xxgk.applications.retention import purge

    return f"清除{purge(today).cases}件申请的个人信息"


class ApplicationsConfig(AppConfig):
    name = "xxgk.applications"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from xxgk import todo
        from xxgk.applications.ledger import register_exports
        from xxgk.applications.recalculate import recalculate
        from xxgk.applications.selectors import todo as applications_todo
        from xxgk.workcal.services import year_loaded

        register_exports()
        todo.register(applications_todo, place=20)
        from xxgk.applications.tasks import keep_letter
        from xxgk.background import queue

        queue.register("applications.keep_letter", keep_letter)
        year_loaded.connect(recalculate, dispatch_uid="applications.recalculate")
        from xxgk import daily

        daily.register("reminders", _remind, place=10)
        daily.register("retention", _purge, place=20)

from django.apps import AppConfig


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
        year_loaded.connect(recalculate, dispatch_uid="applications.recalculate")

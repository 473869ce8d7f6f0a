from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save


class AgenciesConfig(AppConfig):
    name = "xxgk.agencies"
    verbose_name = "机构与人员"

    def ready(self) -> None:
        from xxgk.agencies.models import Membership
        from xxgk.agencies.roles import sync_member_groups, sync_role_groups

        # After every app: permissions of apps migrated later must exist before groups get them.
        post_migrate.connect(sync_role_groups, dispatch_uid="xxgk_sync_role_groups")
        post_save.connect(sync_member_groups, sender=Membership)
        post_delete.connect(sync_member_groups, sender=Membership)

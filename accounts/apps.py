from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from accounts.services import roles_sync

        # Permissions only exist after every app has migrated, so the role groups are synced then.
        post_migrate.connect(lambda **kwargs: roles_sync(), dispatch_uid="accounts.roles_sync", weak=False)

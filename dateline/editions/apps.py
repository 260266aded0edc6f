from django.apps import AppConfig


class EditionsConfig(AppConfig):
    name = "dateline.editions"
    label = "editions"

    def ready(self) -> None:
        from . import signals  # noqa: F401

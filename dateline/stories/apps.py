from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"

    def ready(self) -> None:
        from . import signals  # noqa: F401

from django.apps import AppConfig


class FeedConfig(AppConfig):
    name = "dateline.feed"
    label = "feed"

    def ready(self) -> None:
        from . import signals  # noqa: F401

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"

    def ready(self) -> None:
        from dateline.core.planner import planner_statistics_keep

        from . import signals  # noqa: F401
        from .background import background_register

        background_register("planner-statistics", planner_statistics_keep)

from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"

    def ready(self) -> None:
        from django.db import connection

        from dateline.core.planner import CHECK_SECONDS, planner_statistics_refresh_if_grown

        from . import signals  # noqa: F401
        from .background import background_register, periodic

        if connection.vendor == "sqlite":  # PostgreSQL's autovacuum measures by itself
            background_register(
                "planner-statistics", periodic(planner_statistics_refresh_if_grown, CHECK_SECONDS)
            )

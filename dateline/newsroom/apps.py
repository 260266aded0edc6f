from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "dateline.newsroom"
    label = "newsroom"

    def ready(self) -> None:
        from dateline.stories.outbox import reaction_register

        from .notices import corrected_originals_notify

        reaction_register("translation-notices", corrected_originals_notify)

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "dateline.live"
    label = "live"

    def ready(self) -> None:
        from dateline.stories.outbox import reaction_register

        from .broker import broker

        reaction_register("live-stream", broker.ring)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyndicationConfig(AppConfig):
    name = "dateline.syndication"
    label = "syndication"
    verbose_name = _("The wire")

    def ready(self) -> None:
        from dateline.stories.background import background_register, periodic
        from dateline.stories.outbox import reaction_register

        from .sitemaps.keeping import KEEP_SECONDS, sitemap_pages_cut
        from .webhooks.events import webhook_deliveries_record
        from .webhooks.sending import sender_run

        reaction_register("webhooks", webhook_deliveries_record)
        background_register("webhook-sender", sender_run)
        background_register("sitemap-pages", periodic(sitemap_pages_cut, KEEP_SECONDS))

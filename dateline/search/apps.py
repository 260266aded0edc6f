from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from dateline.stories.outbox import reaction_register

        from .index import index_follow

        reaction_register("search-index", index_follow)

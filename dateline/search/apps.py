from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "dateline.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from dateline.stories.admin_search import story_search_register
        from dateline.stories.models import Story
        from dateline.stories.outbox import reaction_register

        from .index import index_follow, story_saved
        from .newsroom import newsroom_search

        reaction_register("search-index", index_follow)
        post_save.connect(story_saved, sender=Story, dispatch_uid="search-story-saved")
        story_search_register(
            lambda text, stories, limit: newsroom_search(text, within=stories, limit=limit)
        )

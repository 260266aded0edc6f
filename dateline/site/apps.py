from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "dateline.site"
    label = "site"

    def ready(self) -> None:
        from dateline.editions.models import EditionFrontPage
        from dateline.editions.reader_pages import reader_context_register
        from dateline.stories.models import Story
        from dateline.stories.page_data import kept_by_page
        from dateline.taxonomy.models import RegionPage, TopicPage

        from .fronts import front_page_context, section_page_context
        from .story_page import story_page_context

        reader_context_register(EditionFrontPage, kept_by_page(front_page_context))
        reader_context_register(RegionPage, kept_by_page(section_page_context))
        reader_context_register(TopicPage, kept_by_page(section_page_context))
        # Story previews; the story page itself keeps its data in the view.
        reader_context_register(Story, story_page_context)

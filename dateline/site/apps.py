from django.apps import AppConfig


class SiteConfig(AppConfig):
    name = "dateline.site"
    label = "site"

    def ready(self) -> None:
        from dateline.editions.models import EditionFrontPage
        from dateline.editions.reader_pages import reader_context_register
        from dateline.stories.models import Story
        from dateline.taxonomy.models import RegionPage, TopicPage

        from .fronts import front_page_context, section_page_context
        from .story_page import story_page_context

        reader_context_register(EditionFrontPage, front_page_context)
        reader_context_register(RegionPage, section_page_context)
        reader_context_register(TopicPage, section_page_context)
        reader_context_register(Story, story_page_context)

"""Links to stories inside rich text, kept by the story's id rather than its address: they follow
a new headline's slug, lead only to public stories (a link to any other keeps its text, not its
address), and Wagtail's reference index records them, so a story knows who links to it.

Editors paste a story's address into a link; saving turns every link to one of the agency's
story addresses into the stored form `<a linktype="story" id="N">` (blocks.story_links_by_id),
and the admin's editor shows it as that story's address again (wagtail_hooks)."""

from collections.abc import Iterator

from django.db.models import Model
from django.utils.html import escape
from wagtail.rich_text import LinkHandler

from dateline.editions.registry import all_editions

from .models import Story


class StoryLinkHandler(LinkHandler):
    identifier = "story"

    @staticmethod
    def get_model() -> type[Model]:
        return Story

    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model | None]:
        ids = [str(attrs.get("id", "")) for attrs in attrs_list]
        stories = Story.objects.public(*all_editions()).filter(
            pk__in=[int(i) for i in ids if i.isdigit()]
        )
        by_id = {str(s.pk): s for s in stories.only("id", "slug", "locale_id")}
        return [by_id.get(i) for i in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        return [
            f'<a href="{escape(story.url)}">' if isinstance(story, Story) else "<a>"
            for story in cls.get_many(attrs_list)
        ]

    @classmethod
    def extract_references(cls, attrs: dict) -> Iterator[tuple]:
        yield Story, attrs["id"], "", ""

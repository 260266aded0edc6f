"""Everything the story page shows, in a fixed number of queries whatever the story holds."""

from django.http import HttpRequest

from dateline.editions.registry import edition_for_locale
from dateline.stories.document import story_document
from dateline.stories.models import Story
from dateline.stories.selectors import stories_latest

from .jsonld import news_article

SIDEBAR_LENGTH = 10


def story_page_context(story: Story, request: HttpRequest) -> dict:
    edition = edition_for_locale(story.locale_id)
    if edition is None:
        return {}
    document = story_document(story, edition)
    return {
        "story": document,
        "edition": edition,
        "page_title": document.headline,
        "story_jsonld": news_article(document),
        "latest_stories": stories_latest(
            edition=edition, limit=SIDEBAR_LENGTH, exclude_ids=[story.pk], with_photos=False
        ),
    }

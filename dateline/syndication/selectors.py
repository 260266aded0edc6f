"""What the feeds read, through the public gate: the latest stories of an edition or of one of
its regions or topics, the same ones its front and section pages list, with everything their
documents need."""

from wagtail.models import Page, PageViewRestriction

from dateline.editions.models import Edition
from dateline.editions.registry import front_page_path
from dateline.stories.models import Story
from dateline.stories.selectors import stories_for_documents, stories_latest
from dateline.taxonomy.models import RegionPage, TopicPage

FEED_LENGTH = 50


def feed_section(*, edition: Edition, section_path: str) -> RegionPage | TopicPage | None:
    """The edition's live region or topic at `section_path` below its front page (as in the
    section page's address), unless readers need leave to see it."""
    front_path = front_page_path(edition)
    if front_path is None:
        return None
    for model in (RegionPage, TopicPage):
        section = model.objects.live().filter(url_path=f"{front_path}{section_path}/").first()
        if section is not None:
            return None if _is_restricted(section) else section
    return None


def _is_restricted(page: Page) -> bool:
    """Whether a password, a login or a group guards the page or a page above it."""
    paths = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return PageViewRestriction.objects.filter(page__path__in=paths).exists()


def story_ids_for_feed(
    *, edition: Edition, section: Page | None = None, limit: int = FEED_LENGTH
) -> list[int]:
    """The latest `limit` public stories of the edition or of its region or topic, newest
    first, as their page lists them."""
    latest = stories_latest(
        edition=edition,
        limit=limit,
        region=section if isinstance(section, RegionPage) else None,
        topic=section if isinstance(section, TopicPage) else None,
        with_photos=False,
    )
    return [story.pk for story in latest]


def stories_for_feed(*, edition: Edition, story_ids: list[int]) -> list[Story]:
    """These public stories of the edition, in this order, ready for their documents."""
    found = stories_for_documents(edition).in_bulk(story_ids)
    return [found[story_id] for story_id in story_ids if story_id in found]

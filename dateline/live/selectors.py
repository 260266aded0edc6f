from dateline.editions.models import Edition
from dateline.stories.paging import Cursor, StoryPage, keyset_page
from dateline.stories.selectors import stories_listing

PAGE_SIZE = 30


def feed_page(
    *,
    edition: Edition,
    region_id: int | None = None,
    topic_id: int | None = None,
    before: Cursor | None = None,
    after: Cursor | None = None,
    size: int = PAGE_SIZE,
) -> StoryPage:
    """A page of the edition's live stories, newest first: the newest, the ones just older than
    `before`, or the ones just newer than `after`."""
    stories = stories_listing(
        edition=edition, published_by=before.published_at if before is not None else None
    )
    if region_id is not None:
        stories = stories.filter(regions=region_id)
    if topic_id is not None:
        stories = stories.filter(topics=topic_id)
    return keyset_page(stories, before=before, after=after, size=size)

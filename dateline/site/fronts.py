"""What an edition's front page and its region and topic pages show."""

from django.http import HttpRequest

from dateline.editions.links import page_url
from dateline.editions.models import EditionFrontPage
from dateline.editions.registry import edition_for_locale
from dateline.stories.outbox import latest_change_id
from dateline.stories.selectors import stories_latest, stories_top
from dateline.taxonomy.models import RegionPage, TopicPage

LATEST_ON_FRONT = 20
STORIES_ON_SECTION = 30


def front_page_context(page: EditionFrontPage, request: HttpRequest) -> dict:
    edition = edition_for_locale(page.locale_id)
    if edition is None:
        return {}
    live_since = latest_change_id()  # before the stories: see live_attributes
    top = stories_top(front_page=page, edition=edition)
    return {
        "edition": edition,
        "live_since": live_since,
        "top_stories": top,
        "latest_stories": stories_latest(
            edition=edition, limit=LATEST_ON_FRONT, exclude_ids=[s.pk for s in top]
        ),
    }


def section_page_context(page: RegionPage | TopicPage, request: HttpRequest) -> dict:
    edition = edition_for_locale(page.locale_id)
    if edition is None:
        return {}
    region = page if isinstance(page, RegionPage) else None
    topic = page if isinstance(page, TopicPage) else None
    return {
        "edition": edition,
        "live_since": latest_change_id(),  # before the stories: see live_attributes
        "canonical_url": page_url(edition, page),
        "region": region,
        "topic": topic,
        "stories": stories_latest(
            edition=edition, limit=STORIES_ON_SECTION, region=region, topic=topic
        ),
    }

"""What an edition's front page and its region and topic pages show."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dateline.editions import links
from dateline.editions.models import EditionFrontPage
from dateline.editions.registry import edition_for_locale
from dateline.photos.models import LEAD_FILTER, THUMB_FILTER
from dateline.stories.models import Story
from dateline.stories.page_data import latest_change_seen
from dateline.stories.paging import stories_by_day
from dateline.stories.selectors import stories_latest, stories_of_regions, stories_top
from dateline.taxonomy.models import RegionPage, TopicPage

from .alternates import EditionLink

LATEST_ON_FRONT = 20
STORIES_ON_SECTION = 30
STORIES_PER_REGION = 4


def _lead_photo(story: Story) -> dict | None:
    """The lead story's photo, large, with its teaser size as the narrower source."""
    if story.lead_photo is None:
        return None
    # Both sizes come prefetched with the top stories (stories_top).
    thumb = story.lead_photo.get_rendition(THUMB_FILTER)
    large = story.lead_photo.get_rendition(LEAD_FILTER)
    sources = sorted({r.width: r for r in (thumb, large)}.values(), key=lambda r: r.width)
    return {
        "url": links.media_url(large.url),
        "width": large.width,
        "height": large.height,
        "srcset": ", ".join(f"{links.media_url(r.url)} {r.width}w" for r in sources),
    }


def _main_regions(page: EditionFrontPage) -> list[RegionPage]:
    """The regions right under the front page, in the editors' order."""
    return list(
        RegionPage.objects.live()
        .child_of(page)
        .only("id", "title", "slug", "url_path", "locale_id")
        .order_by("path")
    )


def front_page_context(page: EditionFrontPage, request: HttpRequest) -> dict:
    edition = edition_for_locale(page.locale_id)
    if edition is None:
        return {}
    live_since = latest_change_seen()  # before the stories: see live_attributes
    top = stories_top(front_page=page, edition=edition)
    lead, others = (top[0], top[1:]) if top else (None, [])
    regions = _main_regions(page)
    by_region = stories_of_regions(
        edition=edition, region_ids=[r.pk for r in regions], per_region=STORIES_PER_REGION
    )
    latest = stories_latest(
        edition=edition,
        limit=LATEST_ON_FRONT,
        exclude_ids=[s.pk for s in top],
        with_photos=False,
    )
    return {
        "edition": edition,
        "live_since": live_since,
        "page_title": _("Latest news"),
        "lead_story": lead,
        "lead_photo": _lead_photo(lead) if lead is not None else None,
        "top_stories": others,
        "latest_days": stories_by_day(latest, edition),
        "region_blocks": [
            (region, links.page_url(edition, region), by_region[region.pk])
            for region in regions
            if by_region.get(region.pk)
        ],
        "canonical_url": links.edition_root(edition),
    }


def section_page_context(page: RegionPage | TopicPage, request: HttpRequest) -> dict:
    edition = edition_for_locale(page.locale_id)
    if edition is None:
        return {}
    region = page if isinstance(page, RegionPage) else None
    topic = page if isinstance(page, TopicPage) else None
    url = links.page_url(edition, page)
    return {
        "edition": edition,
        "live_since": latest_change_seen(),  # before the stories: see live_attributes
        "canonical_url": url,
        "page_title": page.title,
        "region": region,
        "topic": topic,
        "stories": stories_latest(
            edition=edition, limit=STORIES_ON_SECTION, region=region, topic=topic
        ),
        # A section exists in one edition's tree only: the others are offered their fronts.
        "page_alternates": [EditionLink(edition, url)],
    }

"""Everything the story page shows, in a fixed number of queries whatever the story holds."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest

from dateline.editions.registry import edition_for_locale
from dateline.photos.credits import photo_credit
from dateline.photos.models import LEAD_FILTER, READER_FILTERS, Photo, PhotoRendition

from .models import Story
from .selectors import stories_latest, story_versions
from .translation_note import translation_note

SIDEBAR_LENGTH = 10


def _body_photos(story: Story) -> list[Photo]:
    return [block.value["image"] for block in story.body if block.block_type == "photo"]


def story_page_context(request: HttpRequest, story: Story) -> dict:
    edition = request.edition
    # One query for every rendition the page shows: the lead photo's and the body's.
    photos = [p for p in [story.lead_photo, *_body_photos(story)] if p is not None]
    prefetch_related_objects(
        photos,
        Prefetch(
            "renditions", queryset=PhotoRendition.objects.filter(filter_spec__in=READER_FILTERS)
        ),
    )
    original = story.translation_of
    versions = story_versions(story)
    if original is not None and not any(v.pk == original.pk for v in versions):
        original = None  # The original is not live: say nothing about it.
    lead_photo = story.lead_photo
    lead_rendition = lead_photo.get_rendition(LEAD_FILTER) if lead_photo else None
    byline = [credit.author for credit in story.byline.select_related("author")]
    return {
        "story": story,
        "edition": edition,
        "page_title": story.headline,
        "byline": byline,
        "story_jsonld": _news_article(request, story, byline, original, lead_rendition),
        # filter(live=True) rather than live(): an unsaved story in preview holds its tags in
        # memory, where only plain lookups work.
        "regions": list(story.regions.filter(live=True)),
        "topics": list(story.topics.filter(live=True)),
        "lead_photo": lead_photo,
        "lead_rendition": lead_rendition,
        "lead_caption": story.lead_photo_caption
        or (lead_photo.default_caption if lead_photo else ""),
        "lead_credit": photo_credit(lead_photo, edition) if lead_photo else "",
        "translation_note": (
            translation_note(story=story, original=original, edition=edition) if original else ""
        ),
        "other_versions": [(edition_for_locale(v.locale_id), v) for v in versions],
        "latest_stories": stories_latest(
            locale_id=story.locale_id,
            limit=SIDEBAR_LENGTH,
            exclude_ids=[story.pk],
            with_photos=False,
        ),
    }


def _news_article(
    request: HttpRequest, story: Story, byline: list, original: Story | None, lead_rendition
) -> dict:
    """schema.org NewsArticle, so search engines and aggregators read the story right."""
    edition = request.edition
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.lead,
        "inLanguage": edition.language,
        "datePublished": story.first_published_at.isoformat() if story.first_published_at else None,
        "dateModified": story.last_published_at.isoformat() if story.last_published_at else None,
        "mainEntityOfPage": request.build_absolute_uri(story.url),
        "author": [{"@type": "Person", "name": author.name} for author in byline],
        "publisher": {"@type": "Organization", "name": edition.agency_name},
    }
    if lead_rendition is not None:
        article["image"] = [request.build_absolute_uri(lead_rendition.url)]
    if original is not None:
        article["isBasedOn"] = request.build_absolute_uri(original.url)
    return article

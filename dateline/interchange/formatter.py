"""A story written as one line of a stories file: the format parser.py reads."""

from datetime import UTC, datetime

from django.utils.dateparse import parse_datetime
from wagtail.rich_text import expand_db_html

from dateline.stories.models import Story

from .body import body_items


def time_format(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat()


def note_time(value: str | datetime) -> datetime:
    """A note's stored time as an aware datetime (notes typed without a zone count as UTC)."""
    moment = value if isinstance(value, datetime) else parse_datetime(value)
    if moment is None:
        raise ValueError(f"not a time: {value!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def story_body_items(story: Story) -> list[str]:
    # Links to pages are stored by id; a file carries their addresses instead.
    blocks = [
        {**block, "value": expand_db_html(block["value"])}
        if block["type"] == "paragraph"
        else block
        for block in story.body.raw_data
    ]
    return body_items(blocks)


def story_photo_caption(story: Story) -> str:
    """The caption readers see: the story's own, else the photo's default."""
    if story.lead_photo is None:
        return ""
    return story.lead_photo_caption or story.lead_photo.default_caption


def story_line_format(story: Story, *, edition_slug: str, photo_file: str | None) -> dict:
    """The line of a published story. `photo_file` is the copied photo's path relative to the
    stories file. Expects the story's byline authors, regions, topics, lead photo and original
    prefetched, and ids already given to it and its original."""
    line: dict = {
        "external_id": story.external_id,
        "edition": edition_slug,
        "headline": story.headline,
        "lead": story.lead,
        "body": story_body_items(story),
        "published_at": time_format(story.first_published_at),
    }
    if story.last_published_at and story.last_published_at != story.first_published_at:
        line["updated_at"] = time_format(story.last_published_at)
    line |= {
        "regions": sorted(region.slug for region in story.regions.all()),
        "topics": sorted(topic.slug for topic in story.topics.all()),
        "authors": [credit.author.name for credit in story.byline.all()],
        "sources": [
            {"name": source["value"]["name"], "url": source["value"].get("url") or ""}
            for source in story.sources.raw_data
        ],
    }
    if story.lead_photo is not None and photo_file is not None:
        photo = story.lead_photo
        line["photo"] = {
            "file": photo_file,
            "caption": story_photo_caption(story),
            "credit": photo.credit,
        }
        if photo.copyright_holder:
            line["photo"]["copyright_holder"] = photo.copyright_holder
    if story.translation_of is not None:
        line["translation_of"] = story.translation_of.external_id
        line["translation_kind"] = story.translation_kind
    if story.notes.raw_data:
        line["notes"] = [
            {
                "kind": note["type"],
                "at": time_format(note_time(note["value"]["noted_at"])),
                "text": note["value"]["text"],
            }
            for note in story.notes.raw_data
        ]
    return line

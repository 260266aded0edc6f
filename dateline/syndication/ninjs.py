"""Story documents as IPTC ninjs 3.1 ("News in JSON"), the subscriber API's format.

The schema's root allows no property of its own making, so everything is said in its fields:
the lead photo and the story's other versions are `associations` (with a `rel`), the regions and
topics `subjects`, the update and correction notes extra `bodies` with the role "update" or
"correction", the story's web page a `rendition`. docs/api.md lists the whole mapping."""

import mimetypes
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from dateline.editions.links import author_url, photo_uri, story_permalink
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_locale, edition_for_slug
from dateline.stories.document import PhotoDocument, StoryDocument, StoryLink, story_documents
from dateline.stories.models import Story

SCHEMA_URI = "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#"
STANDARD = {"name": "ninjs", "version": "3.1", "schema": SCHEMA_URI}
# The relations of associated stories and photos (ninjs leaves their names to the provider).
REL_LEAD_PHOTO = "leadPhoto"
REL_TRANSLATION_OF = "translationOf"
REL_HAS_TRANSLATION = "hasTranslation"
REL_SEE_ALSO = "seeAlso"


def timestamp(moment: datetime) -> str:
    """RFC 3339 in UTC, as the schema's date-time format wants it."""
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _edition_of(link: StoryLink) -> Edition:
    edition = edition_for_slug(link.edition)
    if edition is None:  # links come through the gate, which knows only existing editions
        raise LookupError(f"story {link.id} has no edition")
    return edition


def _story_link(link: StoryLink, rel: str) -> dict[str, Any]:
    return {
        "name": link.headline,
        "rel": rel,
        "uri": story_permalink(_edition_of(link), link.id),
        "type": "text",
        "language": link.language,
        "headlines": [{"role": "main", "value": link.headline}],
        "firstCreated": timestamp(link.published_at),
    }


def _content_type(url: str) -> str:
    return mimetypes.guess_type(url)[0] or "application/octet-stream"


def _photo(photo: PhotoDocument) -> dict[str, Any]:
    association: dict[str, Any] = {
        "name": photo.title,
        "rel": REL_LEAD_PHOTO,
        "uri": photo_uri(photo.id),
        "type": "picture",
        "by": photo.credit,
        "renditions": [
            {
                "name": name,
                "href": rendition.url,
                "contentType": _content_type(rendition.url),
                "width": rendition.width,
                "height": rendition.height,
            }
            for name, rendition in photo.renditions.items()
        ],
    }
    if photo.caption:
        association["descriptions"] = [{"role": "caption", "value": photo.caption}]
    if photo.photographer:
        association["people"] = [{"name": photo.photographer, "rel": "photographer"}]
    if photo.copyright_holder:
        association["copyrightHolder"] = photo.copyright_holder
    if photo.usage_terms:
        association["usageTerms"] = photo.usage_terms
    return association


def _associations(document: StoryDocument, is_translation: bool) -> list[dict[str, Any]]:
    """The lead photo, the original of a translation or the translations of an original, and
    the stories the body points to. A translation names its original only: the original names
    every translation, and the translations of one original are not each other's."""
    associations = [_photo(document.photo)] if document.photo is not None else []
    if document.translation is not None:
        associations.append(_story_link(document.translation.original, REL_TRANSLATION_OF))
    elif not is_translation:
        associations += [_story_link(v, REL_HAS_TRANSLATION) for v in document.versions]
    associations += [
        _story_link(block.story, REL_SEE_ALSO)
        for block in document.body
        if block.kind == "see_also" and block.story is not None
    ]
    return associations


def _bodies(document: StoryDocument, edition: Edition) -> list[dict[str, Any]]:
    """The body as the story page shows it (the same block partials), then each note."""
    with translation.override(edition.language):
        html = render_to_string(
            "syndication/ninjs_body.html",
            {"body": document.body, "edition": edition, "story": document},
        ).strip()
        notes = [
            {
                "role": note.kind,  # "update" or "correction"
                "contentType": "text/html",
                "value": render_to_string(
                    "syndication/ninjs_note.html", {"note": note, "edition": edition}
                ).strip(),
            }
            for note in document.notes
        ]
    main = [{"role": "main", "contentType": "text/html", "value": html}] if html else []
    return main + notes


def ninjs_story(
    document: StoryDocument,
    edition: Edition,
    *,
    is_translation: bool = False,
    embargoed_until: datetime | None = None,
) -> dict[str, Any]:
    """A public story's document in ninjs, or an embargoed one's with `embargoed_until`.

    firstCreated is the story's publication time as readers see it; versionCreated the later
    of that and its last publication (an embargo's end counts: that is when readers see it),
    the order of the API's "updated since" list. An embargoed story has neither yet: both are
    the time it went out to subscribers allowed embargoed material."""
    if embargoed_until is None:
        first_created = document.published_at
        version_created = max(document.published_at, document.updated_at)
    else:
        first_created = version_created = document.updated_at
    story: dict[str, Any] = {
        "standard": STANDARD,
        "uri": story_permalink(edition, document.id),
        "altIds": [{"role": "storyId", "value": str(document.id)}],
        "type": "text",
        "representationType": "full",
        "firstCreated": timestamp(first_created),
        "versionCreated": timestamp(version_created),
        "pubStatus": "usable",
        "language": document.language,
        "copyrightHolder": document.agency,
        "headlines": [{"role": "main", "value": document.headline}],
        "renditions": [
            {
                "name": "web",
                "href": document.url,
                "contentType": "text/html",
                "title": document.headline,
            }
        ],
    }
    if document.version is not None:
        story["version"] = str(document.version)
    if embargoed_until is not None:
        story["embargoedUntil"] = timestamp(embargoed_until)
    # Labels the law demands go wherever the story goes: as descriptions of their own role,
    # and in the body where the page prints them.
    labels = [edition.label_banner] if edition.label_banner else []
    labels += [label.text for label in (*document.top_labels, *document.end_labels)]
    descriptions = [{"role": "label", "contentType": "text/plain", "value": t} for t in labels]
    if document.lead:
        descriptions.append(
            {"role": "summary", "contentType": "text/plain", "value": document.lead}
        )
    if descriptions:
        story["descriptions"] = descriptions
    if bodies := _bodies(document, edition):
        story["bodies"] = bodies
    if document.byline:
        story["by"] = ", ".join(author.name for author in document.byline)
        story["people"] = [
            {"name": author.name, "rel": "author"}
            | ({"uri": author_url(edition, author.slug)} if author.slug else {})
            for author in document.byline
        ]
    if subjects := [
        {"name": tag.title, "rel": tag.kind, "uri": tag.url, "literal": tag.slug}
        for tag in (*document.regions, *document.topics)
    ]:
        story["subjects"] = subjects
    if sources := [
        {"name": source.name, "role": "source"} | ({"uri": source.url} if source.url else {})
        for source in document.sources
    ]:
        story["infoSources"] = sources
    if associations := _associations(document, is_translation):
        story["associations"] = associations
    return story


def ninjs_withdrawn(story_id: int, edition: Edition, withdrawn_at: datetime) -> dict[str, Any]:
    """What a withdrawn story still says to subscribers who had it: that it is canceled, and
    nothing of what it said. Its version is the withdrawal's time (it has no live revision)."""
    return {
        "standard": STANDARD,
        "uri": story_permalink(edition, story_id),
        "altIds": [{"role": "storyId", "value": str(story_id)}],
        "type": "text",
        "representationType": "partial",
        "version": timestamp(withdrawn_at),
        "versionCreated": timestamp(withdrawn_at),
        "pubStatus": "canceled",
        "language": edition.language,
    }


def ninjs_stories(stories: Sequence[Story], *, embargoed: bool = False) -> dict[int, dict]:
    """The ninjs of stories that came through the gate (`embargoed`: through its variant for
    embargoed material), by story id, each as its own edition shows it."""
    by_edition: dict[int, list[Story]] = {}
    for story in stories:
        by_edition.setdefault(story.locale_id, []).append(story)
    found: dict[int, dict] = {}
    for locale_id, group in by_edition.items():
        edition = edition_for_locale(locale_id)
        if edition is None:
            continue
        for story, document in zip(group, story_documents(group, edition), strict=True):
            found[story.pk] = ninjs_story(
                document,
                edition,
                is_translation=story.translation_of_id is not None,
                embargoed_until=story.embargo_until if embargoed else None,
            )
    return found

"""Everything the story page shows, in a fixed number of queries whatever the story holds."""

import re

from django.http import HttpRequest
from django.template.loader import render_to_string

from dateline.editions import links
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, edition_for_locale
from dateline.stories.document import StoryDocument, StoryLink, story_document
from dateline.stories.document_text import body_without_lead
from dateline.stories.models import Story
from dateline.stories.page_data import page_data
from dateline.stories.paging import stories_by_day
from dateline.stories.selectors import stories_latest, stories_linking_to, stories_read_also

from .alternates import EditionLink
from .jsonld import news_article

SIDEBAR_LENGTH = 10
READ_ALSO_LENGTH = 6

# A link in a story's text to another story, on any edition's address.
_STORY_HREF = re.compile(r'href="[^"]*/news/(\d+)/')


def _linked_ids(document: StoryDocument) -> list[int]:
    return [
        int(found)
        for block in document.body
        if block.kind == "paragraph"
        for found in _STORY_HREF.findall(block.html)
    ]


def _alternates(document: StoryDocument) -> list[EditionLink]:
    """The story in each edition that has it: the same story where a version exists, else that
    edition's front (for the switcher; the head lists only the versions)."""
    editions = {e.slug: e for e in all_editions()}
    own = editions.get(document.edition)
    versions = {v.edition: v.url for v in document.versions}
    found = [EditionLink(own, document.url)] if own is not None else []
    return found + [
        EditionLink(e, versions[slug]) for slug, e in editions.items() if slug in versions
    ]


def story_page_context(story: Story, request: HttpRequest) -> dict:
    """Everything the story page shows (a preview's, built afresh)."""
    context = story_document_context(story)
    return context | story_lists_context(context) if context else {}


def story_document_context(story: Story) -> dict:
    """What the page shows from the story's document alone: it changes only when the stories
    of its DocumentSources change."""
    edition = edition_for_locale(story.locale_id)
    if edition is None:
        return {}
    document = story_document(story, edition)
    alternates = _alternates(document)
    with_version = {link.edition for link in alternates}
    context = {
        "story": document,
        "body": body_without_lead(document),
        "edition": edition,
        "page_title": document.headline,
        "story_jsonld": news_article(document, edition),
        "read_also_links": _unique_links(_see_also(document), document),
        "page_alternates": alternates,
        # Readers of no edition's language get the original.
        "x_default": document.translation.original.url if document.translation else document.url,
        "edition_links": [link for link in alternates if link.edition != edition]
        + [EditionLink(e, links.edition_root(e)) for e in all_editions() if e not in with_version],
    }
    # Rendered here, once, and kept with the data: a request renders only the page around them.
    return context | {
        "head_html": render_to_string("site/_story_head.html", context),
        "article_html": render_to_string("site/_story_article.html", context),
    }


def story_lists_context(document_context: dict) -> dict:
    """What the page lists of other stories (Read also, the sidebar): it changes with any
    change, the sidebar's stories being the edition's latest, shared by all its story pages."""
    document: StoryDocument = document_context["story"]
    edition = document_context["edition"]
    see_also_ids = {link.id for link in _see_also(document)}
    read_also = [
        s
        for s in stories_read_also(
            edition=edition,
            story_id=document.id,
            linked_ids=[i for i in _linked_ids(document) if i not in see_also_ids],
            region_ids=[tag.id for tag in document.regions],
            topic_ids=[tag.id for tag in document.topics],
            limit=READ_ALSO_LENGTH,
        )
        if s.pk not in see_also_ids
    ]
    latest = [s for s in edition_latest(edition) if s.pk != document.id][:SIDEBAR_LENGTH]
    context = document_context | {
        "read_also": read_also,
        "linked_from": stories_linking_to(
            edition=edition, story_id=document.id, limit=READ_ALSO_LENGTH
        ),
        "latest_days": stories_by_day(latest, edition),
    }
    return {
        "read_also_html": render_to_string("site/_story_read_also.html", context),
        "aside_html": render_to_string("site/_story_aside.html", context),
    }


def edition_latest(edition: Edition) -> list[Story]:
    """The edition's latest stories for story pages' sidebars: one more than a sidebar shows,
    so that each page can leave itself out."""

    def build() -> dict:
        return {
            "stories": stories_latest(edition=edition, limit=SIDEBAR_LENGTH + 1, with_photos=False)
        }

    return (page_data(("latest", edition.pk), build) or {})["stories"]


def _see_also(document: StoryDocument) -> list[StoryLink]:
    return [b.story for b in document.body if b.kind == "see_also" and b.story is not None]


def _unique_links(found: list[StoryLink], document: StoryDocument) -> list[StoryLink]:
    seen: set[int] = {document.id}
    unique = []
    for link in found:
        if link.id not in seen:
            seen.add(link.id)
            unique.append(link)
    return unique

"""What a feed says of each story, made once from its document for every format: the text as
the edition's feed setting wants it (full or lead), the full text for aggregators in HTML and
in plain text, the photos with their captions and credits, the labels and the notes.

Every string here is text an XML document can carry: story text may hold control characters
(pasted or imported), which no XML parser accepts, so they go before any format sees them."""

import mimetypes
import re
from dataclasses import dataclass, replace
from datetime import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from dateline.editions import links
from dateline.editions.clock import format_moment
from dateline.editions.models import Edition, FeedText
from dateline.photos.models import PhotoRendition
from dateline.stories.document import Note, PhotoDocument, Rendition, StoryDocument, Tag
from dateline.stories.document_text import body_without_lead, plain_text

# What XML 1.0 allows (its Char production); everything else goes.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Where one paragraph of plain text ends in a story's rich text.
_BLOCK_END = re.compile(r"</(?:p|h2|h3|li)>|<br\s*/?>", re.IGNORECASE)


def feed_text(text: str) -> str:
    return _NOT_XML.sub("", text)


@dataclass(frozen=True)
class Image:
    """A photo as a feed attaches it: its largest reader size, with what readers see under it."""

    url: str
    media_type: str
    length: int  # bytes; 0 where the file cannot be read (RSS asks for 0 then)
    width: int
    height: int
    caption: str
    credit: str  # the credit line as the edition phrases it


@dataclass(frozen=True)
class Author:
    name: str
    url: str  # the author's page in the edition; empty for an author of another edition


@dataclass(frozen=True)
class FeedEntry:
    id: str  # the story's permanent address
    url: str
    title: str
    summary: str  # plain text: the labels and the lead
    content_html: str  # as the edition's feed setting says: the full text or the lead
    full_html: str  # always the full text, for the aggregators' feed
    full_text: str  # the full text as plain paragraphs (yandex:full-text)
    published_at: datetime
    updated_at: datetime
    language: str
    authors: tuple[Author, ...]
    categories: tuple[str, ...]  # its regions' and topics' names
    photo: Image | None  # the lead photo
    images: tuple[Image, ...]  # every photo it shows, the lead photo first
    labels: tuple[str, ...]
    notes: tuple[Note, ...]


def entry_labels(document: StoryDocument, edition: Edition) -> tuple[str, ...]:
    """The labels an item carries above its text, as the page shows them: the edition's
    site-wide banner, then the story's own labels at its top (its labels at the end and its
    notes after mentions are in its text)."""
    banner = (edition.label_banner,) if edition.label_banner else ()
    return banner + tuple(label.text for label in document.top_labels)


def plain_paragraphs(markup: str) -> list[str]:
    """A paragraph block's rich text as plain paragraphs: one per paragraph, heading and list
    item."""
    return [text for chunk in _BLOCK_END.split(markup) if (text := plain_text(chunk))]


def _largest(renditions: dict[str, Rendition] | tuple[Rendition, ...]) -> Rendition | None:
    found = renditions.values() if isinstance(renditions, dict) else renditions
    return max(found, key=lambda r: (r.width * r.height, r.width), default=None)


def _photos_shown(document: StoryDocument) -> list[tuple[PhotoDocument, Rendition]]:
    """Every photo the story shows in the size a feed gives it, the lead photo first."""
    shown: list[tuple[PhotoDocument, Rendition | None]] = []
    if document.photo is not None:
        shown.append((document.photo, _largest(document.photo.renditions)))
    for block in body_without_lead(document):
        if block.kind == "photo" and block.photo is not None:
            shown.append((block.photo, block.photo.renditions.get("inline")))
        elif block.kind == "gallery":
            shown += [(photo, _largest(photo.crops)) for photo in block.photos]
    return [(photo, rendition) for photo, rendition in shown if rendition is not None]


def _file_sizes(shown: list[tuple[PhotoDocument, Rendition]]) -> dict[str, int]:
    """The size of each rendition the feeds attach, by its address: one query for all of
    them, and a look at each file (the feed is kept until the next change)."""
    wanted = {rendition.url for _photo, rendition in shown}
    photo_ids = {photo.id for photo, _rendition in shown}
    sizes = {}
    for rendition in PhotoRendition.objects.filter(image_id__in=photo_ids):
        url = links.media_url(rendition.url)
        if url in wanted:
            try:
                sizes[url] = rendition.file.size
            except OSError:  # a missing file still leaves the photo's address
                continue
    return sizes


def _image(photo: PhotoDocument, rendition: Rendition, sizes: dict[str, int]) -> Image:
    return Image(
        url=rendition.url,
        media_type=mimetypes.guess_type(rendition.url)[0] or "image/jpeg",
        length=sizes.get(rendition.url, 0),
        width=rendition.width,
        height=rendition.height,
        caption=feed_text(photo.caption),
        credit=feed_text(photo.credit),
    )


def _note_line(note: Note, edition: Edition) -> str:
    kind = _("Correction") if note.kind == "correction" else _("Update")
    line = f"{kind}, {format_moment(note.noted_at, edition, edition.dateline_format)}: {note.text}"
    return f"{line} {_('Reason: %(reason)s') % {'reason': note.reason}}" if note.reason else line


def _full_text(document: StoryDocument, edition: Edition, labels: tuple[str, ...]) -> str:
    """The story as plain paragraphs: what the page says, without its photos and links."""
    paragraphs = [*labels, document.lead] if document.lead else [*labels]
    if document.translation is not None:
        paragraphs.append(plain_text(document.translation.note))
    for block in body_without_lead(document):
        if block.kind == "paragraph":
            paragraphs += plain_paragraphs(block.html)
        elif block.kind == "quote":
            paragraphs.append(block.text)
            if block.attribution:
                paragraphs.append(f"— {block.attribution}")
    paragraphs += [label.text for label in document.end_labels]
    paragraphs += [_note_line(note, edition) for note in document.notes]
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())


def _content_html(
    document: StoryDocument, edition: Edition, labels: tuple[str, ...], *, full: bool
) -> str:
    return render_to_string(
        "syndication/_entry_content.html",
        {
            "story": document,
            "edition": edition,
            "labels": labels,
            "photo": _largest(document.photo.renditions) if document.photo else None,
            "body": body_without_lead(document) if full else (),
            "is_full": full,
        },
    )


def _categories(tags: tuple[Tag, ...]) -> tuple[str, ...]:
    return tuple(feed_text(tag.title) for tag in tags)


def feed_entries(documents: list[StoryDocument], edition: Edition) -> list[FeedEntry]:
    """The entries of `documents`, in their order, as `edition`'s feeds give them."""
    shown = {document.id: _photos_shown(document) for document in documents}
    sizes = _file_sizes([pair for pairs in shown.values() for pair in pairs])
    entries = []
    for document in documents:
        labels = tuple(feed_text(label) for label in entry_labels(document, edition))
        full_html = feed_text(_content_html(document, edition, labels, full=True))
        images = tuple(_image(photo, r, sizes) for photo, r in shown[document.id])
        lead = _largest(document.photo.renditions) if document.photo is not None else None
        entries.append(
            FeedEntry(
                id=links.story_permalink(edition, document.id),
                url=document.url,
                title=feed_text(document.headline),
                summary=feed_text("\n\n".join(p for p in (*labels, document.lead) if p)),
                content_html=full_html
                if edition.feed_text == FeedText.FULL
                else feed_text(_content_html(document, edition, labels, full=False)),
                full_html=full_html,
                full_text=feed_text(_full_text(document, edition, labels)),
                published_at=document.published_at,
                updated_at=document.updated_at,
                language=document.language,
                authors=tuple(
                    Author(
                        feed_text(author.name),
                        links.author_url(edition, author.slug) if author.slug else "",
                    )
                    for author in document.byline
                ),
                categories=_categories(document.regions) + _categories(document.topics),
                photo=images[0] if lead is not None else None,
                images=images,
                labels=labels,
                notes=tuple(
                    replace(note, text=feed_text(note.text), reason=feed_text(note.reason))
                    for note in document.notes
                ),
            )
        )
    return entries

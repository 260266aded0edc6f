"""The story document: what a public story says to machines and to every surface, built once
per story version by `story_document` from a story that came through the gate.

The page's JSON-LD, the live stream, the export and every later surface (feeds, the API, the
search index, webhooks) format this document; none of them reads a story's fields on its own."""

import html
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from uuid import UUID

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from django.utils.safestring import SafeString
from wagtail.images.models import Filter, SourceImageIOError
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from dateline.core.wording import fill_text
from dateline.editions.clock import local_time
from dateline.editions.links import media_url, page_url
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, edition_for_locale
from dateline.photos.models import (
    INLINE_FILTER,
    LEAD_FILTER,
    THUMB_FILTER,
    Photo,
    Photographer,
    PhotoRendition,
    PhotoWording,
)
from dateline.photos.selectors import photo_wordings_in, photographers_in

from .blocks import story_link_ids
from .models import Story
from .translation_note import translation_note

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Rendition:
    url: str
    width: int
    height: int


@dataclass(frozen=True)
class Wording:
    """What a photo says in one edition's language wherever it is used, as typed on it."""

    edition: str
    language: str
    caption: str
    credit: str


@dataclass(frozen=True)
class PhotoDocument:
    id: int
    title: str
    caption: str  # in the edition's language: the story's own, the photo's, else its default
    credit: str  # as the edition phrases it: "Photo by X for the “Agency”"
    # Who took it: the photographer (in the edition's language where translated), else the
    # credit as typed on the photo; the export names the photo by it.
    photographer: str
    copyright_holder: str
    usage_terms: str
    file: str  # the original in media storage (for the export; never shown to readers)
    renditions: dict[str, Rendition] = field(default_factory=dict)  # "lead", "inline", "thumb"
    wordings: tuple[Wording, ...] = ()  # the photo's own, one per edition that has one

    @property
    def crops(self) -> tuple[Rendition, ...]:
        """The photo cut to 16:9 around its focal point ("thumb", "lead"), narrowest first, one
        per width (a small original gives both at its own width: the lighter thumb then)."""
        by_width = {r.width: r for n in ("lead", "thumb") if (r := self.renditions.get(n))}
        return tuple(by_width[w] for w in sorted(by_width))

    @property
    def srcset(self) -> tuple[Rendition, ...]:
        """The lead photo at the widths its original can give, narrowest first."""
        widths = (r for name, r in self.renditions.items() if name.startswith("width-"))
        return tuple(sorted(widths, key=lambda r: r.width))


@dataclass(frozen=True)
class StoryLink:
    """Another public story, as a link to it says it."""

    id: int
    headline: str
    url: str
    edition: str
    language: str
    edition_name: str
    published_at: datetime


@dataclass(frozen=True)
class BodyBlock:
    kind: str  # "paragraph", "quote", "photo", "gallery" or "see_also"
    html: str = ""  # a paragraph's safe HTML, internal links expanded
    text: str = ""  # a quote
    attribution: str = ""
    photo: PhotoDocument | None = None
    caption: str = ""
    story: StoryLink | None = None
    title: str = ""  # a gallery's, if it has one
    photos: tuple[PhotoDocument, ...] = ()  # a gallery's, in the editor's order


@dataclass(frozen=True)
class Tag:
    id: int
    kind: str  # "region" or "topic"
    title: str
    slug: str
    url: str


@dataclass(frozen=True)
class Source:
    name: str
    url: str


@dataclass(frozen=True)
class Note:
    kind: str  # "update" or "correction"
    noted_at: datetime
    text: str
    reason: str = ""


@dataclass(frozen=True)
class Author:
    name: str
    title: str
    slug: str = ""  # of the author page in this edition; empty for another edition's author


@dataclass(frozen=True)
class Translation:
    original: StoryLink
    kind: str  # "full" or "abridged"
    note: SafeString  # the note under the story, in the edition's words, linking the original


@dataclass(frozen=True)
class DocumentLabel:
    """A label the story carries, as every surface prints it (its letter case applied). A note
    after a mention follows the first place the story's text says `mention`."""

    text: str
    language: str
    placement: str  # "top", "mention" or "end"; site-wide banners are the edition's
    font_scale: float = 1.0  # relative to the body text; pages only
    mention: str = ""

    @property
    def scale_percent(self) -> int:
        """The size in percent of the body text's, in quarters (the pages' classes)."""
        return int(min(max(round(self.font_scale * 4), 3), 16) * 25)


@dataclass(frozen=True)
class StoryDocument:
    id: int
    version: int | None  # the live revision this document was built from
    edition: str
    language: str
    agency: str
    headline: str
    slug: str
    lead: str
    url: str
    published_at: datetime  # UTC
    updated_at: datetime  # UTC
    published_local: datetime  # in the edition's zone
    updated_local: datetime
    byline: tuple[Author, ...]
    photo: PhotoDocument | None
    body: tuple[BodyBlock, ...]
    regions: tuple[Tag, ...]
    topics: tuple[Tag, ...]
    sources: tuple[Source, ...]
    notes: tuple[Note, ...]
    translation: Translation | None
    versions: tuple[StoryLink, ...]  # the story in the other editions
    labels: tuple[DocumentLabel, ...] = ()  # notes after mentions are in the text too

    @property
    def top_labels(self) -> tuple[DocumentLabel, ...]:
        return tuple(label for label in self.labels if label.placement == "top")

    @property
    def end_labels(self) -> tuple[DocumentLabel, ...]:
        return tuple(label for label in self.labels if label.placement == "end")

    @property
    def labelled_lead(self) -> str:
        """The lead after the labels at the top, for surfaces with room for one summary
        (OpenGraph, JSON-LD)."""
        return " ".join(
            part for part in (*(label.text for label in self.top_labels), self.lead) if part
        )

    @property
    def is_updated(self) -> bool:
        return bool(self.notes) and self.updated_at != self.published_at


def photo_credit(
    photo: Photo,
    edition: Edition,
    photographer: Photographer | None = None,
    wording: PhotoWording | None = None,
) -> str:
    """The credit line as the edition phrases it (plain text; templates escape it), naming
    `photographer` (the photo's) where the edition's language spells the name, else the credit
    typed on the photo in that language (`wording`), else the photographer as another language
    spells the name, else the credit as typed."""
    template = edition.photo_credit_own if photo.is_agency_photo else edition.photo_credit_other
    typed = wording.credit if wording is not None and wording.credit else ""
    if photographer is not None and (photographer.locale_id == edition.locale_id or not typed):
        name, genitive = photographer.name, photographer.genitive
    else:
        name = genitive = typed or photo.credit
    return fill_text(
        template,
        {
            "credit": name,
            "credit_genitive": genitive,
            "holder": photo.copyright_holder,
            "agency": edition.agency_name,
            "agency_genitive": edition.agency_genitive,
        },
    )


@cache
def _filter(spec: str) -> Filter:
    # One per size for the process: a filter parses its spec on first use, which costs more
    # than finding a prefetched rendition.
    return Filter(spec=spec)


def _renditions(photo: Photo, sizes: dict[str, str]) -> dict[str, Rendition]:
    if not sizes:
        return {}
    try:
        made = photo.get_renditions(*(_filter(spec) for spec in sizes.values()))
    except SourceImageIOError:
        log.warning("Photo %s has no original in media storage; shown without it", photo.pk)
        return {}
    return {
        name: Rendition(media_url(r.url), r.width, r.height)
        for name, spec in sizes.items()
        if (r := made.get(spec)) is not None
    }


@dataclass(frozen=True)
class _PhotoWords:
    """How the documents' photos are captioned and credited, fetched once for all of them."""

    editions: tuple[Edition, ...]
    people: dict[int, Photographer]  # in the edition's language, by the id photos point at
    wordings: dict[int, dict[int, PhotoWording]]  # by photo id, then by locale id


def _photo(
    photo: Photo, edition: Edition, caption: str, sizes: dict[str, str], words: _PhotoWords
) -> PhotoDocument:
    """`photo` as the edition shows it; `caption` is the story's own for this use of it."""
    photographer = words.people.get(photo.photographer_id) if photo.photographer_id else None
    wordings = words.wordings.get(photo.pk, {})
    wording = wordings.get(edition.locale_id)
    return PhotoDocument(
        id=photo.pk,
        title=photo.title,
        caption=caption or (wording.caption if wording else "") or photo.default_caption,
        credit=photo_credit(photo, edition, photographer, wording),
        photographer=photographer.name if photographer else photo.credit,
        copyright_holder=photo.copyright_holder,
        usage_terms=photo.usage_terms,
        file=photo.file.name,
        renditions=_renditions(photo, sizes),
        wordings=tuple(
            Wording(e.slug, e.language, w.caption, w.credit)
            for e in words.editions
            if (w := wordings.get(e.locale_id)) is not None
        ),
    )


def story_link(story: Story) -> StoryLink:
    edition = edition_for_locale(story.locale_id)
    if edition is None:  # the gate lets through only stories of existing editions
        raise LookupError(f"story {story.pk} has no edition")
    return StoryLink(
        id=story.pk,
        headline=story.headline,
        url=story.url,
        edition=edition.slug,
        language=edition.language,
        edition_name=edition.name,
        published_at=story.first_published_at,
    )


LINK_FIELDS = ("id", "headline", "slug", "locale_id", "first_published_at", "translation_key")


def _see_also_ids(story: Story) -> list[int]:
    # From the stored data: the stream would fetch every linked story, public or not.
    return [
        raw["value"]["story"]
        for raw in story.body.raw_data
        if raw["type"] == "see_also" and raw["value"].get("story")
    ]


@dataclass(frozen=True)
class DocumentSources:
    """The stories whose changes change a story's document: the story itself (its photos, tags
    and people record changes of it), its see-also targets and the stories its text links to,
    and its versions in other editions by translation key, so that a version made later counts
    too."""

    story_ids: frozenset[int]
    translation_keys: frozenset[UUID]


def _linked_story_ids(story: Story) -> list[int]:
    return [
        story_id
        for raw in story.body.raw_data
        if raw["type"] == "paragraph"
        for story_id in story_link_ids(raw["value"])
    ]


def document_sources(story: Story) -> DocumentSources:
    return DocumentSources(
        story_ids=frozenset({story.pk, *_see_also_ids(story), *_linked_story_ids(story)}),
        translation_keys=frozenset({story.translation_key}),
    )


def _body(
    story: Story,
    edition: Edition,
    links: dict[int, StoryLink],
    with_renditions: bool,
    words: _PhotoWords,
) -> tuple[BodyBlock, ...]:
    inline_sizes = INLINE_SIZES if with_renditions else {}
    gallery_sizes = GALLERY_SIZES if with_renditions else {}
    blocks = []
    for index, raw in enumerate(story.body.raw_data):
        if raw["type"] == "see_also":
            if (target := links.get(raw["value"].get("story"))) is not None:
                # A link to a story that is not public says nothing of it.
                blocks.append(BodyBlock("see_also", story=target))
            continue
        block = story.body[index]
        value = block.value
        match block.block_type:
            case "paragraph":
                blocks.append(BodyBlock("paragraph", html=expand_db_html(value.source)))
            case "quote":
                blocks.append(
                    BodyBlock("quote", text=value["text"], attribution=value["attribution"])
                )
            case "photo" if value["image"] is not None:
                photo = _photo(value["image"], edition, value["caption"], inline_sizes, words)
                blocks.append(BodyBlock("photo", photo=photo))
            case "gallery":
                # A photo deleted from the library since leaves the others standing.
                photos = tuple(
                    _photo(item["image"], edition, item["caption"], gallery_sizes, words)
                    for item in value["photos"]
                    if item["image"] is not None
                )
                if photos:
                    blocks.append(BodyBlock("gallery", title=value["title"], photos=photos))
    return tuple(blocks)


def _tags(pages: Iterable[Page], kind: str, edition: Edition) -> tuple[Tag, ...]:
    # Tested here rather than in a query: the tags come prefetched, or in memory in a preview.
    return tuple(
        Tag(p.pk, kind, p.title, p.slug, page_url(edition, p))
        for p in pages
        if p.live and p.locale_id == edition.locale_id
    )


def _translation(story: Story, edition: Edition, links: dict[int, StoryLink]) -> Translation | None:
    original = story.translation_of
    if original is None or original.pk not in links:
        return None  # no original, or one that is not public: say nothing of it
    return Translation(
        original=links[original.pk],
        kind=story.translation_kind,
        note=translation_note(story=story, original=original, edition=edition),
    )


def _photos_of(story: Story) -> list[Photo]:
    photos = [story.lead_photo] if story.lead_photo else []
    # Block by block: iterating the whole stream would fetch every see-also story too.
    for index, raw in enumerate(story.body.raw_data):
        if raw["type"] == "photo" and (image := story.body[index].value["image"]) is not None:
            photos.append(image)
        elif raw["type"] == "gallery":
            items = story.body[index].value["photos"]
            photos += [item["image"] for item in items if item["image"] is not None]
    return photos


def _document(
    story: Story,
    edition: Edition,
    links: dict[int, StoryLink],
    versions: list[StoryLink],
    with_renditions: bool,
    words: _PhotoWords,
) -> StoryDocument:
    published_at = story.first_published_at or timezone.now()  # a preview has no time yet
    updated_at = story.last_published_at or published_at
    lead_photo = story.lead_photo
    return StoryDocument(
        id=story.pk,
        version=story.live_revision_id,
        edition=edition.slug,
        language=edition.language,
        agency=edition.agency_name,
        headline=story.headline,
        slug=story.slug,
        lead=story.lead,
        url=story.url,
        published_at=published_at,
        updated_at=updated_at,
        published_local=local_time(published_at, edition),
        updated_local=local_time(updated_at, edition),
        byline=tuple(
            Author(
                c.author.name,
                c.author.title,
                c.author.slug if c.author.locale_id == story.locale_id else "",
            )
            for c in story.byline.all()
        ),
        photo=_photo(
            lead_photo,
            edition,
            story.lead_photo_caption,
            _lead_sizes(lead_photo) if with_renditions else {},
            words,
        )
        if lead_photo
        else None,
        body=_body(story, edition, links, with_renditions, words),
        regions=_tags(story.regions.all(), "region", edition),
        topics=_tags(story.topics.all(), "topic", edition),
        sources=tuple(Source(s.value["name"], s.value["url"] or "") for s in story.sources),
        notes=tuple(
            Note(n.block_type, n.value["noted_at"], n.value["text"], n.value.get("reason") or "")
            for n in story.notes
        ),
        translation=_translation(story, edition, links),
        versions=tuple(versions),
    )


LEAD_SIZES = {"lead": LEAD_FILTER, "thumb": THUMB_FILTER}
INLINE_SIZES = {"inline": INLINE_FILTER}
# A gallery's photos share one shape, each cut around its focal point (PhotoDocument.crops).
GALLERY_SIZES = {"thumb": THUMB_FILTER, "lead": LEAD_FILTER}
# Widths of the lead photo's srcset; Wagtail's width-N never enlarges an original.
LEAD_WIDTHS = (480, 800, 1200)
WIDTH_FILTERS = {w: f"width-{w}|format-jpeg|jpegquality-80" for w in LEAD_WIDTHS}


def _lead_sizes(photo: Photo) -> dict[str, str]:
    # Only widths the original has; a narrower original still gets its own width.
    widths = [w for w in LEAD_WIDTHS if w <= photo.width] or [LEAD_WIDTHS[0]]
    return LEAD_SIZES | {f"width-{w}": WIDTH_FILTERS[w] for w in widths}


LabelsSource = Callable[[Sequence[Story], Edition], dict[int, tuple[DocumentLabel, ...]]]
_labels_sources: list[LabelsSource] = []


def document_labels_register(source: LabelsSource) -> None:
    """Lets the label rules (a room above) say which labels each story's document carries."""
    _labels_sources.append(source)


def _labels(stories: Sequence[Story], edition: Edition) -> dict[int, tuple[DocumentLabel, ...]]:
    found: dict[int, tuple[DocumentLabel, ...]] = {}
    for source in _labels_sources:
        for story_id, labels in source(stories, edition).items():
            found[story_id] = found.get(story_id, ()) + labels
    return found


_MARKUP = re.compile(r"(<[^>]+>)")


def _joined(note: str) -> str:
    return note if note.startswith("*") else f" {note}"


def _note_in_text(text: str, mention: str, note: str) -> str | None:
    """`text` with `note` after the first `mention`; None if it has no such mention. A note the
    writer already put there is not repeated."""
    at = text.find(mention)
    if at < 0:
        return None
    end = at + len(mention)
    if text[end:].lstrip(" *").lower().startswith(note.lstrip(" *").lower()):
        return text
    return text[:end] + _joined(note) + text[end:]


def _note_in_html(markup: str, mention: str, note: str) -> str | None:
    parts = _MARKUP.split(markup)
    for index, part in enumerate(parts):
        if part.startswith("<"):
            continue
        noted = _note_in_text(html.unescape(part), mention, note)
        if noted is not None:
            parts[index] = html.escape(noted, quote=False)
            return "".join(parts)
    return None


def _photo_noted(photo: PhotoDocument, mention: str, note: str) -> PhotoDocument | None:
    caption = _note_in_text(photo.caption, mention, note)
    return None if caption is None else replace(photo, caption=caption)


def _block_noted(block: BodyBlock, mention: str, note: str) -> BodyBlock | None:
    match block.kind:
        case "paragraph":
            markup = _note_in_html(block.html, mention, note)
            return None if markup is None else replace(block, html=markup)
        case "quote":
            text = _note_in_text(block.text, mention, note)
            return None if text is None else replace(block, text=text)
        case "photo" if block.photo is not None:
            photo = _photo_noted(block.photo, mention, note)
            return None if photo is None else replace(block, photo=photo)
        case "gallery":
            for index, photo in enumerate(block.photos):
                if (noted := _photo_noted(photo, mention, note)) is not None:
                    photos = (*block.photos[:index], noted, *block.photos[index + 1 :])
                    return replace(block, photos=photos)
    return None


def _with_notes(document: StoryDocument) -> StoryDocument:
    """Each note after a mention placed after the first mention in the reading order (lead,
    lead photo's caption, body); one whose mention is only in the headline goes to the end,
    with the name before it."""
    lead, photo, body = document.lead, document.photo, list(document.body)
    labels = []
    for label in document.labels:
        if label.placement != "mention":
            labels.append(label)
            continue
        mention, note = label.mention, label.text
        if (noted := _note_in_text(lead, mention, note)) is not None:
            lead = noted
        elif photo is not None and (noted_photo := _photo_noted(photo, mention, note)):
            photo = noted_photo
        else:
            for index, block in enumerate(body):
                if (noted_block := _block_noted(block, mention, note)) is not None:
                    body[index] = noted_block
                    break
            else:
                text = note if note.startswith("*") else f"{mention}{_joined(note)}"
                labels.append(replace(label, placement="end", text=text))
                continue
        labels.append(label)
    return replace(document, lead=lead, photo=photo, body=tuple(body), labels=tuple(labels))


def story_documents(
    stories: Sequence[Story], edition: Edition, *, with_renditions: bool = True
) -> list[StoryDocument]:
    """The documents of `stories` as `edition` shows them, in a fixed number of queries for any
    number of stories. The stories come through the gate (or one is a preview), with their
    byline authors, regions and topics prefetched (or in memory); everything they link to goes
    through the gate here. Without renditions (the export has no use for photo sizes), no
    photo is processed."""
    photos = [photo for story in stories for photo in _photos_of(story)]
    editions = all_editions()
    words = _PhotoWords(
        editions=editions,
        people=photographers_in(photos, edition.locale_id),
        wordings=photo_wordings_in(photos),
    )
    if with_renditions:
        prefetch_related_objects(
            photos,
            Prefetch(
                "renditions",
                queryset=PhotoRendition.objects.filter(
                    filter_spec__in=(
                        LEAD_FILTER,
                        INLINE_FILTER,
                        THUMB_FILTER,
                        *WIDTH_FILTERS.values(),
                    )
                ),
            ),
        )
    # Every story the documents link to, through the gate: the versions in other editions
    # (originals among them) by their translation key, then see-also targets not yet found.
    keys = {story.translation_key for story in stories}
    links: dict[int, StoryLink] = {}
    versions: dict = {}
    for other in (
        Story.objects.public(*editions)
        .filter(translation_key__in=keys)
        .order_by("first_published_at")
        .only(*LINK_FIELDS)
    ):
        links[other.pk] = story_link(other)
        versions.setdefault(other.translation_key, []).append(other)
    if see_also := {i for story in stories for i in _see_also_ids(story)} - links.keys():
        for other in Story.objects.public(*editions).filter(pk__in=see_also).only(*LINK_FIELDS):
            links[other.pk] = story_link(other)
    labels = _labels(stories, edition)
    return [
        _with_notes(
            replace(
                _document(
                    story,
                    edition,
                    links,
                    [
                        story_link(v)
                        for v in versions.get(story.translation_key, [])
                        if v.pk != story.pk
                    ],
                    with_renditions,
                    words,
                ),
                labels=labels.get(story.pk, ()),
            )
        )
        for story in stories
    ]


def story_document(story: Story, edition: Edition) -> StoryDocument:
    return story_documents([story], edition)[0]

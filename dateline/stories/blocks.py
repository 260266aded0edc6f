"""The blocks a story body is made of."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamValue, StructBlockValidationError, StructValue
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from dateline.core.html import safe_rich_text
from dateline.core.validators import validate_web_address
from dateline.editions.registry import all_editions

PARAGRAPH_FEATURES = ["bold", "italic", "link", "h2", "h3", "ol", "ul"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("quote"))
    attribution = blocks.CharBlock(label=_("attribution"), required=False)

    class Meta:
        icon = "openquote"


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("photo"))
    caption = blocks.CharBlock(
        label=_("caption"),
        required=False,
        help_text=_("Empty: the photo's caption in this story's language."),
    )

    class Meta:
        icon = "image"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), required=False, max_length=200)
    photos = blocks.ListBlock(PhotoBlock(), min_num=2, label=_("photos"))

    class Meta:
        icon = "image"


class SeeAlsoBlock(blocks.StructBlock):
    story = SnippetChooserBlock("stories.Story", label=_("earlier story"))

    class Meta:
        icon = "link"


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=PARAGRAPH_FEATURES, label=_("paragraph"))
    quote = QuoteBlock()
    photo = PhotoBlock()
    gallery = GalleryBlock(label=_("gallery"))
    see_also = SeeAlsoBlock(label=_("see also"))


class SourceBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"), max_length=200)
    url = blocks.URLBlock(label=_("address"), required=False)

    class Meta:
        icon = "site"

    def clean(self, value: StructValue) -> StructValue:
        # The check the services and the import apply too (Django's own URL check lets ftp: by).
        value = super().clean(value)
        if value.get("url"):
            try:
                validate_web_address(value["url"])
            except ValidationError as error:
                raise StructBlockValidationError(block_errors={"url": error}) from None
        return value


class NoteBlock(blocks.StructBlock):
    noted_at = blocks.DateTimeBlock(label=_("time"))
    text = blocks.TextBlock(label=_("text"))
    reason = blocks.CharBlock(
        label=_("reason"),
        required=False,
        max_length=300,
        help_text=_(
            "Optional, shown to readers: why the story changed (“a source corrected its figure”)."
        ),
    )


class StoryNotesBlock(blocks.StreamBlock):
    update = NoteBlock(label=_("update"), icon="history")
    correction = NoteBlock(label=_("correction"), icon="warning")


def body_with_safe_html(body: StreamValue) -> list[dict]:
    """The body as stream data with every paragraph cleaned to the paragraph features, whoever
    wrote it (the admin's editor already does this, an import or a script may not have), and
    its links to the agency's stories kept by id (stories.rich_text)."""
    return [
        {**block, "value": story_links_by_id(safe_rich_text(block["value"]))}
        if block["type"] == "paragraph"
        else block
        for block in body.raw_data
    ]


# A story's address on any edition: /<edition>/news/<id>/<slug>/ (the slug may be missing).
_STORY_PATH = re.compile(r"^/[\w-]+/news/(\d+)(?:/[^/]*)?/?$")
_LINK = re.compile(r'<a href="([^"]*)">')
# A link to a story as stored (stories.rich_text reads it back).
_STORY_LINK = '<a linktype="story" id="{}">'
_STORED_STORY_LINK = re.compile(r'<a linktype="story" id="(\d+)">')


def _our_hosts() -> set[str]:
    hosts = {urlsplit(settings.BASE_URL).hostname or ""}
    return hosts | {edition.hostname.lower() for edition in all_editions() if edition.hostname}


def story_links_by_id(html: str) -> str:
    """`html` (cleaned rich text) with each link to an address of one of the agency's stories
    stored by the story's id."""
    hosts = None

    def by_id(link: re.Match) -> str:
        nonlocal hosts
        address = urlsplit(link[1].replace("&amp;", "&"))
        found = _STORY_PATH.match(address.path)
        if found is None:
            return link[0]
        hosts = _our_hosts() if hosts is None else hosts
        if address.hostname is not None and address.hostname.lower() not in hosts:
            return link[0]
        return _STORY_LINK.format(found[1])

    return _LINK.sub(by_id, html)


def story_link_ids(html: str) -> list[int]:
    """The ids of the stories `html` (a paragraph as stored) links to."""
    return [int(found) for found in _STORED_STORY_LINK.findall(html)]

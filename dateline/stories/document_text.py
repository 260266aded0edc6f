"""A story's text without its markup, for what compares text (a body that only repeats the
lead), for surfaces that take plain text (an aggregator's full text), and for what reads every
word a reader reads (mention detection, search)."""

import html
import re
from collections.abc import Iterator

from .document import BodyBlock, StoryDocument
from .models import Story

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def plain_text(markup: str) -> str:
    """`markup` as one line of text: tags out, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", markup))).strip()


def body_without_lead(document: StoryDocument) -> tuple[BodyBlock, ...]:
    """The body, without a first paragraph that only repeats the lead (imports and wire copy
    often carry the lead as the text's first paragraph too)."""
    body = document.body
    if body and body[0].kind == "paragraph" and document.lead:
        if plain_text(body[0].html) == plain_text(document.lead):
            return body[1:]
    return body


def story_texts(story: Story) -> Iterator[str]:
    """The story's text in reading order, the headline first, each piece on its own (a name is
    never read across two)."""
    yield story.headline
    yield story.lead
    yield story.lead_photo_caption
    for raw in story.body.raw_data:
        value = raw["value"]
        match raw["type"]:
            case "paragraph":
                yield plain_text(value)
            case "quote":
                yield value.get("text", "")
                yield value.get("attribution", "")
            case "photo":
                yield value.get("caption", "")
            case "gallery":
                yield value.get("title", "")
                for item in value.get("photos", []):
                    yield item.get("caption", "")

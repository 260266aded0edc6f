"""A story document's text without its markup, for what compares text (a body that only repeats
the lead) and for surfaces that take plain text (an aggregator's full text)."""

import html
import re

from .document import BodyBlock, StoryDocument

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

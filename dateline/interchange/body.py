"""A story body between HTML and stream blocks: sanitised on the way in, plain on the way out.

Pure functions: no database, no settings.
"""

from html import escape
from html.parser import HTMLParser

import nh3

from dateline.core.html import RICH_TEXT_TAGS, RICH_TEXT_URL_SCHEMES

# Elements that start a block of their own when they stand at the top level of the HTML.
BLOCK_TAGS = frozenset({"p", "h2", "h3", "ol", "ul", "blockquote"})
# Body blocks that point at other records and so have no place in a stories file.
UNEXPORTED_BLOCKS = frozenset({"photo", "gallery", "see_also"})
# An imported link may only point somewhere by address: Wagtail's own page links
# (linktype/id) would name pages of the database the file came from.
_ATTRIBUTES = {"a": {"href"}}

# Paragraph features, plus a top-level <blockquote> (with an optional <cite>) for quote blocks.
_incoming = nh3.Cleaner(
    tags=RICH_TEXT_TAGS | {"blockquote", "cite"},
    attributes=_ATTRIBUTES,
    url_schemes=RICH_TEXT_URL_SCHEMES,
    link_rel=None,
)
_paragraph = nh3.Cleaner(
    tags=set(RICH_TEXT_TAGS),
    attributes=_ATTRIBUTES,
    url_schemes=RICH_TEXT_URL_SCHEMES,
    link_rel=None,
)


class _TopLevelSplitter(HTMLParser):
    """Finds where each top-level block element starts and ends in well-formed HTML."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.line_offsets = [0]
        for line in html.splitlines(keepends=True):
            self.line_offsets.append(self.line_offsets[-1] + len(line))
        self.depth = 0
        self.block_start: int | None = None
        self.spans: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "br":
            return
        if self.depth == 0 and tag in BLOCK_TAGS:
            self.block_start = self._offset()
        self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        self.depth -= 1
        if self.depth == 0 and self.block_start is not None:
            end = self.html.index(">", self._offset()) + 1
            self.spans.append((self.block_start, end))
            self.block_start = None


class _QuoteText(HTMLParser):
    """The words of a blockquote, apart from those of its <cite>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.attribution: list[str] = []
        self.in_cite = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "cite":
            self.in_cite = True
        elif tag == "br":
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "cite":
            self.in_cite = False
        elif tag == "p":
            self.text.append("\n\n")

    def handle_data(self, data: str) -> None:
        (self.attribution if self.in_cite else self.text).append(data)


def _has_words(html: str) -> bool:
    return bool(nh3.clean(html, tags=set()).replace("&nbsp;", "").strip())


def _block(html: str) -> dict | None:
    if html.startswith("<blockquote"):
        quote = _QuoteText()
        quote.feed(html)
        quote.close()
        text = "".join(quote.text).strip()
        if not text:
            return None
        attribution = " ".join("".join(quote.attribution).split())
        return {"type": "quote", "value": {"text": text, "attribution": attribution}}
    html = _paragraph.clean(html)
    if not _has_words(html):
        return None
    if not html.startswith(("<p>", "<h2>", "<h3>", "<ol>", "<ul>")):
        html = f"<p>{html}</p>"
    return {"type": "paragraph", "value": html}


def _blocks_of_fragment(fragment: str) -> list[dict]:
    html = _incoming.clean(fragment)
    splitter = _TopLevelSplitter(html)
    splitter.feed(html)
    splitter.close()
    # Text and inline elements between top-level blocks form a paragraph of their own.
    pieces, position = [], 0
    for start, end in splitter.spans:
        pieces += [html[position:start], html[start:end]]
        position = end
    pieces.append(html[position:])
    return [block for piece in pieces if piece.strip() and (block := _block(piece.strip()))]


def body_blocks(body: str | list[str]) -> list[dict]:
    """Stream blocks of a body given as one HTML string or as a list of paragraphs (each plain
    text or HTML): one paragraph block per top-level block element, a quote block per
    <blockquote>; anything outside the paragraph features (scripts, styles, event handlers,
    images, other tags) is dropped."""
    fragments = [body] if isinstance(body, str) else body
    return [block for fragment in fragments for block in _blocks_of_fragment(fragment)]


def body_items(blocks: list[dict]) -> list[str]:
    """The body's blocks as the HTML items of an export line. Paragraph values are expected with
    Wagtail's links already expanded; blocks that point at other records (inline photos,
    galleries, see-also links) have no place in the format and are left out."""
    items = []
    for block in blocks:
        if block["type"] == "paragraph":
            items.append(block["value"])
        elif block["type"] == "quote":
            cite = block["value"].get("attribution") or ""
            items.append(
                f"<blockquote>{escape(block['value']['text'], quote=False)}"
                + (f"<cite>{escape(cite, quote=False)}</cite>" if cite else "")
                + "</blockquote>"
            )
    return items

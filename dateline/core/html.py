"""Safe HTML: the tags and attributes a story's rich text may hold, nothing else."""

import nh3

RICH_TEXT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "h2", "h3", "ol", "ul", "li"}
# linktype and id are Wagtail's stored form of a link to a page or document.
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}
RICH_TEXT_URL_SCHEMES = {"http", "https", "mailto"}


def safe_rich_text(html: str) -> str:
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes=RICH_TEXT_URL_SCHEMES,
        link_rel=None,
    )

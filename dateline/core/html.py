"""Safe HTML: the tags and attributes a story's rich text may hold, nothing else."""

import nh3

RICH_TEXT_TAGS = {"p", "br", "b", "strong", "i", "em", "a", "h2", "h3", "ol", "ul", "li"}
# linktype and id are Wagtail's stored form of a link to a page or document.
RICH_TEXT_ATTRIBUTES = {"a": {"href", "linktype", "id"}}


def safe_rich_text(html: str) -> str:
    return nh3.clean(
        html,
        tags=RICH_TEXT_TAGS,
        attributes=RICH_TEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )

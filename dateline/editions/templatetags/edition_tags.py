from datetime import date, datetime

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from wagtail.models import Page

from dateline.editions import links
from dateline.editions.clock import format_day, format_moment, local_time
from dateline.editions.models import Edition

register = template.Library()


@register.filter
def dateline(moment: datetime | None, edition: Edition) -> str:
    return format_moment(moment, edition, edition.dateline_format) if moment else ""


@register.filter
def clock(moment: datetime | None, edition: Edition) -> str:
    return format_moment(moment, edition, edition.time_format) if moment else ""


@register.filter
def day_heading(day: date | datetime | None, edition: Edition) -> str:
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = local_time(day, edition).date()
    return format_day(day, edition)


@register.filter
def iso(moment: datetime | None) -> str:
    return moment.isoformat(timespec="seconds") if moment else ""


# Addresses, from the address book only.


@register.simple_tag
def front_url(edition: Edition | None) -> str:
    return links.edition_root(edition) if edition else links.site_root()


@register.simple_tag
def all_news_url(edition: Edition, region: Page | None = None, topic: Page | None = None) -> str:
    return links.all_news_url(edition, region=region, topic=topic)


@register.simple_tag
def archive_url(
    edition: Edition, year: int | None = None, month: int | None = None, day: int | None = None
) -> str:
    return links.archive_url(edition, year, month, day)


@register.simple_tag
def search_url(edition: Edition) -> str:
    return links.search_url(edition)


@register.simple_tag
def archive_day_url(edition: Edition, day: date, order: str | None = None) -> str:
    return links.archive_day_url(edition, day, order=order)


@register.simple_tag
def web_manifest_url(edition: Edition) -> str:
    return links.web_manifest_url(edition)


@register.simple_tag
def logo_url(edition: Edition) -> str:
    """The edition's uploaded logo, absolute; empty without one."""
    return links.media_url(edition.logo.url) if edition.logo else ""


@register.simple_tag
def author_url(edition: Edition, slug: str) -> str:
    return links.author_url(edition, slug)


FEED_FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}


@register.simple_tag
def feed_links(
    edition: Edition | None, region: Page | None = None, topic: Page | None = None
) -> SafeString:
    """Links for browsers and feed readers to find the feeds: a region's or topic's own first on
    its page, then the edition's."""
    if edition is None:
        return SafeString("")
    agency = edition.agency_name
    feeds = [
        (_("%(section)s — %(agency)s") % {"section": section.title, "agency": agency}, section)
        for section in (region, topic)
        if section  # a variable a page does not set comes as ""
    ] + [(agency, None)]
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        (
            (
                media_type,
                f"{title} ({FEED_FORMAT_NAMES[name]})",
                links.feed_url(edition, name, section),
            )
            for title, section in feeds
            for name, media_type in links.FEED_MEDIA_TYPES.items()
        ),
    )

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import ngettext
from wagtail.models import Page

from dateline.editions.links import live_events_url, media_url
from dateline.editions.models import Edition
from dateline.photos.models import THUMB_FILTER
from dateline.stories.models import Story

register = template.Library()

# Sample counts whose plural forms, with the browser's Intl.PluralRules, cover every language.
PLURAL_SAMPLES = (0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 102, 105)


def new_stories_labels() -> str:
    """“N new stories” in the page's language for sample counts, for the live script."""
    return json.dumps(
        {
            n: ngettext("%(count)s new story", "%(count)s new stories", n) % {"count": n}
            for n in PLURAL_SAMPLES
        },
        ensure_ascii=False,
    )


@register.simple_tag
def live_attributes(
    edition: Edition, since: int, region: Page | None = None, topic: Page | None = None
) -> SafeString:
    """The attributes that let the live script follow the edition's stories on this page from
    change `since` on: read before the page's stories (`latest_change_id`), an event may
    repeat a story on the page, never miss one."""
    url = live_events_url(
        edition,
        since=since,
        region_id=region.pk if region else None,
        topic_id=topic.pk if topic else None,
    )
    return format_html(' data-live-events="{}" data-live-labels="{}"', url, new_stories_labels())


@register.inclusion_tag("stories/_story_item.html", takes_context=True)
def story_item(
    context: template.Context,
    item: object,
    *,
    clock: bool = False,
    lead: bool = False,
    photo: bool = False,
    found: object | None = None,
) -> dict[str, object]:
    """One story (a story or its document) in any list: with the time alone, not the date
    (`clock`), its lead, its photo; as a search result, with the headline and the passage it
    was `found` by (search.snippets.Found, HTML). Every flag has a value, so the item template
    never looks up a missing variable, which Django answers with an exception each time."""
    return {
        "item": item,
        "edition": context["edition"],
        "clock": clock,
        "lead": lead,
        "photo": photo,
        "found": found,
    }


@register.simple_tag
def thumbnail(story: Story) -> SafeString:
    """A list item's photo: the lead photo's thumbnail (prefetched by the selectors)."""
    if story.lead_photo is None:
        return SafeString("")
    rendition = story.lead_photo.get_rendition(THUMB_FILTER)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" loading="lazy">',
        media_url(rendition.url),
        rendition.width,
        rendition.height,
    )

from datetime import date, datetime

from django import template

from dateline.editions.clock import format_day, format_moment, local_time
from dateline.editions.models import Edition
from dateline.photos.credits import photo_credit as credit_line
from dateline.photos.models import Photo

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


@register.simple_tag(takes_context=True)
def photo_credit(context, photo: Photo | None) -> str:
    return credit_line(photo, context["edition"]) if photo else ""


@register.simple_tag
def edition_page_url(edition: Edition, page) -> str:
    return edition.page_url(page)

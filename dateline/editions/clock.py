"""The one place where stored UTC times become an edition's local time and words."""

from contextlib import AbstractContextManager, nullcontext
from datetime import date, datetime

from django.utils import translation
from django.utils.dateformat import DateFormat

from .models import Edition


class _NewsroomDateFormat(DateFormat):
    """Django's formats, with “am”/“pm” as newsrooms print them rather than “a.m.”."""

    def a(self) -> str:
        return "am" if self.data.hour < 12 else "pm"  # type: ignore[union-attr]


def local_time(moment: datetime, edition: Edition) -> datetime:
    return moment.astimezone(edition.zone)


def local_day(moment: datetime, edition: Edition) -> date:
    return local_time(moment, edition).date()


def format_moment(
    moment: datetime, edition: Edition, fmt: str, zone_of: Edition | None = None
) -> str:
    """`moment` in the edition's language and zone, or in the zone of `zone_of`."""
    with _language(edition):
        return _NewsroomDateFormat(local_time(moment, zone_of or edition)).format(fmt)


def format_day(day: date, edition: Edition) -> str:
    with _language(edition):
        return _NewsroomDateFormat(day).format(edition.day_format)


def _language(edition: Edition) -> AbstractContextManager[None]:
    # A reader page already speaks its edition's language; switching costs a lookup each time.
    if translation.get_language() == edition.language:
        return nullcontext()
    return translation.override(edition.language)

import calendar
from collections.abc import Callable
from datetime import date, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dateline.editions.clock import format_day, local_day
from dateline.editions.links import archive_day_url
from dateline.editions.middleware import EditionRequest
from dateline.editions.models import Edition
from dateline.stories.page_data import page_data

from .selectors import (
    counts_between,
    day_stories,
    first_day,
    neighbour_days,
    neighbours,
    years_with_stories,
)

PAST_MAX_AGE = 600
TODAY_MAX_AGE = 60


def _edition(request: EditionRequest) -> Edition:
    if request.edition is None:
        raise Http404
    return request.edition


def _span(edition: Edition) -> tuple[date, date]:
    """The archive's first and last days: the first story's day to today, in the edition's zone."""
    first = first_day(edition)
    if first is None:
        raise Http404(_("The archive is empty."))
    return first, local_day(timezone.now(), edition)


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _day(year: int, month: int = 1, day: int = 1) -> date:
    """The day an address names. Its numbers are well-formed (the routes take digits only) but
    may name no day of the calendar, or one beyond Python's years 1 to 9999: a 404."""
    try:
        return date(year, month, day)
    except (ValueError, OverflowError) as error:
        raise Http404(_("There is no such day.")) from error


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _cacheable(response: HttpResponse, is_today: bool) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=TODAY_MAX_AGE if is_today else PAST_MAX_AGE)
    return response


def _kept(edition: Edition, page: tuple, build: Callable[[], dict]) -> dict:
    """An archive page's data, kept until the next change (stories.page_data). Its days end
    today, so today is part of the key too."""
    return page_data((*page, edition.pk, local_day(timezone.now(), edition)), build) or {}


def _index_context(edition: Edition, first: date, today: date, error: str = "") -> dict:
    return {
        "page_title": _("News archive"),
        "years": years_with_stories(edition, first, today),
        "first": first,
        "today": today,
        "error": error,
    }


def archive_index(request: EditionRequest, **kwargs) -> HttpResponse:
    edition = _edition(request)
    if picked := request.GET.get("date"):
        return _day_picked(request, edition, picked)

    context = _kept(edition, ("archive",), lambda: _index_context(edition, *_span(edition)))
    return _cacheable(TemplateResponse(request, "archive/index.html", context), is_today=True)


def _day_picked(request: EditionRequest, edition: Edition, picked: str) -> HttpResponse:
    """The day picked in the archive's form, or the form again, saying which days there are."""
    first, today = _span(edition)
    try:
        day = date.fromisoformat(picked)
    except ValueError:
        day = None
    if day is not None and first <= day <= today:
        return redirect(archive_day_url(edition, day))
    error = _("Choose a day between %(first)s and %(today)s.") % {
        "first": first.isoformat(),
        "today": today.isoformat(),
    }
    context = _index_context(edition, first, today, error)
    response = TemplateResponse(request, "archive/index.html", context, status=400)
    return _cacheable(response, is_today=True)


def archive_year(request: EditionRequest, year: int, **kwargs) -> HttpResponse:
    edition = _edition(request)

    def build() -> dict:
        first, today = _span(edition)
        if not first.year <= year <= today.year:
            raise Http404(_("The archive has no stories in that year."))
        months = [_month_start(year, m) for m in range(1, 13)]
        counts = counts_between(edition, [*months, date(year + 1, 1, 1)])
        if not any(counts):  # a year without news is not an archive page
            raise Http404(_("The archive has no stories in that year."))
        previous_day, next_day = neighbours(edition, months[0], date(year + 1, 1, 1))
        return {
            "page_title": str(year),
            "year": year,
            "months": [
                (m, n)
                for m, n in zip(months, counts, strict=True)
                if first.replace(day=1) <= m <= today
            ],
            "previous_year": previous_day and previous_day.year,
            "next_year": next_day and next_day.year,
        }

    context = _kept(edition, ("archive-year", year), build)
    response = TemplateResponse(request, "archive/year.html", context)
    return _cacheable(response, is_today=year == local_day(timezone.now(), edition).year)


def archive_month(request: EditionRequest, year: int, month: int, **kwargs) -> HttpResponse:
    edition = _edition(request)
    start = _day(year, month)

    def build() -> dict:
        first, today = _span(edition)
        if not first.replace(day=1) <= start <= today:
            raise Http404(_("The archive has no stories in that month."))
        end = _next_month(start)
        days = [start + timedelta(days=i) for i in range((end - start).days)]
        counts = dict(zip(days, counts_between(edition, [*days, end]), strict=False))
        if not any(counts.values()):
            raise Http404(_("The archive has no stories in that month."))
        previous_day, next_day = neighbours(edition, start, end)
        weeks = calendar.Calendar().monthdatescalendar(year, month)
        return {
            "page_title": date_format(start, "F Y"),
            "month": start,
            "weeks": [
                [(d, counts.get(d) if d.month == month else None) for d in week] for week in weeks
            ],
            "weekdays": weeks[0],
            "previous_month": previous_day and previous_day.replace(day=1),
            "next_month": next_day and next_day.replace(day=1),
        }

    context = _kept(edition, ("archive-month", start), build)
    today = local_day(timezone.now(), edition)
    response = TemplateResponse(request, "archive/month.html", context)
    return _cacheable(response, is_today=(start.year, start.month) == (today.year, today.month))


def archive_day(request: EditionRequest, year: int, month: int, day: int, **kwargs) -> HttpResponse:
    edition = _edition(request)
    the_day = _day(year, month, day)
    oldest_first = request.GET.get("order") == "oldest"

    def build() -> dict:
        first, today = _span(edition)
        if the_day > today:
            raise Http404(_("That day has not come yet."))
        if the_day < first:
            raise Http404(_("The archive starts on %(day)s.") % {"day": first.isoformat()})
        previous_day, next_day = neighbour_days(edition, the_day)
        return {
            "page_title": format_day(the_day, edition),
            "day": the_day,
            "stories": day_stories(edition, the_day, newest_first=not oldest_first),
            "oldest_first": oldest_first,
            "previous_url": previous_day and archive_day_url(edition, previous_day),
            "next_url": next_day and archive_day_url(edition, next_day),
            "canonical_url": archive_day_url(edition, the_day),
            "order_url": archive_day_url(
                edition, the_day, order=None if oldest_first else "oldest"
            ),
            "previous_day": previous_day,
            "next_day": next_day,
        }

    context = _kept(edition, ("archive-day", the_day, oldest_first), build)
    response = TemplateResponse(request, "archive/day.html", context)
    return _cacheable(response, is_today=the_day == local_day(timezone.now(), edition))

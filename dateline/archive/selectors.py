"""Archive reads in the edition's zone: day bounds are worked out here, counted in the database."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, Q, QuerySet
from wagtail.models import Locale

from dateline.editions.clock import local_day
from dateline.editions.models import Edition
from dateline.stories.models import Story
from dateline.stories.selectors import stories_listing


def day_start(day: date, edition: Edition) -> datetime:
    """The instant the day begins in the edition's zone (DST-aware)."""
    return datetime.combine(day, time.min, tzinfo=edition.zone)


def _live(edition: Edition, before: datetime | None = None) -> QuerySet[Story]:
    """Public stories, published before `before` if given (the gate's one upper bound)."""
    return Story.objects.public(
        edition, published_by=before - _INSTANT if before is not None else None
    )


_INSTANT = timedelta(microseconds=1)  # stored times have microseconds: "< t" is "<= t - 1 µs"


def _time_of(stories: QuerySet[Story]) -> datetime | None:
    # ORDER BY with LIMIT 1 is a seek on the (locale, time) index; MIN() may scan.
    return stories.values_list("first_published_at", flat=True).first()


def first_day(edition: Edition) -> date | None:
    first = _time_of(_live(edition).order_by("first_published_at"))
    return local_day(first, edition) if first else None


def counts_between(edition: Edition, boundaries: list[date]) -> list[int]:
    """Stories in each local period [boundaries[i], boundaries[i+1]), in one query."""
    starts = [day_start(day, edition) for day in boundaries]
    counts = (
        _live(edition, before=starts[-1])
        .filter(first_published_at__gte=starts[0])
        .aggregate(
            **{
                f"p{i}": Count("id", filter=Q(first_published_at__gte=a, first_published_at__lt=b))
                for i, (a, b) in enumerate(zip(starts, starts[1:], strict=False))
            }
        )
    )
    return [counts[f"p{i}"] for i in range(len(starts) - 1)]


def day_stories(edition: Edition, day: date, newest_first: bool) -> list[Story]:
    start, end = day_start(day, edition), day_start(day + timedelta(days=1), edition)
    order = ("-first_published_at", "-id") if newest_first else ("first_published_at", "id")
    return list(
        stories_listing(edition=edition, published_by=end - _INSTANT)
        .filter(first_published_at__gte=start)
        .order_by(*order)
    )


def years_with_stories(edition: Edition, first: date, last: date) -> list[int]:
    """The years from `first`'s to `last`'s that have public stories, newest first: one query
    of one index seek per year, however many stories the years hold."""
    years = range(last.year, first.year - 1, -1)
    has_stories = {
        f"y{year}": Exists(
            _live(edition, before=day_start(date(year + 1, 1, 1), edition))
            .filter(first_published_at__gte=day_start(date(year, 1, 1), edition))
            .order_by()
        )
        for year in years
    }
    found = Locale.objects.filter(pk=edition.locale_id).values(**has_stories).first() or {}
    return [year for year in years if found.get(f"y{year}")]


def neighbour_days(edition: Edition, day: date) -> tuple[date | None, date | None]:
    """The nearest earlier and later days that have stories, skipping empty ones."""
    return neighbours(edition, day, day + timedelta(days=1))


def neighbours(edition: Edition, first: date, until: date) -> tuple[date | None, date | None]:
    """The days of the nearest stories before the local period [first, until) and after it, two
    index seeks, skipping empty days, months and years."""
    start, end = day_start(first, edition), day_start(until, edition)
    previous = _time_of(_live(edition, before=start).order_by("-first_published_at"))
    following = _time_of(
        _live(edition).filter(first_published_at__gte=end).order_by("first_published_at")
    )
    return (
        local_day(previous, edition) if previous else None,
        local_day(following, edition) if following else None,
    )

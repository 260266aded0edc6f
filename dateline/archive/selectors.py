"""Archive reads in the edition's zone: day bounds are worked out here, counted in the database."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet

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


def neighbour_days(edition: Edition, day: date) -> tuple[date | None, date | None]:
    """The nearest earlier and later days that have stories, skipping empty ones."""
    start, end = day_start(day, edition), day_start(day + timedelta(days=1), edition)
    previous = _time_of(_live(edition, before=start).order_by("-first_published_at"))
    following = _time_of(
        _live(edition).filter(first_published_at__gte=end).order_by("first_published_at")
    )
    return (
        local_day(previous, edition) if previous else None,
        local_day(following, edition) if following else None,
    )

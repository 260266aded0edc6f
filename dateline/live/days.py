from dataclasses import dataclass
from datetime import date

from dateline.editions.clock import local_day
from dateline.editions.models import Edition
from dateline.stories.models import Story


@dataclass
class Day:
    day: date
    stories: list[Story]


def stories_by_day(stories: list[Story], edition: Edition) -> list[Day]:
    """Consecutive stories grouped under the day they were published in the edition's zone."""
    days: list[Day] = []
    for story in stories:
        day = local_day(story.first_published_at, edition)
        if not days or days[-1].day != day:
            days.append(Day(day, []))
        days[-1].stories.append(story)
    return days

"""A recency ranking looked for among recent stories first gives the same results as the whole
ranking: an old story relevant enough to beat the recent ones still comes first."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from dateline.search import matching
from dateline.search.matching import Position
from dateline.search.query import ranked_stories
from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story
from dateline.stories.outbox import reactions_run

AGES_DAYS = [0, 1, 3, 6, 10, 25, 40, 90, 200, 700, 2500, 4000]
WINDOWS = matching.RECENT_WINDOWS_DAYS


def _paragraph(text: str) -> list[dict]:
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


@pytest.mark.django_db
@pytest.mark.parametrize("limit", [1, 3, 5, 10])
def test_the_recent_first_ranking_is_the_whole_ranking(en, monkeypatch, limit):
    now = timezone.now()
    for n, days in enumerate(AGES_DAYS):
        story = StoryFactory(
            locale=en.locale,
            headline=f"Flood defences tested {n}" if n % 4 == 0 else f"Report {n}",
            body=_paragraph("The flood came back. " * (1 + n % 3) + "Residents stayed."),
        )
        Story.objects.filter(pk=story.pk).update(first_published_at=now - timedelta(days=days))
    reactions_run()

    def ranking(windows: tuple[int, ...], **position) -> list[tuple[int, float]]:
        monkeypatch.setattr(matching, "RECENT_WINDOWS_DAYS", windows)
        return ranked_stories("flood", en, anchor=now, limit=limit, **position)

    whole = ranking(())
    assert len(whole) == limit
    windows_searched = []
    ranked = matching._ranked

    def counted(groups, language, within, limit, ranking):
        windows_searched.append(within)
        return ranked(groups, language, within, limit, ranking)

    monkeypatch.setattr(matching, "_ranked", counted)
    assert ranking(WINDOWS) == whole
    if connection.vendor == "sqlite":  # where the recent stories are searched first
        first_sql, _params = windows_searched[0]
        assert '"first_published_at" >=' in first_sql
    after = Position(whole[-1][1], whole[-1][0])
    assert ranking((2, 5, 50), after=after) == ranking((), after=after)

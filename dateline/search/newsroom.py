"""Searching as the newsroom does: the stories of every edition in any state (drafts, scheduled,
in review, withdrawn, live), for the admin's Stories listing and its choosers. Not through the
public gate: editors look for what the agency already wrote, published or not.

Each edition's stories are matched in the edition's language, the way they were indexed, so a
Russian word finds its story in any case and an English word its plural. A word that reads the
same in both languages (a Latin name, a number) finds the stories of each edition. The matches
of the languages are merged by score: bm25 (SQLite) and ts_rank_cd (PostgreSQL) score a story by
its own terms and those of the query, so a headline match ranks above a mention in the text
whichever edition it is in."""

from django.db.models import QuerySet

from dateline.editions.registry import all_editions
from dateline.stories.models import Story

from .matching import query_groups, ranked_matches


def _locales_by_language() -> dict[str, list[int]]:
    locales: dict[str, list[int]] = {}
    for edition in all_editions():
        locales.setdefault(edition.language, []).append(edition.locale_id)
    return locales


def newsroom_matches(
    text: str, *, within: QuerySet[Story] | None = None, limit: int
) -> list[tuple[int, float]]:
    """The ids and scores of the stories of any edition and state (of `within`, if given: a
    listing's filtered stories) that hold every word of `text` in one of its forms, best first
    (of equal scores, the story written last): at most `limit`. Any text is a query: what is
    not a word is left out, and text with no word finds nothing."""
    # The listing's ordering says nothing here, and its columns would only weigh on the match.
    stories = (within if within is not None else Story.objects.all()).order_by()
    matches: list[tuple[int, float]] = []
    for language, locale_ids in _locales_by_language().items():
        groups = query_groups(text, language)
        if groups:
            of_language = stories.filter(locale_id__in=locale_ids)
            matches += ranked_matches(groups, language, of_language, limit=limit)
    matches.sort(key=lambda match: (-match[1], -match[0]))
    return matches[:limit]


def newsroom_search(text: str, *, within: QuerySet[Story] | None = None, limit: int) -> list[int]:
    """The ids of newsroom_matches, best first."""
    return [pk for pk, _score in newsroom_matches(text, within=within, limit=limit)]

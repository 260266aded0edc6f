"""Searching the index as a reader does: the query's words reduced to terms the way the index
was (dateline.language.search_terms, in the edition's language), every word required in one of
its forms, ranked by the database's relevance (a headline counts ten times the text), and only
stories the public gate lets the edition's readers see."""

from dataclasses import dataclass

from dateline.editions.models import Edition
from dateline.stories.models import Story

from .matching import query_groups, ranked_matches

LIMIT = 20


@dataclass(frozen=True)
class Hit:
    story_id: int
    headline: str
    score: float  # higher is more relevant


def story_search(text: str, edition: Edition, *, limit: int = LIMIT) -> list[Hit]:
    """The stories of `edition` a reader may see that hold every word of `text`, best first.
    Any text is a query: what is not a word is left out."""
    public = Story.objects.public(edition)
    ranked = ranked_matches(
        query_groups(text, edition.language), edition.language, public, limit=limit
    )
    headlines = dict(public.filter(pk__in=[pk for pk, _ in ranked]).values_list("pk", "headline"))
    return [Hit(pk, headlines[pk], score) for pk, score in ranked if pk in headlines]

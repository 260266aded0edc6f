"""The admin's searches of stories, the Stories listing's and the story chooser's, answered by the
search a room above registers (dateline.search's, which reads each edition in its language and
finds stories in every state). Until one is registered, Wagtail's search backend answers."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Case, QuerySet, Value, When
from wagtail.admin.forms.choosers import SearchFilterMixin
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet

from .models import Story

# The best this many matches are listed: more words or a filter narrow a search that finds more.
SEARCH_LIMIT = 500

StorySearch = Callable[[str, QuerySet[Story], int], list[int]]
"""The ids of the stories of a queryset that hold the words of a query, best first, at most so
many."""

_searches: list[StorySearch] = []


def story_search_register(search: StorySearch) -> None:
    _searches[:] = [search]


def stories_found(
    query: str, stories: QuerySet[Story], *, limit: int = SEARCH_LIMIT, by_relevance: bool
) -> tuple[QuerySet[Story], bool] | None:
    """The best `limit` of `stories` for `query`, best first if `by_relevance` (else in the
    order of `stories`), and whether more match; None if no search is registered."""
    if not _searches:
        return None
    return _best(_searches[0], query, stories, limit=limit, by_relevance=by_relevance)


def _best(
    search: StorySearch, query: str, stories: QuerySet[Story], *, limit: int, by_relevance: bool
) -> tuple[QuerySet[Story], bool]:
    ids = search(query, stories, limit + 1)
    best = ids[:limit]
    found = stories.filter(pk__in=best)
    if by_relevance and best:
        found = found.order_by(
            Case(*(When(pk=pk, then=Value(place)) for place, pk in enumerate(best)))
        )
    return found, len(ids) > limit


class StorySearchFilterMixin(SearchFilterMixin):
    """The chooser's search box, answered by the registered search, best match first."""

    def filter(self, objects: QuerySet[Story]) -> QuerySet[Story]:
        query = self.cleaned_data.get("q")
        if not query or not _searches:
            return super().filter(objects)
        # The chooser's other filters (the locale's), without Wagtail's search.
        objects = super(SearchFilterMixin, self).filter(objects)
        self.is_searching = True
        self.search_query = query
        found, _more = _best(_searches[0], query, objects, limit=SEARCH_LIMIT, by_relevance=True)
        return found


class _StorySearchChooser:
    def get_filter_form_class(self) -> type[forms.Form]:
        form_class: type[forms.Form] = super().get_filter_form_class()  # type: ignore[misc]
        bases: tuple[Any, ...] = tuple(
            StorySearchFilterMixin if base is SearchFilterMixin else base
            for base in form_class.__bases__
        )
        return type("FilterForm", bases, {})


class StoryChooseView(_StorySearchChooser, ChooseView):
    pass


class StoryChooseResultsView(_StorySearchChooser, ChooseResultsView):
    pass


class StoryChooserViewSet(SnippetChooserViewSet):
    choose_view_class = StoryChooseView
    choose_results_view_class = StoryChooseResultsView

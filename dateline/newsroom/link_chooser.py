"""An "Earlier story" tab in the rich text editor's link dialog: the editor searches the agency's
stories of every edition and state by their words and inserts a link to one.

The dialog is Wagtail's page chooser modal. Its tabs are one template
(templates/wagtailadmin/chooser/_link_types.html, overridden to add this tab), and each of its
steps is answered by a JavaScript handler chosen by the response's `step`. This tab answers with
the external-link form's steps, whose handlers need nothing new: `external_link` posts every form
of the tab back here (so the search box posts too) and follows the other tabs' links, and
`external_link_chosen` inserts the chosen address. The address is the story's own, which
saving turns into a link kept by the story's id (stories.blocks.story_links_by_id)."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Case, F, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.admin.views.chooser import shared_context

from dateline.editions.registry import all_editions, edition_for_locale
from dateline.search.newsroom import newsroom_matches
from dateline.stories.forms import edition_time
from dateline.stories.listing import State, stories_for_listing, story_state
from dateline.stories.models import Story

from .middleware import SEARCH_MAX

# The best this many matches are listed; more words narrow a search that finds more.
LINK_RESULTS = 20
# Of equal matches, the newest are listed: this many of the best are read to find them.
TIES_WINDOW = 100


class StorySearchForm(forms.Form):
    q = forms.CharField(
        label=_("Words of the story"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


@dataclass(frozen=True)
class EarlierStory:
    """One story in the tab's results, as the editor reads it."""

    pk: int
    headline: str
    edition: str
    state: str
    is_live: bool  # readers see it, and so a link to it
    first_published: str  # in the edition's zone; empty if never published
    first_published_iso: str


def _may_link(request: HttpRequest) -> None:
    # Whoever may edit a story may link from it; the admin asks the same of its edit view.
    if not request.user.has_perm("stories.change_story"):
        raise PermissionDenied


def _stories_of_editions() -> QuerySet[Story]:
    """Stories of every edition there is (a deleted edition's stories have no address)."""
    return Story.objects.filter(locale_id__in=[edition.locale_id for edition in all_editions()])


def stories_to_link(query: str, *, limit: int = LINK_RESULTS) -> tuple[list[EarlierStory], bool]:
    """The best `limit` stories of any edition and state for `query` (the newsroom's search: each
    edition's stories in its language, a word being typed found by its beginning, a headline above
    a mention in the text), those that match equally well the newest first (not yet published
    first of all); and whether more match."""
    matches = newsroom_matches(query, limit=max(limit + 1, TIES_WINDOW))
    if not matches:
        return [], False
    scores = sorted({score for _pk, score in matches}, reverse=True)
    place = {score: number for number, score in enumerate(scores)}
    best_first = Case(*(When(pk=pk, then=Value(place[score])) for pk, score in matches))
    stories = stories_for_listing(Story.objects.filter(pk__in=[pk for pk, _ in matches]))
    found = stories.order_by(
        best_first,
        # Not yet published (a draft, a scheduled story) is newer than anything published.
        F("first_published_at").desc(nulls_first=True),
        F("pk").desc(),
    )[:limit]
    return [_earlier_story(story) for story in found], len(matches) > limit


def _earlier_story(story: Story) -> EarlierStory:
    edition = edition_for_locale(story.locale_id)
    published = story.first_published_at
    state = story_state(story)
    return EarlierStory(
        pk=story.pk,
        headline=story.headline,
        edition=edition.name if edition is not None else "",
        state=state,
        is_live=state in (str(State.LIVE), str(State.LIVE_AND_DRAFT)),
        first_published=edition_time(published, story.locale_id) if published else "",
        first_published_iso=published.isoformat() if published else "",
    )


@require_http_methods(["GET", "POST"])
def link_story(request: HttpRequest) -> HttpResponse:
    """The tab: a search box and the stories it finds. The dialog posts the search (the
    `external_link` step's handler posts every form); a GET opens the tab."""
    _may_link(request)
    asked = request.POST if request.method == "POST" else request.GET
    form = StorySearchForm({"q": asked.get("q", "")[:SEARCH_MAX]})
    query = form.cleaned_data["q"] if form.is_valid() else ""
    stories, more = stories_to_link(query) if query else ([], False)
    return render_modal_workflow(
        request,
        "newsroom/link_story.html",
        None,
        shared_context(
            request,
            {
                "form": form,
                "query": query,
                "stories": stories,
                "more": more,
                "some_not_live": any(not story.is_live for story in stories),
                "limit": LINK_RESULTS,
            },
        ),
        json_data={"step": "external_link"},
    )


@require_http_methods(["GET", "POST"])
def link_story_chosen(request: HttpRequest, story_id: int) -> HttpResponse:
    """Closes the dialog with a link to the story's address, as the external-link form does."""
    _may_link(request)
    story = get_object_or_404(
        _stories_of_editions().only("id", "headline", "slug", "locale_id"), pk=story_id
    )
    return render_modal_workflow(
        request,
        None,
        None,
        None,
        json_data={
            "step": "external_link_chosen",
            "result": {
                "url": story.url,
                "title": story.headline,
                # Text the editor selected before opening the dialog becomes the link.
                "prefer_this_title_as_link_text": False,
            },
        },
    )

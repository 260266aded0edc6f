"""The edition's search page: the reader's query, ranked by relevance and recency
(dateline.search.query), narrowed by dates, a region and a topic, each result with its headline
and a passage of its text with the query's words marked, a page at a time by a signed cursor.

Filters a reader cannot have meant (a day that does not exist, an unknown region, a range that
ends before it starts) are answered with the form and a message saying what to change (400),
never with results they did not ask for."""

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from dateline.editions import links
from dateline.editions.middleware import EditionRequest
from dateline.editions.models import Edition
from dateline.editions.registry import all_editions
from dateline.search.cursor import cursor_read, cursor_text, search_fingerprint
from dateline.search.matching import query_groups
from dateline.search.query import SearchFilters, results_page
from dateline.search.snippets import Found, found
from dateline.stories.document_text import story_texts
from dateline.stories.models import Story
from dateline.taxonomy.models import RegionPage, SectionPage, TopicPage

RESULTS_PER_PAGE = 15
# Results change with every publication and a withdrawn story must go soon, and a query's page
# is seldom asked for twice: shared caches keep it for a minute, as the archive's today. The
# form alone (no query) changes only with the edition's regions and topics.
RESULTS_MAX_AGE = 60
FORM_MAX_AGE = 600
# Days a filter may name: converting a day of the years 1 or 9999 to UTC runs off the calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(9998, 12, 31)
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class Result:
    story: Story
    found: Found


@dataclass(frozen=True)
class Choice:
    slug: str
    title: str


def _choices(model: type[SectionPage], edition: Edition) -> list[Choice]:
    """The edition's published regions or topics, by title."""
    pages = model.objects.live().filter(locale_id=edition.locale_id).order_by("title")
    return [Choice(slug, title) for slug, title in pages.values_list("slug", "title")]


def _day(text: str, errors: list[str]) -> date | None:
    if not text:
        return None
    try:
        day = date.fromisoformat(text) if _ISO_DAY.fullmatch(text) else None
    except ValueError:
        day = None
    if day is None:
        errors.append(_("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": text})
        return None
    if not FIRST_DAY <= day <= LAST_DAY:
        errors.append(
            _("Choose dates between %(first)s and %(last)s.")
            % {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()}
        )
        return None
    return day


def _section_id(
    model: type[SectionPage], edition: Edition, slug: str, errors: list[str]
) -> int | None:
    if not slug:
        return None
    pk = (
        model.objects.live()
        .filter(locale_id=edition.locale_id, slug=slug)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is None:  # the slug is not repeated: it may name a page readers may not see
        if model is TopicPage:
            errors.append(_("There is no such topic in this edition: choose one from the list."))
        else:
            errors.append(_("There is no such region in this edition: choose one from the list."))
    return pk


def _day_start(day: date, edition: Edition) -> datetime:
    """The instant the day begins in the edition's zone."""
    return datetime.combine(day, time.min, tzinfo=edition.zone)


def _filters(
    edition: Edition, start: str, end: str, region: str, topic: str
) -> tuple[SearchFilters, list[str]]:
    """The form's filters (its text), or what is wrong with them."""
    errors: list[str] = []
    first, last = _day(start, errors), _day(end, errors)
    if first is not None and last is not None and first > last:
        errors.append(_("The first day comes after the last one: swap them."))
    filters = SearchFilters(
        start=_day_start(first, edition) if first else None,
        end=_day_start(last + timedelta(days=1), edition) if last else None,
        region_id=_section_id(RegionPage, edition, region, errors),
        topic_id=_section_id(TopicPage, edition, topic, errors),
    )
    return filters, errors


def search(request: EditionRequest, **kwargs: object) -> HttpResponse:
    edition = request.edition
    if edition is None:
        raise Http404
    query = request.GET.get("q", "").strip()
    form = {
        "start": request.GET.get("from", "").strip(),
        "end": request.GET.get("to", "").strip(),
        "region": request.GET.get("region", "").strip(),
        "topic": request.GET.get("topic", "").strip(),
    }
    filters, errors = _filters(edition, **form)
    groups = query_groups(query, edition.language)
    has_words = bool(groups)
    is_filtered = any(form.values())
    context: dict[str, object] = {
        "edition": edition,
        "page_title": _("Search: %(query)s") % {"query": query}
        if query
        else pgettext("page", "Search"),
        "query": query,
        "form": form,
        "is_filtered": is_filtered,
        "regions": _choices(RegionPage, edition),
        "topics": _choices(TopicPage, edition),
        "errors": errors,
        "has_words": has_words,
        "results": [],
        "canonical_url": links.search_url(edition),
        "unfiltered_url": links.search_url(edition, query=query),
        "elsewhere": [
            (other, links.search_url(other, query=query))
            for other in all_editions()
            if other != edition
        ],
    }
    if errors:
        return _response(request, context, status=400)
    if has_words:
        fingerprint = search_fingerprint(edition.language, query, *form.values())
        cursor = cursor_read(request.GET.get("cursor"), fingerprint)
        page = results_page(query, edition, size=RESULTS_PER_PAGE, filters=filters, cursor=cursor)
        if cursor is not None and not page.stories:  # the results it followed are gone
            return redirect(_page_url(edition, query, form, None))
        context |= {
            "results": [
                Result(story, found(story_texts(story), groups, edition.language))
                for story in page.stories
            ],
            "next_url": page.next
            and _page_url(edition, query, form, cursor_text(page.next, fingerprint)),
            "previous_url": page.previous
            and _page_url(edition, query, form, cursor_text(page.previous, fingerprint)),
        }
    return _response(request, context)


def _page_url(edition: Edition, query: str, form: dict[str, str], cursor: str | None) -> str:
    return links.search_url(
        edition,
        query=query,
        start=form["start"],
        end=form["end"],
        region=form["region"],
        topic=form["topic"],
        cursor=cursor,
    )


def _response(
    request: EditionRequest, context: dict[str, object], status: int = 200
) -> TemplateResponse:
    response = TemplateResponse(request, "site/search.html", context, status=status)
    max_age = RESULTS_MAX_AGE if context["query"] or context["is_filtered"] else FORM_MAX_AGE
    patch_cache_control(response, public=True, max_age=max_age)
    return response

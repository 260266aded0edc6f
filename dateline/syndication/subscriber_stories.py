"""What an API key reads, through the public gate and its named variants only: pages of
stories by keyset cursor, and one story by id.

Two orders:
- newest first by publication time, for a subscriber's latest news and for walking the archive:
  a walk down the index story_live_newest that stops after a page however deep the cursor is;
- with `updated_since`, oldest change first by the time of a story's latest change, the later
  of its first and last publication (an embargo's end is a change: the first publication is
  dated then), withdrawals among them, for a subscriber keeping a copy in step: walks down the
  indexes story_live_changed and story_withdrawn.

Each edition, and each gate (public, embargoed, withdrawn), is walked on its own, a page and one
more at most, and the walks are merged here: one query over several editions would have the
database sort all of their stories. A cursor is the last entry's (time, id) in the list's order."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.db.models import Exists, F, OuterRef, QuerySet
from django.db.models.functions import Greatest

from dateline.editions.models import Edition
from dateline.editions.registry import all_editions, edition_for_locale
from dateline.stories.models import Story
from dateline.stories.paging import Cursor
from dateline.stories.selectors import stories_for_documents
from dateline.taxonomy.models import SectionPage


class Gate(StrEnum):
    PUBLIC = "public"
    EMBARGOED = "embargoed"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class Entry:
    story_id: int
    locale_id: int
    at: datetime  # its place in the list's order
    gate: Gate


@dataclass(frozen=True)
class EntryPage:
    entries: list[Entry]
    next: Cursor | None  # where the next page starts, if there is one


@dataclass(frozen=True)
class Sections:
    """Region and topic pages by edition (their locale id): a slug names one page per edition
    or more (a slug is unique only among its siblings)."""

    regions: dict[int, list[int]] | None = None
    topics: dict[int, list[int]] | None = None

    def editions_in(self, editions: Iterable[Edition]) -> list[Edition]:
        """The editions that have every section asked for."""
        return [
            edition
            for edition in editions
            if all(
                asked is None or edition.locale_id in asked for asked in (self.regions, self.topics)
            )
        ]

    def narrow(self, stories: QuerySet[Story], edition: Edition) -> QuerySet[Story]:
        # Tested per story as the index walk goes (EXISTS on the tag tables' story index): a
        # join would repeat a story tagged with two pages of one slug.
        if self.regions is not None:
            stories = stories.filter(
                Exists(
                    Story.regions.through.objects.filter(
                        story_id=OuterRef("pk"), regionpage_id__in=self.regions[edition.locale_id]
                    )
                )
            )
        if self.topics is not None:
            stories = stories.filter(
                Exists(
                    Story.topics.through.objects.filter(
                        story_id=OuterRef("pk"), topicpage_id__in=self.topics[edition.locale_id]
                    )
                )
            )
        return stories


def section_pages(
    kind: type[SectionPage], slug: str, editions: Iterable[Edition]
) -> dict[int, list[int]]:
    """The live region or topic pages at `slug` in these editions, by locale id."""
    found: dict[int, list[int]] = {}
    for page_id, locale_id in (
        kind.objects.live()
        .filter(locale_id__in=[edition.locale_id for edition in editions], slug=slug)
        .values_list("id", "locale_id")
    ):
        found.setdefault(locale_id, []).append(page_id)
    return found


def _page(walks: list[list[Entry]], size: int, newest_first: bool) -> EntryPage:
    """The first `size` entries of the merged walks; each walk holds up to size + 1 entries, so
    more than `size` in all means a next page."""
    merged = sorted(
        (entry for walk in walks for entry in walk),
        key=lambda entry: (entry.at, entry.story_id),
        reverse=newest_first,
    )
    page = merged[:size]
    more = len(merged) > size and bool(page)
    return EntryPage(page, Cursor(page[-1].at, page[-1].story_id) if more else None)


def _entries(rows: Iterable[tuple[int, int, datetime]], gate: Gate) -> list[Entry]:
    return [Entry(story_id, locale_id, at, gate) for story_id, locale_id, at in rows]


def entries_newest(
    *,
    editions: Iterable[Edition],
    embargo: bool,
    sections: Sections,
    cursor: Cursor | None,
    size: int,
) -> EntryPage:
    """A page of the editions' stories, newest first by publication time, from `cursor` on;
    with `embargo`, the embargoed ones too, first (they are dated at their embargo's end)."""
    walks = []
    bound = cursor.published_at if cursor is not None else None
    for edition in sections.editions_in(editions):
        gates = [(Gate.PUBLIC, Story.objects.public(edition, published_by=bound))]
        if embargo:
            gates.append((Gate.EMBARGOED, Story.objects.embargoed(edition)))
        for gate, gated in gates:
            stories = sections.narrow(gated, edition)
            if cursor is not None:
                # The upper bound lets the index start at the cursor; the exclusion breaks ties
                # between stories of the same microsecond.
                stories = stories.filter(first_published_at__lte=cursor.published_at).exclude(
                    first_published_at=cursor.published_at, id__gte=cursor.story_id
                )
            rows = stories.order_by("-first_published_at", "-id").values_list(
                "id", "locale_id", "first_published_at"
            )
            walks.append(_entries(rows[: size + 1], gate))
    return _page(walks, size, newest_first=True)


def _changed_after(
    stories: QuerySet[Story], at: str, since: datetime, cursor: Cursor | None
) -> QuerySet[Story]:
    # One lower bound, so that an index on `at` starts at the cursor however deep it is; the
    # exclusion breaks ties between stories of the same microsecond.
    start = since if cursor is None else max(since, cursor.published_at)
    stories = stories.filter(**{f"{at}__gte": start})
    if cursor is not None:
        stories = stories.exclude(**{at: cursor.published_at, "id__lte": cursor.story_id})
    return stories.order_by(at, "id")


def entries_changed(
    *,
    editions: Iterable[Edition],
    embargo: bool,
    since: datetime,
    sections: Sections,
    cursor: Cursor | None,
    size: int,
) -> EntryPage:
    """A page of the editions' stories changed at or after `since`, oldest change first, from
    `cursor` on: public stories by their latest change, withdrawn ones by their withdrawal, and
    with `embargo` the embargoed ones by their last publication (they come again, without the
    embargo, when it ends)."""
    walks = []
    for edition in sections.editions_in(editions):
        public = Story.objects.public(edition).annotate(
            changed_at=Greatest("first_published_at", "last_published_at")
        )
        gates = [
            (Gate.PUBLIC, public, "changed_at"),
            (Gate.WITHDRAWN, Story.objects.withdrawn(edition), "withdrawn_at"),
        ]
        if embargo:
            embargoed = Story.objects.embargoed(edition).annotate(changed_at=F("last_published_at"))
            gates.append((Gate.EMBARGOED, embargoed, "changed_at"))
        for gate, stories, at in gates:
            stories = _changed_after(sections.narrow(stories, edition), at, since, cursor)
            rows = stories.values_list("id", "locale_id", at)
            walks.append(_entries(rows[: size + 1], gate))
    return _page(walks, size, newest_first=False)


def stories_of(entries: list[Entry], editions: tuple[Edition, ...]) -> dict[int, Story]:
    """The stories of these entries with what their documents need, through the gate they came
    by (one that has changed state since is left out, as it would not be in the list now)."""
    found: dict[int, Story] = {}
    for gate in (Gate.PUBLIC, Gate.EMBARGOED):
        if ids := [entry.story_id for entry in entries if entry.gate == gate]:
            found |= {
                story.pk: story
                for story in stories_for_documents(
                    *editions, embargoed=gate == Gate.EMBARGOED
                ).filter(pk__in=ids)
            }
    return found


def story_for_key(
    *, story_id: int, editions: tuple[Edition, ...], embargo: bool
) -> tuple[Story, Gate] | None:
    """The story `story_id` with what its document needs, if it is public in these editions,
    or (with `embargo`) embargoed; and the gate it came through."""
    if not editions:
        return None
    for gate in (Gate.PUBLIC, Gate.EMBARGOED) if embargo else (Gate.PUBLIC,):
        stories = stories_for_documents(*editions, embargoed=gate == Gate.EMBARGOED)
        if (story := stories.filter(pk=story_id).first()) is not None:
            return story, gate
    return None


def story_withdrawn_for_key(*, story_id: int, editions: tuple[Edition, ...]) -> Story | None:
    """The story `story_id` if a withdrawal took it down in these editions (its id, edition and
    time only)."""
    if not editions:
        return None
    return Story.objects.withdrawn(*editions).filter(pk=story_id).first()


def story_edition_elsewhere(*, story_id: int, editions: Iterable[Edition]) -> Edition | None:
    """The edition of the public story `story_id` if it is of none of these editions."""
    own = {edition.pk for edition in editions}
    if not (others := [edition for edition in all_editions() if edition.pk not in own]):
        return None
    row = Story.objects.public(*others).filter(pk=story_id).values_list("locale_id").first()
    return edition_for_locale(row[0]) if row is not None else None

"""The admin's Stories listing: each story's state in words, its edition, authors and
translation state, with filters for each, in a fixed number of queries per page."""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.models import Revision, WorkflowState

from dateline.editions.registry import edition_for_locale

from .models import Author, Story, StoryAuthor


class State:
    DRAFT = _("draft")
    IN_REVIEW = _("in review")
    SCHEDULED = _("scheduled")
    EMBARGOED = _("under embargo")
    LIVE = _("live")
    LIVE_AND_DRAFT = _("live + draft")
    WITHDRAWN = _("withdrawn")
    EXPIRED = _("expired")


def _of_story(model: type[Revision] | type[WorkflowState]) -> QuerySet:
    """Rows of Wagtail's generic tables (revisions, workflow states) about the outer story."""
    return model.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Story),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )


@dataclass(frozen=True)
class ListingPart:
    """A column and a filter that a room above adds to the listing (the label rules' is one),
    with what its column reads along with the page."""

    column: Column
    queryset: Callable[[QuerySet[Story]], QuerySet[Story]]
    filter_name: str
    filter: django_filters.Filter


_parts: list[ListingPart] = []


def story_listing_part_register(part: ListingPart) -> None:
    _parts.append(part)


def story_listing_parts() -> list[ListingPart]:
    return list(_parts)


def stories_for_listing(stories: QuerySet[Story]) -> QuerySet[Story]:
    """What each row shows, read with the page: whether a review or a schedule is open, the
    byline, the translations, and what the parts added need."""
    for part in _parts:
        stories = part.queryset(stories)
    return stories.annotate(
        original_locale_id=F("translation_of__locale_id"),
        in_review=Exists(_of_story(WorkflowState).filter(status=WorkflowState.STATUS_IN_PROGRESS)),
        is_scheduled=Exists(_of_story(Revision).filter(approved_go_live_at__isnull=False)),
    ).prefetch_related(
        Prefetch("byline", queryset=StoryAuthor.objects.select_related("author")),
        Prefetch("translations", queryset=Story.objects.only("id", "locale_id", "translation_of")),
    )


def story_state(story: Story) -> str:
    """The story's state as editors say it (rows from stories_for_listing)."""
    if story.live and story.first_published_at and story.first_published_at > timezone.now():
        # Published ahead of its time: under a named embargo, or imported with a future date.
        return str(State.EMBARGOED if story.embargo_until else State.SCHEDULED)
    if story.live:
        return str(State.LIVE_AND_DRAFT if story.has_unpublished_changes else State.LIVE)
    if story.expired:
        return str(State.EXPIRED)
    if getattr(story, "in_review", False):
        return str(State.IN_REVIEW)
    if getattr(story, "is_scheduled", False):
        return str(State.SCHEDULED)
    # Once published and then taken down: withdrawn, never a draft again.
    return str(State.WITHDRAWN if story.first_published_at else State.DRAFT)


def story_edition(story: Story) -> str:
    edition = edition_for_locale(story.locale_id)
    return edition.name if edition is not None else ""


def story_authors(story: Story) -> str:
    return ", ".join(place.author.name for place in story.byline.all())


def story_translation_state(story: Story) -> str:
    """A translation's kind and language, or the editions an original is translated into."""
    if story.translation_of_id is not None:
        edition = edition_for_locale(story.original_locale_id)
        return str(
            _("%(kind)s from %(edition)s")
            % {
                "kind": story.get_translation_kind_display() or _("translation"),
                "edition": edition.name if edition else "?",
            }
        )
    editions = [edition_for_locale(t.locale_id) for t in story.translations.all()]
    if not editions:
        return str(_("not translated"))
    names = ", ".join(sorted(e.name for e in editions if e is not None))
    return str(_("translated: %(editions)s") % {"editions": names})


class StoryFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=_("State"),
        method="filter_state",
        choices=[
            ("draft", State.DRAFT),
            ("in_review", State.IN_REVIEW),
            ("scheduled", State.SCHEDULED),
            ("embargoed", State.EMBARGOED),
            ("live", State.LIVE),
            ("withdrawn", State.WITHDRAWN),
        ],
        empty_label=_("All"),
    )
    author = django_filters.ModelChoiceFilter(
        label=_("Author"),
        queryset=Author.objects.order_by("name"),
        field_name="byline__author",
        distinct=True,
    )
    translation = django_filters.ChoiceFilter(
        label=_("Translation"),
        method="filter_translation",
        choices=[
            ("original", _("original, not translated")),
            ("translated", _("original, translated")),
            ("full", _("full translation")),
            ("abridged", _("abridged translation")),
        ],
        empty_label=_("All"),
    )

    class Meta:
        model = Story
        fields: list[str] = []

    def filter_state(self, stories: QuerySet[Story], name: str, value: str) -> QuerySet[Story]:
        unpublished = Q(live=False, expired=False)
        ahead = Q(live=True, first_published_at__gt=timezone.now())
        match value:
            case "draft":
                wanted = unpublished & Q(
                    first_published_at__isnull=True, in_review=False, is_scheduled=False
                )
            case "in_review":
                wanted = unpublished & Q(in_review=True)
            case "scheduled":
                wanted = (unpublished & Q(in_review=False, is_scheduled=True)) | (
                    ahead & Q(embargo_until__isnull=True)
                )
            case "embargoed":
                wanted = ahead & Q(embargo_until__isnull=False)
            case "live":
                wanted = Q(live=True) & ~ahead
            case "withdrawn":
                wanted = unpublished & Q(
                    first_published_at__isnull=False, in_review=False, is_scheduled=False
                )
            case _:
                return stories
        return stories_for_listing(stories).filter(wanted)

    def filter_translation(
        self, stories: QuerySet[Story], name: str, value: str
    ) -> QuerySet[Story]:
        translated = Exists(Story.objects.filter(translation_of=OuterRef("pk")))
        match value:
            case "original":
                return stories.filter(~translated, translation_of__isnull=True)
            case "translated":
                return stories.filter(translated, translation_of__isnull=True)
            case "full" | "abridged":
                return stories.filter(translation_kind=value)
        return stories


def story_filter_set() -> type[StoryFilterSet]:
    """The listing's filters with the parts' filters added."""
    if not _parts:
        return StoryFilterSet
    declared = {part.filter_name: part.filter for part in _parts}
    return type("StoryFilterSet", (StoryFilterSet,), declared)

"""The labels in the admin's Stories listing: which labels each story carries, and a filter by
label state (carries a given label, any label, or none)."""

import django_filters
from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column

from dateline.stories.listing import ListingPart
from dateline.stories.models import Story

from .models import Label, StoryLabel


def _with_labels(stories: QuerySet[Story]) -> QuerySet[Story]:
    return stories.prefetch_related(
        Prefetch("applied_labels", queryset=StoryLabel.objects.select_related("label", "entity"))
    )


def story_labels(story: Story) -> str:
    names = []
    for row in story.applied_labels.all():
        name = f"{row.label.name} ({row.entity.name})" if row.entity else row.label.name
        if name not in names:
            names.append(name)
    return "; ".join(names) or "—"


def _label_state(stories: QuerySet[Story], name: str, value: str) -> QuerySet[Story]:
    carries = StoryLabel.objects.filter(story=OuterRef("pk"))
    match value:
        case "any":
            return stories.filter(Exists(carries))
        case "none":
            return stories.filter(~Exists(carries))
        case "" | None:
            return stories
    if str(value).isdigit():
        return stories.filter(Exists(carries.filter(label_id=int(value))))
    return stories


def _choices() -> list[tuple[str, str]]:
    labels = [(str(pk), name) for pk, name in Label.objects.values_list("pk", "name")]
    return [("any", str(_("any label"))), ("none", str(_("no label"))), *labels]


LABELS_LISTING = ListingPart(
    column=Column("labels", label=_("Labels"), accessor=story_labels),
    queryset=_with_labels,
    filter_name="labels",
    filter=django_filters.ChoiceFilter(
        label=_("Labels"), method=_label_state, choices=_choices, empty_label=_("All")
    ),
)

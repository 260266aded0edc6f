"""Writing stories' labels: for each story the labels due, within a scope, set against those it
carries, and the differences of many stories written in one short transaction (so publishing
never waits long behind a relabelling): rows added and removed, one entry in each changed
story's history and, outside a publication, one change in the outbox, so every surface follows."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry

from dateline.stories.models import Story, StoryChange
from dateline.stories.outbox import story_changes_record

from .models import LabelRule, StoryLabel
from .rules import Due

LABELS_CHANGED = "dateline.labels.changed"
# Fields of a story that writing its labels reads: its title for the history, its edition,
# whether it is live and its notes for the outbox.
WRITTEN_FIELDS = ("id", "locale_id", "live", "headline", "notes")
STORIES_AT_ONCE = 1000  # a query's ids (SQLite takes at most 32,766 parameters)

Key = tuple[int, int | None]  # (rule id, entity id)


@dataclass
class LabelsChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass
class Plan:
    """One story's labels due and carried, both within the scope being brought in line."""

    story: Story
    due: dict[Key, Due]
    carried: dict[Key, StoryLabel]


def _described(due: Due | StoryLabel) -> str:
    entity = due.entity
    return f"{due.rule}{f' ({entity.name})' if entity else ''}"


class _Descriptions:
    """How the history names each (rule, entity): a rule's description is translated, so once
    per key, not once per story."""

    def __init__(self) -> None:
        self._known: dict[Key, str] = {}

    def __call__(self, key: Key, why: Due | StoryLabel) -> str:
        if key not in self._known:
            self._known[key] = _described(why)
        return self._known[key]


def carried_labels(
    story_ids: Sequence[int], scope: Q | None = None
) -> dict[int, dict[Key, StoryLabel]]:
    """The labels rules put on these stories (editors' choices aside), within `scope`."""
    carried: dict[int, dict[Key, StoryLabel]] = {pk: {} for pk in story_ids}
    rows = (
        StoryLabel.objects.filter(story_id__in=story_ids)
        .filter(scope or Q())
        .exclude(rule__kind=LabelRule.Kind.EDITOR)
        .select_related("rule__label", "entity")
    )
    for row in rows:
        carried[row.story_id][(row.rule_id, row.entity_id)] = row
    return carried


def history_write(entries: Sequence[tuple[Story, dict]], action: str) -> None:
    """One entry in each story's history, written at once (Wagtail's `log` writes one row a
    call; a relabelling may change thousands of stories)."""
    if not entries:
        return
    model = log_registry.get_log_model_for_model(Story)
    content_type = ContentType.objects.get_for_model(Story, for_concrete_model=False)
    context = get_active_log_context()
    now = timezone.now()
    rows = [
        model(
            content_type=content_type,
            label=model.objects.get_instance_title(story),
            action=action,
            timestamp=now,
            data=data,
            object_id=str(story.pk),
            user=context.user,
            uuid=context.uuid,
        )
        for story, data in entries
    ]
    model.objects.bulk_create(rows, batch_size=1000)


def plans_write(plans: Sequence[Plan], *, record_change: bool = True) -> dict[int, LabelsChange]:
    """Brings each planned story's labels in line; the changes by story id."""
    now = timezone.now()
    describe = _Descriptions()
    changes: dict[int, LabelsChange] = {}
    removed: list[int] = []
    moved: list[StoryLabel] = []
    added: list[StoryLabel] = []
    for plan in plans:
        change = LabelsChange()
        for key, row in plan.carried.items():
            if key not in plan.due:
                removed.append(row.pk)
                change.removed.append(describe(key, row))
            elif row.mention != (mention := plan.due[key].mention[:300]):
                row.mention = mention  # the first mention moved: the note follows it
                moved.append(row)
        for key, due in plan.due.items():
            if key not in plan.carried:
                added.append(
                    StoryLabel(
                        story_id=plan.story.pk,
                        label_id=due.rule.label_id,
                        rule=due.rule,
                        entity=due.entity,
                        mention=due.mention[:300],
                        applied_at=now,
                    )
                )
                change.added.append(describe(key, due))
        if change:
            changes[plan.story.pk] = change
    if not (changes or moved):
        return changes
    changed = [plan.story for plan in plans if plan.story.pk in changes]
    with transaction.atomic():
        StoryLabel.objects.filter(pk__in=removed).delete()
        StoryLabel.objects.bulk_update(moved, ["mention"])
        StoryLabel.objects.bulk_create(added)
        history = [
            (s, {"added": changes[s.pk].added, "removed": changes[s.pk].removed}) for s in changed
        ]
        history_write(history, LABELS_CHANGED)
        if record_change:
            live = [s for s in changed if s.live]
            story_changes_record(stories=live, kind=StoryChange.Kind.LABELS)
    return changes


def stories_dropping_labels(scope: Q, why: str) -> None:
    """Before the rows in `scope` go (their rule or registry entry is deleted and they with it):
    each live story carrying one says so in its history and in the outbox. An edition's rule
    may be carried by half the archive: rows are read as plain columns, stories by the
    thousand."""
    rows = StoryLabel.objects.filter(scope)
    described: dict[Key, str] = {
        (rule_id, entity_id): _described(
            rows.filter(rule_id=rule_id, entity_id=entity_id).select_related("rule", "entity")[0]
        )
        for rule_id, entity_id in rows.values_list("rule_id", "entity_id").distinct()
    }
    dropped: dict[int, list[str]] = {}
    for story_id, rule_id, entity_id in rows.values_list("story_id", "rule_id", "entity_id"):
        dropped.setdefault(story_id, []).append(described[(rule_id, entity_id)])
    ids = sorted(dropped)
    for start in range(0, len(ids), STORIES_AT_ONCE):
        chunk = ids[start : start + STORIES_AT_ONCE]
        stories = list(Story.objects.filter(pk__in=chunk).only(*WRITTEN_FIELDS))
        history = [(s, {"added": [], "removed": dropped[s.pk], "why": why}) for s in stories]
        history_write(history, LABELS_CHANGED)
        story_changes_record(stories=[s for s in stories if s.live], kind=StoryChange.Kind.LABELS)

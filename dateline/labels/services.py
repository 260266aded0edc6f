"""Writes of the label rules: a story's labels brought in line with the rules (at publication,
and when a registry entry or a rule changes), an editor's choice of a label, and an editor's
decision on a mention. Each change of a story's labels goes into its history; outside a
publication it is a change in the outbox too, so every surface follows it."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from dateline.editions.clock import local_time
from dateline.editions.models import Edition
from dateline.editions.registry import edition_for_locale
from dateline.stories.models import Story, StoryChange
from dateline.stories.outbox import story_change_record

from .mentions import story_mentions
from .models import Label, LabelRule, MentionDecision, RegistryEntity, StoryLabel
from .rules import Due, StoryFacts, labels_due, rules_in_force

LABELS_CHANGED = "dateline.labels.changed"
LABEL_CHOSEN = "dateline.labels.chosen"
MENTION_DECIDED = "dateline.labels.decided"


def edition_day(edition: Edition, at: datetime | None = None) -> date:
    """The day in the edition's zone: rules and registry dates are days there."""
    return local_time(at or timezone.now(), edition).date()


@dataclass
class LabelsChange:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


def _described(due: Due | StoryLabel) -> str:
    entity = due.entity
    return f"{due.rule}{f' ({entity.name})' if entity else ''}"


def story_labels_apply(
    *,
    story: Story,
    at: datetime | None = None,
    rules: list[LabelRule] | None = None,
    record_change: bool = True,
) -> LabelsChange:
    """Brings the labels of `story` (its live version) in line with the rules in force on the
    day of `at` (now); editors' choices stay. Records the change in the story's history and,
    with `record_change`, in the outbox (a publication records its own)."""
    edition = edition_for_locale(story.locale_id)
    change = LabelsChange()
    if edition is None:
        return change
    day = edition_day(edition, at)
    rules = rules_in_force(day) if rules is None else rules
    decisions = {d.entity_id: d for d in MentionDecision.objects.filter(story=story)}
    due = labels_due(
        facts=StoryFacts.of(story, edition),
        rules=rules,
        mentions=story_mentions(story, edition.language, day),
        decisions=decisions,
    )
    existing = {
        (row.rule_id, row.entity_id): row
        for row in StoryLabel.objects.filter(story=story)
        .exclude(rule__kind=LabelRule.Kind.EDITOR)
        .select_related("rule__label", "entity")
    }
    wanted = {d.key: d for d in due}
    now = timezone.now()
    with transaction.atomic():
        for key, row in existing.items():
            if key not in wanted:
                row.delete()
                change.removed.append(_described(row))
            elif row.mention != wanted[key].mention:
                row.mention = wanted[key].mention
                row.save(update_fields=["mention"])
        new = [
            StoryLabel(
                story=story,
                label_id=d.rule.label_id,
                rule=d.rule,
                entity=d.entity,
                mention=d.mention[:300],
                applied_at=now,
            )
            for key, d in wanted.items()
            if key not in existing
        ]
        StoryLabel.objects.bulk_create(new)
        change.added += [_described(d) for key, d in wanted.items() if key not in existing]
        if change:
            log(
                instance=story,
                action=LABELS_CHANGED,
                data={"added": change.added, "removed": change.removed},
            )
            if record_change and story.live:
                story_change_record(story=story, kind=StoryChange.Kind.LABELS)
    return change


def _live(story: Story) -> Story | None:
    """The story as published (the form's instance may hold a newer draft or an older state)."""
    return Story.objects.filter(pk=story.pk, live=True).first()


def choosable_labels(story: Story) -> list[Label]:
    """The labels an editor may choose for `story`: those with an editor's rule in force for
    its edition."""
    edition = edition_for_locale(story.locale_id)
    if edition is None:
        return []
    day = edition_day(edition)
    rules = LabelRule.objects.filter(kind=LabelRule.Kind.EDITOR).select_related("label")
    return list(
        {
            rule.label_id: rule.label
            for rule in rules
            if rule.is_in_force(day) and rule.edition_id in (None, edition.pk)
        }.values()
    )


def story_label_choose(*, story: Story, label: Label, reason: str, user: Any) -> StoryLabel:
    """An editor puts `label` on `story`, saying why; kept in its history."""
    rule = LabelRule.objects.filter(label=label, kind=LabelRule.Kind.EDITOR).first()
    if rule is None or label not in choosable_labels(story):
        raise ValueError(f"No editor's rule lets editors choose “{label}”.")
    if not reason.strip():
        raise ValueError("Say why the story carries this label.")
    with transaction.atomic():
        row, _ = StoryLabel.objects.update_or_create(
            story=story,
            rule=rule,
            entity=None,
            defaults={
                "label": label,
                "reason": reason.strip(),
                "applied_by": user,
                "applied_at": timezone.now(),
            },
        )
        log(
            instance=story,
            action=LABEL_CHOSEN,
            user=user,
            data={"label": label.name, "reason": reason.strip(), "chosen": True},
        )
        if (live := _live(story)) is not None:
            story_change_record(story=live, kind=StoryChange.Kind.LABELS)
    return row


def story_label_unchoose(*, story: Story, label: Label, reason: str, user: Any) -> None:
    with transaction.atomic():
        deleted, _ = StoryLabel.objects.filter(
            story=story, label=label, rule__kind=LabelRule.Kind.EDITOR
        ).delete()
        if deleted:
            log(
                instance=story,
                action=LABEL_CHOSEN,
                user=user,
                data={"label": label.name, "reason": reason.strip(), "chosen": False},
            )
            if (live := _live(story)) is not None:
                story_change_record(story=live, kind=StoryChange.Kind.LABELS)


def mention_decide(
    *,
    story: Story,
    entity: RegistryEntity,
    is_mention: bool,
    reason: str,
    user: Any,
) -> MentionDecision:
    """An editor says whether `story` mentions `entity` (a candidate flagged for review, or a
    label they disagree with), with the reason; a live story's labels follow at once."""
    if not reason.strip():
        raise ValueError("Say why.")
    with transaction.atomic():
        decision, _ = MentionDecision.objects.update_or_create(
            story=story,
            entity=entity,
            defaults={"is_mention": is_mention, "reason": reason.strip(), "user": user},
        )
        log(
            instance=story,
            action=MENTION_DECIDED,
            user=user,
            data={"entity": entity.name, "is_mention": is_mention, "reason": reason.strip()},
        )
        if (live := _live(story)) is not None:
            story_labels_apply(story=live)
    return decision

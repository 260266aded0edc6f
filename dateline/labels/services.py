"""Writes of the label rules: a story's labels brought in line with the rules (at publication,
and when a registry entry or a rule changes), an editor's choice of a label, and an editor's
decision on a mention. Each change of a story's labels goes into its history; outside a
publication it is a change in the outbox too, so every surface follows it."""

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

from .applying import LabelsChange, Plan, carried_labels, plans_write
from .mentions import story_mentions
from .models import Label, LabelRule, MentionDecision, RegistryEntity, StoryLabel
from .rules import StoryFacts, labels_due, rules_in_force

LABEL_CHOSEN = "dateline.labels.chosen"
MENTION_DECIDED = "dateline.labels.decided"


def edition_day(edition: Edition, at: datetime | None = None) -> date:
    """The day in the edition's zone: rules and registry dates are days there."""
    return local_time(at or timezone.now(), edition).date()


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
    if edition is None:
        return LabelsChange()
    day = edition_day(edition, at)
    rules = rules_in_force(day) if rules is None else rules
    decisions = {d.entity_id: d for d in MentionDecision.objects.filter(story=story)}
    due = labels_due(
        facts=StoryFacts.of(story, edition, rules),
        rules=rules,
        mentions=story_mentions(story, edition.language, day),
        decisions=decisions,
    )
    plan = Plan(story, {d.key: d for d in due}, carried_labels([story.pk])[story.pk])
    return plans_write([plan], record_change=record_change).get(story.pk, LabelsChange())


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

"""Relabelling the archive after a registry entry or a rule changes, in the background: the
worker walks the live stories by id in batches, outside any long transaction (publishing goes
on), brings the labels within the relabelling's scope in line, writing a batch's differences
at once, and records how far it has got, so the admin shows progress and a restarted worker
resumes where it stopped.

What a batch looks at closely depends on the scope:
- one registry entry: the stories whose text holds a stem of one of its names (read as plain
  columns, not model instances) or that carry its label;
- one rule: the stories it targets (of an edition, by an author, with a region or topic: the
  database finds them) or that carry its label; a source or mention rule reads every story;
- every registry entry (a registry imported whole) or every rule: every story.

Deleting a rule or an entry needs no pass: the stories that carried its labels say so at
once (applying.stories_dropping_labels)."""

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from dateline.editions.registry import all_editions, edition_for_locale
from dateline.language.folding import fold
from dateline.stories.models import Story, StoryChange
from dateline.stories.outbox import story_changes_record

from .applying import WRITTEN_FIELDS, Plan, carried_labels, plans_write
from .mentions import story_mentions
from .models import (
    DayChecked,
    Label,
    LabelRule,
    MentionDecision,
    Placement,
    RegistryEntity,
    Relabelling,
    StoryLabel,
)
from .rules import StoryFacts, labels_due, rules_in_force, undecided
from .services import edition_day

log = logging.getLogger(__name__)

BATCH = 1000
RUN_SECONDS = 10.0  # one turn of the background loop, then it looks for newer work
LOOP_SECONDS = 2.0
KEEP_IDS = 1000  # of the stories changed and flagged, for the admin's lists
TEXT_FIELDS = ("headline", "lead", "lead_photo_caption", "body")
Scope = Relabelling.Scope
_WORD = re.compile(r"\w+")
_deferred: ContextVar[list[RegistryEntity] | None] = ContextVar("deferred", default=None)


def relabelling_start(
    *,
    reason: str,
    scope: str,
    entity: RegistryEntity | None = None,
    rule: LabelRule | None = None,
) -> Relabelling:
    """A relabelling for the background loop to run once the current transaction commits; an
    unfinished one of the same scope and subject is taken over."""
    unfinished = Relabelling.objects.filter(
        finished_at__isnull=True, scope=scope, entity=entity, rule=rule
    )
    for old in unfinished:
        old.finished_at = timezone.now()
        old.reason = f"{old.reason} (superseded)"
        old.save(update_fields=["finished_at", "reason"])
    total = Story.objects.filter(live=True).count()
    return Relabelling.objects.create(
        reason=reason[:300], scope=scope, entity=entity, rule=rule, total=total
    )


def rule_passes_start(reason: str) -> list[Relabelling]:
    """A pass of every rule (editors' choices aside) for stories that arrived without being
    published, as a bulk load's do: the worker gives them their labels."""
    rules = LabelRule.objects.exclude(kind=LabelRule.Kind.EDITOR).order_by("pk")
    return [
        relabelling_start(reason=f"{reason}: {rule}", scope=Scope.RULE, rule=rule) for rule in rules
    ]


def entity_changed(entity: RegistryEntity, verb: str) -> None:
    """A registry entry was added or changed: its mentions in the archive are looked for again
    (once for a whole import, see relabellings_deferred)."""
    pending = _deferred.get()
    if pending is not None:
        pending.append(entity)
        return
    relabelling_start(
        reason=f"Registry entry {verb}: {entity.name}", scope=Scope.ENTITY, entity=entity
    )


@contextmanager
def relabellings_deferred() -> Iterator[None]:
    """Registry entries saved inside start one relabelling at the end rather than one each: a
    registry imported whole is one pass over the archive, not one per entry."""
    token = _deferred.set([])
    try:
        yield
        entities = _deferred.get() or []
    finally:
        _deferred.reset(token)
    if len(entities) == 1:
        entity_changed(entities[0], "imported")
    elif entities:
        relabelling_start(
            reason=f"Registry imported: {len(entities)} entries added or changed",
            scope=Scope.MENTIONS,
        )


def name_stems(entity: RegistryEntity) -> tuple[str, ...]:
    """Lower-case, ё-folded beginnings of each of the entity's names that every inflected form
    of the name keeps: the longest word of each name, less its last three letters (an
    abbreviation whole)."""
    stems = set()
    for name in (entity.name, *entity.aliases):
        words = _WORD.findall(fold(name).lower())
        if not words:
            continue
        longest = max(words, key=len)
        stems.add(longest if len(longest) <= 4 else longest[: max(4, len(longest) - 3)])
    return tuple(sorted(stems))


def _body_text(raw: str) -> str:
    """The body's stored JSON as searchable text: SQLite keeps it with every non-ASCII letter
    escaped (\\uXXXX), PostgreSQL as it is."""
    return raw.encode("ascii").decode("unicode_escape") if raw.isascii() else raw


def _holds_any(text: str, stems: tuple[str, ...]) -> bool:
    text = fold(text).lower()
    return any(stem in text for stem in stems)


def _naming(live: QuerySet, entity: RegistryEntity) -> tuple[list[int], list[int]]:
    """The next batch's ids, and those whose text holds a stem of one of the entry's names."""
    rows = list(
        live.values_list("pk", "headline", "lead", "lead_photo_caption", Cast("body", TextField()))[
            :BATCH
        ]
    )
    stems = name_stems(entity)
    naming = [
        pk
        for pk, headline, lead, caption, body in rows
        if _holds_any(f"{headline} {lead} {caption} {_body_text(body)}", stems)
    ]
    return [row[0] for row in rows], naming


def _targeted(rule: LabelRule, ids: list[int]) -> list[int]:
    """Of `ids`, the stories `rule` may apply to, as far as the database can tell."""
    stories = Story.objects.filter(pk__in=ids)
    if rule.edition is not None:
        stories = stories.filter(locale_id=rule.edition.locale_id)
    match rule.kind:
        case LabelRule.Kind.AUTHOR:
            key = rule.author.translation_key if rule.author else None
            stories = stories.filter(byline__author__translation_key=key)
        case LabelRule.Kind.REGION:
            key = rule.region.translation_key if rule.region else None
            stories = stories.filter(regions__translation_key=key)
        case LabelRule.Kind.TOPIC:
            key = rule.topic.translation_key if rule.topic else None
            stories = stories.filter(topics__translation_key=key)
        case LabelRule.Kind.MENTION:
            if not RegistryEntity.objects.filter(kind_id=rule.entity_kind_id).exists():
                return []
    return list(stories.values_list("pk", flat=True).distinct())


def _batch(relabelling: Relabelling) -> tuple[list[int], list[int]]:
    """The next batch's story ids and, of them, those whose labels the relabelling may
    change."""
    live = Story.objects.filter(live=True, pk__gt=relabelling.last_story_id).order_by("pk")
    entity, rule = relabelling.entity, relabelling.rule
    if relabelling.scope == Scope.ENTITY and entity is not None:
        ids, concerned = _naming(live, entity)
        carrying = StoryLabel.objects.filter(entity=entity)
    else:
        ids = list(live.values_list("pk", flat=True)[:BATCH])
        if relabelling.scope != Scope.RULE or rule is None:
            return ids, ids
        concerned = _targeted(rule, ids)
        carrying = StoryLabel.objects.filter(rule=rule)
    carrying_ids = carrying.filter(story_id__in=ids).values_list("story_id", flat=True)
    return ids, sorted({*concerned, *carrying_ids})


def _in_scope(relabelling: Relabelling, rules: list[LabelRule]) -> list[LabelRule]:
    match relabelling.scope:
        case Scope.ENTITY:
            kind_id = relabelling.entity.kind_id if relabelling.entity else None
            return [r for r in rules if r.kind == r.Kind.MENTION and r.entity_kind_id == kind_id]
        case Scope.RULE:
            return [r for r in rules if r.pk == relabelling.rule_id]
        case Scope.MENTIONS:
            return [r for r in rules if r.kind == r.Kind.MENTION]
    return rules


def _carried_scope(relabelling: Relabelling) -> Q:
    match relabelling.scope:
        case Scope.ENTITY:
            return Q(entity_id=relabelling.entity_id)
        case Scope.RULE:
            return Q(rule_id=relabelling.rule_id)
        case Scope.MENTIONS:
            return Q(entity__isnull=False)
    return Q()


def _stories(relabelling: Relabelling, ids: list[int]) -> list[Story]:
    """The live stories of `ids`, with the fields this relabelling reads."""
    stories = Story.objects.filter(pk__in=ids, live=True).order_by("pk")
    rule = relabelling.rule
    if relabelling.scope == Scope.ALL or (
        relabelling.scope == Scope.RULE and rule is not None and rule.kind != rule.Kind.EDITION
    ):
        return list(stories)
    if relabelling.scope == Scope.RULE:
        return list(stories.only(*WRITTEN_FIELDS))
    return list(stories.only(*WRITTEN_FIELDS, *TEXT_FIELDS))


def _plans(relabelling: Relabelling, stories: list[Story]) -> tuple[list[Plan], list[int]]:
    """The plans for `stories`, and those of them with a name flagged for review that no
    editor has decided on."""
    ids = [story.pk for story in stories]
    carried = carried_labels(ids, _carried_scope(relabelling))
    decisions: dict[int, dict[int, MentionDecision]] = {pk: {} for pk in ids}
    for decision in MentionDecision.objects.filter(story_id__in=ids):
        decisions[decision.story_id][decision.entity_id] = decision
    rules_by_day: dict = {}
    plans, flagged = [], []
    for story in stories:
        edition = edition_for_locale(story.locale_id)
        if edition is None:
            continue
        day = edition_day(edition)
        if day not in rules_by_day:
            rules_by_day[day] = _in_scope(relabelling, rules_in_force(day))
        rules = rules_by_day[day]
        mentions = []
        if any(rule.kind == LabelRule.Kind.MENTION for rule in rules):
            mentions = story_mentions(story, edition.language, day)
            if relabelling.scope == Scope.ENTITY:
                mentions = [m for m in mentions if m.entity.pk == relabelling.entity_id]
        due = labels_due(
            facts=StoryFacts.of(story, edition, rules),
            rules=rules,
            mentions=mentions,
            decisions=decisions[story.pk],
        )
        plans.append(Plan(story, {d.key: d for d in due}, carried[story.pk]))
        if undecided(mentions, decisions[story.pk]):
            flagged.append(story.pk)
    return plans, flagged


def _finish(relabelling: Relabelling) -> bool:
    Relabelling.objects.filter(pk=relabelling.pk).update(finished_at=timezone.now())
    return False


def relabelling_step(relabelling: Relabelling) -> bool:
    """One batch of `relabelling`; whether there is more."""
    scope = relabelling.scope
    if (scope == Scope.ENTITY and relabelling.entity is None) or (
        scope == Scope.RULE and relabelling.rule is None
    ):
        return _finish(relabelling)  # deleted since: its stories said so then
    ids, concerned = _batch(relabelling)
    if not ids:
        return _finish(relabelling)
    plans, flagged = _plans(relabelling, _stories(relabelling, concerned))
    changed = sorted(plans_write(plans))
    relabelling.changed_ids += changed[: max(0, KEEP_IDS - len(relabelling.changed_ids))]
    relabelling.flagged_ids += flagged[: max(0, KEEP_IDS - len(relabelling.flagged_ids))]
    relabelling.last_story_id = ids[-1]
    Relabelling.objects.filter(pk=relabelling.pk).update(
        scanned=F("scanned") + len(ids),
        changed=F("changed") + len(changed),
        changed_ids=relabelling.changed_ids,
        flagged=F("flagged") + len(flagged),
        flagged_ids=relabelling.flagged_ids,
        last_story_id=relabelling.last_story_id,
    )
    return True


def dated_changes_start() -> None:
    """Registry entries and rules take effect and lapse on days of their own: once an edition's
    day has turned, the passes for what is dated that day start, once per edition and day (a
    pass reads each story's day in its own edition; editions turning together share one)."""
    entities: dict[int, RegistryEntity] = {}
    rules: dict[int, LabelRule] = {}
    for edition in all_editions():
        today = edition_day(edition)
        checked = DayChecked.objects.filter(edition=edition).order_by("-day").first()
        if checked is not None and checked.day >= today:
            continue
        _, first = DayChecked.objects.get_or_create(edition=edition, day=today)
        if not first:
            continue  # another process took this day
        since = checked.day + timedelta(days=1) if checked is not None else today
        days = (since, today)
        dated = Q(designated_on__range=days) | Q(removed_on__range=days)
        entities |= {entity.pk: entity for entity in RegistryEntity.objects.filter(dated)}
        dated = Q(starts_on__range=days) | Q(ends_on__range=days)
        rules |= {
            rule.pk: rule
            for rule in LabelRule.objects.exclude(kind=LabelRule.Kind.EDITOR).filter(dated)
        }
    for entity in entities.values():
        reason = f"Registry entry dated today: {entity.name}"
        relabelling_start(reason=reason, scope=Scope.ENTITY, entity=entity)
    for rule in rules.values():
        relabelling_start(reason=f"Label rule dated today: {rule}", scope=Scope.RULE, rule=rule)
    if any(rule.kind == LabelRule.Kind.EDITION for rule in rules.values()):
        edition_banners_sync()


def relabellings_run(seconds: float = RUN_SECONDS) -> None:
    """Starts the passes for what is dated today, then works through unfinished relabellings,
    oldest first, for about `seconds`."""
    dated_changes_start()
    deadline = timezone.now().timestamp() + seconds
    while timezone.now().timestamp() < deadline:
        relabelling = (
            Relabelling.objects.filter(finished_at__isnull=True)
            .select_related("entity__kind", "rule__label", "rule__edition")
            .select_related("rule__author", "rule__region", "rule__topic")
            .order_by("started_at", "pk")
            .first()
        )
        if relabelling is None:
            return
        while timezone.now().timestamp() < deadline and relabelling_step(relabelling):
            pass


def label_stories_touch(label_id: int) -> None:
    """A label's wording or presentation changed: every story carrying it changed as
    published, and a banner's edition too."""
    with transaction.atomic():
        ids = StoryLabel.objects.filter(label_id=label_id).values_list("story_id", flat=True)
        stories = Story.objects.filter(pk__in=ids, live=True).only("id", "locale_id", "notes")
        story_changes_record(stories=list(stories), kind=StoryChange.Kind.LABELS)
        edition_banners_sync()


def edition_banners_sync() -> None:
    """Writes each edition's site-wide banner from the banner labels whose edition rules are in
    force today (the pages print the edition's banner on every page)."""
    banners = (
        LabelRule.objects.filter(kind=LabelRule.Kind.EDITION, label__placement=Placement.BANNER)
        .select_related("label")
        .prefetch_related("label__texts")
    )
    for edition in all_editions():
        day = edition_day(edition)
        texts = []
        for rule in banners:
            if rule.edition_id == edition.pk and rule.is_in_force(day):
                label: Label = rule.label
                language = label.fixed_language or edition.language
                text = next((t.text for t in label.texts.all() if t.language == language), "")
                if text and (text := text.upper() if label.upper_case else text) not in texts:
                    texts.append(text)
        banner = "\n".join(texts)
        if banner != edition.label_banner:
            edition.label_banner = banner
            edition.save(update_fields=["label_banner"])

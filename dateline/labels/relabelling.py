"""Relabelling the archive after a registry entry or a rule changes, in the background: the
worker walks the live stories by id in batches, outside any long transaction (publishing goes
on), brings the labels of each story concerned in line, and records how far it has got, so the
admin shows progress and a restarted worker resumes where it stopped.

For one entry, only the stories whose text holds a stem of one of its names (or that carry its
label) are looked at closely; a rule's change looks at every story."""

import json
import logging
import re
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dateline.editions.registry import all_editions, edition_for_locale
from dateline.language.folding import fold
from dateline.stories.models import Story, StoryChange
from dateline.stories.outbox import story_changes_record

from .models import Label, LabelRule, Placement, RegistryEntity, Relabelling, StoryLabel
from .rules import rules_in_force
from .services import edition_day, story_labels_apply

log = logging.getLogger(__name__)

BATCH = 1000
RUN_SECONDS = 10.0  # one turn of the background loop, then it looks for newer work
LOOP_SECONDS = 2.0
KEEP_CHANGED_IDS = 1000
STORY_FIELDS = (
    "id",
    "locale_id",
    "live",
    "headline",
    "lead",
    "lead_photo_caption",
    "body",
    "sources",
    "notes",
)
_WORD = re.compile(r"\w+")


def relabelling_start(*, reason: str, entity: RegistryEntity | None) -> Relabelling:
    """A relabelling for the background loop to run once the current transaction commits; an
    unfinished one for the same entry (or for every story) is taken over."""
    unfinished = Relabelling.objects.filter(finished_at__isnull=True, entity=entity)
    for old in unfinished:
        old.finished_at = timezone.now()
        old.reason = f"{old.reason} (superseded)"
        old.save(update_fields=["finished_at", "reason"])
    total = Story.objects.filter(live=True).count()
    return Relabelling.objects.create(reason=reason[:300], entity=entity, total=total)


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


def _story_text(story: Story) -> str:
    parts = [story.headline, story.lead, story.lead_photo_caption]
    parts += [json.dumps(raw["value"], ensure_ascii=False) for raw in story.body.raw_data]
    return fold(" ".join(parts)).lower()


def _concerned(
    stories: list[Story], relabelling: Relabelling, stems: tuple[str, ...]
) -> Iterable[Story]:
    if relabelling.entity_id is None:
        return stories
    labelled = set(
        StoryLabel.objects.filter(
            story_id__in=[s.pk for s in stories], entity_id=relabelling.entity_id
        ).values_list("story_id", flat=True)
    )
    return (
        story for story in stories if story.pk in labelled or _holds_any(_story_text(story), stems)
    )


def _holds_any(text: str, stems: tuple[str, ...]) -> bool:
    return any(stem in text for stem in stems)


def relabelling_step(relabelling: Relabelling) -> bool:
    """One batch of `relabelling`; whether there is more."""
    stories = list(
        Story.objects.filter(live=True, pk__gt=relabelling.last_story_id)
        .order_by("pk")
        .only(*STORY_FIELDS)[:BATCH]
    )
    if not stories:
        Relabelling.objects.filter(pk=relabelling.pk).update(finished_at=timezone.now())
        return False
    entity = relabelling.entity
    stems = name_stems(entity) if entity is not None else ()
    rules_by_day: dict = {}
    changed = []
    for story in _concerned(stories, relabelling, stems):
        edition = edition_for_locale(story.locale_id)
        if edition is None:
            continue
        day = edition_day(edition)
        if day not in rules_by_day:
            rules_by_day[day] = rules_in_force(day)
        if story_labels_apply(story=story, rules=rules_by_day[day]):
            changed.append(story.pk)
    room = max(0, KEEP_CHANGED_IDS - len(relabelling.changed_ids))
    relabelling.changed_ids += changed[:room]
    relabelling.last_story_id = stories[-1].pk
    Relabelling.objects.filter(pk=relabelling.pk).update(
        scanned=F("scanned") + len(stories),
        changed=F("changed") + len(changed),
        changed_ids=relabelling.changed_ids,
        last_story_id=relabelling.last_story_id,
    )
    return True


def relabellings_run(seconds: float = RUN_SECONDS) -> None:
    """Works through unfinished relabellings, oldest first, for about `seconds`."""
    deadline = timezone.now().timestamp() + seconds
    while timezone.now().timestamp() < deadline:
        relabelling = (
            Relabelling.objects.filter(finished_at__isnull=True)
            .select_related("entity__kind")
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

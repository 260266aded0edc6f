"""Which registry entries a story mentions: its text as readers see it (headline, lead,
captions, body, quotes) run through one detector built from the whole registry, kept per
process until the registry changes."""

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max

from dateline.stories.document_text import story_texts
from dateline.stories.models import Story

from .detection import Detector, Entity, Mention
from .models import RegistryEntity

DETECTED_LANGUAGES = ("ru", "en")
_lock = threading.Lock()
_kept: tuple[tuple[object, ...], Detector, dict[int, RegistryEntity]] | None = None


def _registry_stamp() -> tuple[object, ...]:
    stamp = RegistryEntity.objects.aggregate(count=Count("id"), changed=Max("updated_at"))
    return (stamp["count"], stamp["changed"])


def registry_detector() -> tuple[Detector, dict[int, RegistryEntity]]:
    """The detector over every registry entry, and the entries by id; built again when an
    entry is added, changed or removed (one small query tells)."""
    global _kept
    stamp = _registry_stamp()
    with _lock:
        if _kept is None or _kept[0] != stamp:
            entities = {e.pk: e for e in RegistryEntity.objects.select_related("kind")}
            detector = Detector(Entity(e.pk, e.name, tuple(e.aliases)) for e in entities.values())
            _kept = (stamp, detector, entities)
        return _kept[1], _kept[2]


@dataclass(frozen=True)
class Found:
    """A mention in one piece of a story's text."""

    entity: RegistryEntity
    text: str
    review: bool
    piece: int  # which piece of story_texts
    start: int
    end: int


def is_listed(entity: RegistryEntity, day: date) -> bool:
    return entity.designated_on <= day and (entity.removed_on is None or day < entity.removed_on)


def story_mentions(story: Story, language: str, day: date | None = None) -> list[Found]:
    """Mentions of registry entries in `story`, in reading order; only of entries listed on
    `day` when one is given."""
    detector, entities = registry_detector()
    # Russian morphology for Russian; other languages match names as spelled, as in English.
    language = language if language in DETECTED_LANGUAGES else "en"
    found = []
    for piece, text in enumerate(story_texts(story)):
        if not text:
            continue
        mention: Mention
        for mention in detector.mentions(text, language):
            entity = entities[mention.entity]
            if day is None or is_listed(entity, day):
                found.append(
                    Found(entity, mention.text, mention.review, piece, mention.start, mention.end)
                )
    return found

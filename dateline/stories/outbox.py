"""The change outbox: one StoryChange row per change, written in the change's transaction, and
the reactions that follow it after commit, each from where it stopped.

A reaction is a function given the next changes in order; its position advances only when it
returns, in the same transaction, so a crash between a change and its reactions loses nothing
and a failing reaction is tried again from the same place: the story scheduler
(stories.schedule) lets every reaction catch up when it starts and every few seconds."""

import logging
from collections.abc import Callable, Iterable, Sequence
from uuid import UUID

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import Max, Q, Subquery, Value
from django.tasks import task

from .models import OutboxPosition, Story, StoryChange

log = logging.getLogger(__name__)

Reaction = Callable[[Sequence[StoryChange]], None]
BATCH = 500
CHANGE_WRITERS_LOCK = 0x5D07_C4A9  # any number no other advisory lock of this database uses

_reactions: dict[str, Reaction] = {}


def reaction_register(name: str, react: Reaction) -> None:
    _reactions[name] = react


def reactions_registered() -> list[str]:
    return list(_reactions)


def _corrections(story: Story) -> int:
    return sum(1 for note in story.notes.raw_data if note["type"] == "correction")


def _publication_kind(story: Story, corrections: int) -> str:
    if story.first_published_at == story.last_published_at:
        return StoryChange.Kind.PUBLISHED
    previous = (
        StoryChange.objects.filter(story_id=story.pk)
        .order_by("-id")
        .values_list("corrections", flat=True)
        .first()
    )
    if corrections > (previous or 0):
        return StoryChange.Kind.CORRECTED
    return StoryChange.Kind.UPDATED


def _in_commit_order() -> None:
    """Makes change ids follow commit order: readers move on by id, so a change must never
    become visible after a higher id has. PostgreSQL hands out ids before commit, so writers of
    changes take turns until they commit; SQLite's IMMEDIATE transactions already do."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_WRITERS_LOCK])


def story_change_record(*, story: Story, kind: str | None = None) -> StoryChange:
    """Records a change of `story` in the current transaction; `kind` None means it was just
    published (first publication, update or correction, told apart here)."""
    _in_commit_order()
    corrections = _corrections(story)
    change = StoryChange.objects.create(
        story_id=story.pk,
        locale_id=story.locale_id,
        kind=kind or _publication_kind(story, corrections),
        corrections=corrections,
    )
    transaction.on_commit(reactions_enqueue)
    return change


def story_changes_record(*, stories: Iterable[Story], kind: str) -> None:
    """Records one change for each of many stories (a photo or a tag they share changed)."""
    rows = [
        StoryChange(story_id=s.pk, locale_id=s.locale_id, kind=kind, corrections=_corrections(s))
        for s in stories
    ]
    if rows:
        _in_commit_order()
        StoryChange.objects.bulk_create(rows, batch_size=BATCH)
        transaction.on_commit(reactions_enqueue)


def changes_after(
    change_id: int, *, locale_ids: Iterable[int] | None = None, limit: int = BATCH
) -> list[StoryChange]:
    """The next changes after `change_id` in order, of these editions' locales (or all)."""
    changes = StoryChange.objects.filter(pk__gt=change_id).order_by("pk")
    if locale_ids is not None:
        changes = changes.filter(locale_id__in=list(locale_ids))
    return list(changes[:limit])


def latest_change_id() -> int:
    return StoryChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def latest_changes(
    *, story_ids: Iterable[int], translation_keys: Iterable[UUID]
) -> tuple[int, int]:
    """In one query: the latest change's id, and the latest of these stories or of any story
    sharing a translation key with them (their versions in other editions, also ones made
    later); 0 where there is none."""
    versions = Story.objects.filter(translation_key__in=list(translation_keys)).values("pk")
    of_these = (
        StoryChange.objects.filter(Q(story_id__in=list(story_ids)) | Q(story_id__in=versions))
        .order_by()
        # Grouped by a constant, which Django leaves out: one maximum over all rows.
        .values(one=Value(1))
        .values(latest=Max("pk"))
    )
    row = (
        StoryChange.objects.filter(
            pk=Subquery(StoryChange.objects.order_by("-pk").values("pk")[:1])
        )
        .annotate(of_these=Subquery(of_these))
        .values_list("pk", "of_these")
        .first()
    )
    return (row[0], row[1] or 0) if row else (0, 0)


def latest_changes_by_source(
    *, story_ids: Iterable[int], translation_keys: Iterable[UUID]
) -> tuple[dict[int, int], dict[UUID, int]]:
    """latest_changes for many documents' sources at once, in two queries: the latest change's
    id of each of these stories, and of each translation key (of any story sharing it); a
    source with no change is absent."""
    keys = list(translation_keys)
    versions = dict(
        Story.objects.filter(translation_key__in=keys).values_list("pk", "translation_key")
    )
    by_story = dict(
        StoryChange.objects.filter(story_id__in=[*story_ids, *versions])
        .order_by()
        .values("story_id")
        .annotate(latest=Max("pk"))
        .values_list("story_id", "latest")
    )
    by_key: dict[UUID, int] = {}
    for story_id, key in versions.items():
        if (latest := by_story.get(story_id)) is not None:
            by_key[key] = max(by_key.get(key, 0), latest)
    return by_story, by_key


def _react(name: str, react: Reaction) -> int:
    """Hands `react` its next batch; how many changes it handled (0: nothing left)."""
    with transaction.atomic():
        position, _created = OutboxPosition.objects.select_for_update().get_or_create(reaction=name)
        changes = changes_after(position.change_id)
        if not changes:
            return 0
        react(changes)
        position.change_id = changes[-1].pk
        position.save(update_fields=["change_id"])
        return len(changes)


def reactions_run() -> None:
    """Every reaction catches up with the outbox. One that fails is logged and tried again from
    the same change next time; the others go on."""
    for name, react in list(_reactions.items()):
        try:
            while _react(name, react) == BATCH:
                pass
        except Exception:
            log.exception("Reaction %r to story changes failed; it will resume there", name)


# On Dateline's own backend ("newsroom", settings.TASKS): run at once after commit in the
# committing process, or by `dateline worker` from the database queue in production.
@task(backend="newsroom")
def reactions_task() -> None:
    reactions_run()


def reactions_enqueue() -> None:
    reactions_task.enqueue()

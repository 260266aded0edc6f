"""Writing the search index: a story's terms into its entry (the database's full-text index
follows the entries by itself: triggers on SQLite, a stored column on PostgreSQL).

Every story of an edition has an entry, whatever its state, for the newsroom's searches; the
readers' pass the public gate. What readers may come to see is written by the outbox reaction
that follows the story's public changes (publication, correction, withdrawal), in its
transaction, so the index resumes where it stopped; a story saved without being published (a
draft, a scheduled or withdrawn story) is written as it is saved."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from dateline.editions.registry import edition_for_locale
from dateline.language.search_terms import text_terms
from dateline.stories.document_text import story_texts
from dateline.stories.models import Story, StoryChange

from .matching import text_search_config
from .models import Reindexing, SearchEntry

# What indexing reads of a story: its edition and the text a reader reads (story_texts).
INDEXED_FIELDS = ("id", "locale_id", "headline", "lead", "lead_photo_caption", "body")


def _entry(story: Story) -> SearchEntry | None:
    edition = edition_for_locale(story.locale_id)
    if edition is None:
        return None
    language = edition.language
    return SearchEntry(
        story_id=story.pk,
        config=text_search_config(language) or SearchEntry.config.field.default,
        headline_terms=" ".join(text_terms(story.headline, language)),
        # Below the headline: lead, captions, body and quotes.
        text_terms=" ".join(text_terms("\n".join(list(story_texts(story))[1:]), language)),
    )


def stories_index(stories: Iterable[Story]) -> int:
    """Writes (or writes again) the entries of these stories; how many."""
    entries = [entry for story in stories if (entry := _entry(story)) is not None]
    SearchEntry.objects.filter(story_id__in=[entry.story_id for entry in entries]).delete()
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def index_follow(changes: Sequence[StoryChange]) -> None:
    """The outbox reaction: each changed story indexed again (a deleted story's entry went
    with it)."""
    ids = list({change.story_id for change in changes})
    stories_index(Story.objects.filter(pk__in=ids).only(*INDEXED_FIELDS))


def story_saved(
    instance: Story, raw: bool = False, update_fields: frozenset[str] | None = None, **kwargs: Any
) -> None:
    """post_save of a story readers do not see: its entry written in the same transaction, so
    the newsroom finds a draft as soon as it is saved. (A live story is the outbox's.) A save
    of other fields only (a lock, a revision pointer) leaves the entry as it is."""
    if raw or instance.live:
        return
    if update_fields is None or not update_fields.isdisjoint(INDEXED_FIELDS):
        stories_index([instance])


REINDEX_BATCH = 1000


def reindex_step(reindexing: Reindexing) -> bool:
    """Indexes the next batch of stories of a rebuild, in its own short transaction (the
    site keeps serving and publishing); whether there is more."""
    with transaction.atomic():
        stories = list(
            Story.objects.filter(pk__gt=reindexing.last_story_id)
            .order_by("pk")
            .only(*INDEXED_FIELDS)[:REINDEX_BATCH]
        )
        if not stories:
            reindexing.finished_at = timezone.now()
            reindexing.save(update_fields=["finished_at"])
            return False
        stories_index(stories)
        reindexing.done += len(stories)
        reindexing.last_story_id = stories[-1].pk
        reindexing.save(update_fields=["done", "last_story_id"])
    return True


def reindexing_resumed(*, restart: bool) -> Reindexing:
    """The unfinished rebuild to go on with, or a new one (`restart` drops an unfinished one)."""
    unfinished = Reindexing.objects.filter(finished_at__isnull=True).order_by("-pk").first()
    if unfinished is not None and not restart:
        return unfinished
    Reindexing.objects.filter(finished_at__isnull=True).update(finished_at=timezone.now())
    return Reindexing.objects.create(total=Story.objects.count())

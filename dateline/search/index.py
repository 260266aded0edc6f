"""Writing the search index: a live story's terms into its entry (the database's full-text
index follows the entries by itself: triggers on SQLite, an expression index on PostgreSQL), in
the transaction of the outbox reaction that follows the story's changes (so the index
resumes where it stopped), and out again once it is no longer live."""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone

from dateline.editions.registry import edition_for_locale
from dateline.language.search_terms import text_terms
from dateline.stories.document_text import story_texts
from dateline.stories.models import Story, StoryChange

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
        headline_terms=" ".join(text_terms(story.headline, language)),
        # Below the headline: lead, captions, body and quotes.
        text_terms=" ".join(text_terms("\n".join(list(story_texts(story))[1:]), language)),
    )


def stories_unindex(story_ids: Sequence[int]) -> None:
    SearchEntry.objects.filter(story_id__in=story_ids).delete()


def stories_index(stories: Iterable[Story]) -> int:
    """Writes (or writes again) the entries of these live stories; how many."""
    entries = [entry for story in stories if (entry := _entry(story)) is not None]
    stories_unindex([entry.story_id for entry in entries])
    SearchEntry.objects.bulk_create(entries)
    return len(entries)


def index_follow(changes: Sequence[StoryChange]) -> None:
    """The outbox reaction: each changed story indexed again if it is live, taken out if not
    (withdrawn, unpublished, deleted)."""
    ids = list({change.story_id for change in changes})
    live = list(Story.objects.filter(pk__in=ids, live=True).only(*INDEXED_FIELDS))
    stories_index(live)
    stories_unindex(sorted(set(ids) - {story.pk for story in live}))


REINDEX_BATCH = 1000


def reindex_step(reindexing: Reindexing) -> bool:
    """Indexes the next batch of live stories of a rebuild, in its own short transaction (the
    site keeps serving and publishing); whether there is more."""
    with transaction.atomic():
        stories = list(
            Story.objects.filter(live=True, pk__gt=reindexing.last_story_id)
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
    return Reindexing.objects.create(total=Story.objects.filter(live=True).count())

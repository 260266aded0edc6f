"""The search index: one entry per story, its headline's and its text's search terms
(dateline.language.search_terms, in its edition's language). The database's own full-text
index reads them: an FTS5 table on SQLite, a GIN index over their tsvector on PostgreSQL (both
made by the migrations). Readers' searches still pass through the public gate."""

from django.db import models


class SearchEntry(models.Model):
    """Every story of an edition has one, whatever its state: the newsroom searches drafts too,
    and readers' searches pass the public gate."""

    story = models.OneToOneField(
        "stories.Story", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    headline_terms = models.TextField()
    text_terms = models.TextField()
    # PostgreSQL's text search configuration for the story's edition (matching.text_search_config).
    config = models.CharField(max_length=63, default="simple")

    class Meta:
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry of {self.story_id}"


class Reindexing(models.Model):
    """A rebuild of the index by `dateline reindex`: where it has got, so a stopped one
    resumes."""

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    last_story_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"reindexing {self.done} of {self.total}"

from django.db import models


class SitemapPage(models.Model):
    """Where one page of an edition's story sitemap starts: at a story's place in the edition's
    (published time, id) order. The pages of an edition run from each start to the next; the
    lowest one also takes every story dated before its start (dateline.syndication.sitemaps.pages).
    Starts are only added or dropped, never moved, so a page's address keeps naming the same
    stretch of the archive."""

    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField()
    story_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "starts_at", "story_id"], name="sitemap_page_start_unique"
            )
        ]

    def __str__(self) -> str:
        return f"sitemap page from {self.starts_at:%Y-%m-%d %H:%M} ({self.story_id})"

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from anyascii import anyascii
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Greatest
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PublishingPanel
from wagtail.fields import StreamField
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    PreviewableMixin,
    RevisionMixin,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from dateline.core.publishing import PublishesAtomically
from dateline.editions.links import story_url
from dateline.editions.reader_pages import reader_context
from dateline.editions.registry import edition_for_locale
from dateline.stories.blocks import (
    SourceBlock,
    StoryBodyBlock,
    StoryNotesBlock,
    body_with_safe_html,
)
from dateline.stories.forms import StoryForm
from dateline.stories.panels import FormPartsPanel

if TYPE_CHECKING:
    from dateline.editions.models import Edition


class TranslationKind(models.TextChoices):
    FULL = "full", _("full translation")
    ABRIDGED = "abridged", _("abridged translation")


class StoryQuerySet(models.QuerySet["Story"]):
    def public(
        self,
        *editions: "Edition",
        at: datetime | None = None,
        published_by: datetime | None = None,
    ) -> "StoryQuerySet":
        """The gate: what a reader or subscriber of these editions may see at `at` (now).

        Only the live version of each story (draft changes live in revisions, never in these
        rows), and none that is a draft, withdrawn, expired, deleted, of another edition, or
        dated later than `at` (scheduled, embargoed, or imported with a future time).

        `published_by` narrows it to stories published by then (an archive day, a cursor):
        one upper bound on the publication time, so that the database's index range stops
        there rather than at `at` (SQLite uses only one of two upper bounds)."""
        at = at or timezone.now()
        bound = at if published_by is None else min(at, published_by)
        locale_ids = [edition.locale_id for edition in editions]
        return self.filter(
            live=True,
            # Equality for one edition: the (locale, time) index then serves the order too.
            **(
                {"locale_id": locale_ids[0]}
                if len(locale_ids) == 1
                else {"locale_id__in": locale_ids}
            ),
            first_published_at__lte=bound,
        ).exclude(expire_at__lte=at)

    def embargoed(self, *editions: "Edition", at: datetime | None = None) -> "StoryQuerySet":
        """The gate's named variant for subscribers allowed embargoed material early: stories of
        these editions published under an embargo that has not ended at `at` (now). Readers
        see each at its `embargo_until`, when `public` lets it through."""
        at = at or timezone.now()
        return self.filter(
            live=True,
            locale_id__in=[edition.locale_id for edition in editions],
            embargo_until__gt=at,
            first_published_at__gt=at,
        ).exclude(expire_at__lte=at)

    def withdrawn(self, *editions: "Edition") -> "StoryQuerySet":
        """The gate's other side: stories of these editions that were taken down by a
        withdrawal (legal kill), for the notice that replaces their page and for subscribers
        who had them. Only their ids, editions and withdrawal times are for readers' eyes."""
        return self.filter(
            live=False,
            withdrawn_at__isnull=False,
            locale_id__in=[edition.locale_id for edition in editions],
        ).only("id", "locale_id", "withdrawn_at")


class Story(
    PublishesAtomically,
    WorkflowMixin,
    DraftStateMixin,
    LockableMixin,
    RevisionMixin,
    PreviewableMixin,
    TranslatableMixin,
    index.Indexed,
    ClusterableModel,
):
    """A news story. Not a page: routed by id, so a million of them cost no tree."""

    headline = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(max_length=100, editable=False, blank=True)
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("The standfirst under the headline.")
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("body"))
    lead_photo = models.ForeignKey(
        "photos.Photo",
        verbose_name=_("lead photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_photo_caption = models.TextField(
        _("lead photo caption"), blank=True, help_text=_("Empty: the photo's default caption.")
    )
    regions = ParentalManyToManyField(
        "taxonomy.RegionPage", blank=True, related_name="stories", verbose_name=_("regions")
    )
    topics = ParentalManyToManyField(
        "taxonomy.TopicPage", blank=True, related_name="stories", verbose_name=_("topics")
    )
    sources = StreamField([("source", SourceBlock())], blank=True, verbose_name=_("sources"))
    notes = StreamField(
        StoryNotesBlock(), blank=True, verbose_name=_("update and correction notes")
    )
    translation_of = models.ForeignKey(
        "self",
        verbose_name=_("translation of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        help_text=_("The original story in another edition, if this story translates it."),
    )
    translation_kind = models.CharField(
        _("kind of translation"), max_length=10, choices=TranslationKind.choices, blank=True
    )
    translator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("translator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who translates it: the story is in their queue on the translation desk."),
    )
    # The original's published revision this translation follows: made from it, or checked
    # against it since. A later publication of the original makes the translation stale.
    translated_from = models.ForeignKey(
        "wagtailcore.Revision",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    external_id = models.CharField(
        _("external id"), max_length=100, blank=True, editable=False, db_index=True
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "Publish now, but hold the story from readers until this time; subscribers allowed "
            "embargoed material receive it at once, marked with the time. Unlike a go-live "
            "time, which keeps the story unpublished until then."
        ),
    )
    # A withdrawal (legal kill): when and why, kept while the story stays down.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    objects = StoryQuerySet.as_manager()

    base_form_class = StoryForm
    panels = [
        FieldPanel("headline", required_on_save=True),
        FieldPanel("lead"),
        MultiFieldPanel(
            [FieldPanel("lead_photo"), FieldPanel("lead_photo_caption")], heading=_("Lead photo")
        ),
        FieldPanel("body"),
        InlinePanel("byline", label=_("Authors")),
        FieldPanel("regions"),
        FieldPanel("topics"),
        FieldPanel("sources"),
        FieldPanel("notes"),
        MultiFieldPanel(
            [
                FieldPanel("translation_of"),
                FieldPanel("translation_kind"),
                FieldPanel("translator"),
            ],
            heading=_("Translation"),
        ),
        MultiFieldPanel([FieldPanel("embargo_until")], heading=_("Embargo")),
        FormPartsPanel(heading=_("Checks")),
        PublishingPanel(),
    ]

    search_fields = [
        index.SearchField("headline", boost=3),
        index.AutocompleteField("headline"),
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("locale"),
        index.FilterField("live"),
        index.FilterField("first_published_at"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="story_external_id_unique",
            )
        ]
        indexes = [
            # Newest first per edition; with expire_at, the public gate's columns all, so a
            # search's list of what readers may see is read from the index alone.
            models.Index(
                fields=["locale", "-first_published_at", "-id", "expire_at"],
                condition=models.Q(live=True),
                name="story_live_newest",
            ),
            # The scheduler asks twice a second which live stories have expired; only live
            # stories with an expiry are in it (made by migration 0005, declared since 0008 so
            # that SQLite's rebuilds of the table keep it).
            models.Index(
                fields=["expire_at"],
                condition=models.Q(live=True, expire_at__isnull=False),
                name="story_live_expiring",
            ),
            # Subscribers sync by "changed since": a story changes when it is published again
            # or when its embargo ends (which moves its first-published time).
            models.Index(
                models.F("locale"),
                Greatest("first_published_at", "last_published_at"),
                models.F("id"),
                condition=models.Q(live=True),
                name="story_live_changed",
            ),
            models.Index(
                fields=["locale", "withdrawn_at", "id"],
                condition=models.Q(live=False, withdrawn_at__isnull=False),
                name="story_withdrawn",
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def clean(self) -> None:
        super().clean()
        if self.locale_id and self.edition is None:
            raise ValidationError(_("No edition publishes in this language."))
        self._embargo_check()
        original = self.translation_of
        if original is None:
            if self.translation_kind:
                raise ValidationError(
                    {"translation_of": _("Choose the original story of this translation.")}
                )
            return
        if self.pk and original.pk == self.pk:
            raise ValidationError({"translation_of": _("A story cannot translate itself.")})
        if original.locale_id == self.locale_id:
            raise ValidationError(
                {"translation_of": _("The original must be a story of another edition.")}
            )
        if original.translation_of_id is not None:
            raise ValidationError(
                {"translation_of": _("That story is itself a translation; choose its original.")}
            )
        if not self.translation_kind:
            raise ValidationError(
                {"translation_kind": _("Say whether this is a full or an abridged translation.")}
            )
        clash = (
            Story.objects.filter(translation_key=original.translation_key, locale_id=self.locale_id)
            .exclude(pk=self.pk)
            .first()
        )
        if clash is not None:
            raise ValidationError(
                {
                    "translation_of": _("This edition already has a version of that story: %(s)s")
                    % {"s": clash.headline}
                }
            )

    def _stored_times(self) -> dict | None:
        if self.pk is None:
            return None
        return (
            Story.objects.filter(pk=self.pk).values("first_published_at", "embargo_until").first()
        )

    def _embargo_check(self) -> None:
        embargo = self.embargo_until
        if embargo is None:
            return
        now = timezone.now()
        if self.go_live_at is not None and self.go_live_at > now:
            raise ValidationError(
                {
                    "embargo_until": _(
                        "A story waits either for its go-live time (unpublished until then) or "
                        "for its embargo to end (published to subscribers, held from readers). "
                        "Clear one of the two."
                    )
                }
            )
        stored = self._stored_times() or {}
        if embargo == stored.get("embargo_until"):
            return
        seen = stored.get("first_published_at")
        if seen is not None and seen <= now:
            raise ValidationError(
                {
                    "embargo_until": _(
                        "Readers have seen this story already: no embargo can hold it."
                    )
                }
            )
        if embargo <= now:
            raise ValidationError({"embargo_until": _("An embargo must end in the future.")})

    def _hold_for_embargo(self) -> None:
        """A story published under an embargo is live, dated at the embargo's end: the gate hides
        it until then, and the scheduler announces it when the time comes. Moving the embargo
        before its end moves the date; clearing it lets the story out now; a story readers have
        seen keeps its first-published time."""
        now = timezone.now()
        stored = self._stored_times() or {}
        seen = stored.get("first_published_at")
        if seen is not None and seen <= now:
            return
        if self.embargo_until is not None and self.embargo_until > now:
            self.first_published_at = self.embargo_until
        elif stored.get("embargo_until") is not None and seen is not None:
            # Lifted early: out now, at the time of this publication, so that its change is
            # recorded as the story's publication (stories.outbox).
            self.first_published_at = self.last_published_at or now

    def save(self, *args, **kwargs) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None:  # Wagtail's own partial saves leave content alone.
            held = self.first_published_at and self.first_published_at > timezone.now()
            if self.live and (self.embargo_until is not None or held):
                self._hold_for_embargo()
            self.slug = slugify(anyascii(self.headline))[:100].strip("-") or "story"
            self.body = body_with_safe_html(self.body)
            if self.translation_of is not None:
                self.translation_key = self.translation_of.translation_key
            elif self._was_translation():
                self.translation_key = uuid.uuid4()  # unlinked: a story of its own now
        super().save(*args, **kwargs)

    def _was_translation(self) -> bool:
        """Whether this story, no longer linked to an original, still shares its key."""
        return (
            self.pk is not None
            and Story.objects.filter(translation_key=self.translation_key, translation_of=None)
            .exclude(pk=self.pk)
            .exists()
        )

    @property
    def published_at(self) -> datetime | None:
        return self.first_published_at

    @property
    def is_embargoed(self) -> bool:
        """Published under an embargo that has not ended: subscribers may have it, readers not."""
        return (
            self.live
            and self.embargo_until is not None
            and self.first_published_at is not None
            and self.first_published_at > timezone.now()
        )

    @property
    def edition(self) -> "Edition | None":
        return edition_for_locale(self.locale_id)

    @property
    def url(self) -> str:
        """The story's absolute address in its edition (empty for an edition deleted since)."""
        edition = self.edition
        return story_url(edition, self.pk, self.slug) if edition is not None else ""

    def get_preview_template(self, request: HttpRequest, mode_name: str) -> str:
        return "site/story_page.html"

    def get_preview_context(self, request: HttpRequest, mode_name: str) -> dict:
        # The reader site renders the page; it registers how (a lower room never imports it).
        request.edition = self.edition  # type: ignore[attr-defined]
        return reader_context(self, request)

    def copy_for_translation(self, locale, exclude_fields=None):
        """An unpublished copy in `locale` that knows its original, tagged with that edition's
        versions of the regions, topics and authors (Wagtail's Translate action calls this)."""
        copy = super().copy_for_translation(locale, exclude_fields=exclude_fields)
        copy.translation_of = self
        copy.translation_kind = TranslationKind.FULL
        copy.external_id = ""
        copy.translator = None
        copy.translated_from = self.live_revision  # what the translator works from
        copy.withdrawn_at, copy.withdrawal_reason = None, ""
        copy.live = False
        copy.has_unpublished_changes = True
        copy.first_published_at = copy.last_published_at = copy.live_revision = None
        copy.latest_revision = None
        copy.regions = [
            r for r in (p.get_translation_or_none(locale) for p in self.regions.all()) if r
        ]
        copy.topics = [
            t for t in (p.get_translation_or_none(locale) for p in self.topics.all()) if t
        ]
        copy.byline = [
            type(credit)(author=author)
            for credit in self.byline.all()
            if (author := credit.author.get_translation_or_none(locale)) is not None
        ]
        return copy

import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, Page

from dateline.core.wording import WordingValidator

from .branding import contrast_ratio, is_hex_colour, validate_hex_colour, validate_svg_logo
from .reader_pages import reader_context

# Readers see WCAG AA body-text contrast: white on the accent (buttons, the live banner), and the
# masthead's text on its background.
MIN_CONTRAST = 4.5
# Inside the media folder that is served to everyone (dateline.photos.views.PUBLIC_FOLDER).
LOGO_FOLDER = "images/branding/"

# Paths that Dateline routes itself, so neither an edition nor a section may take them.
RESERVED_SLUGS = frozenset(
    {
        "admin",
        "static",
        "media",
        "news",
        "archive",
        "documents",
        "feeds",
        "api",
        "search",
        "authors",
    }
)


# What each wording may say; the fillers (stories.document, stories.translation_note) give these.
CREDIT_OWN_PLACEHOLDERS = ("credit", "credit_genitive", "agency", "agency_genitive")
CREDIT_OTHER_PLACEHOLDERS = ("credit", "credit_genitive", "holder")
TRANSLATION_NOTE_PLACEHOLDERS = (
    "language",
    "language_adjective",
    "agency",
    "agency_genitive",
    "published",
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(zone)s” is not a known time zone."), params={"zone": value})


def validate_edition_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved."), params={"slug": value})


class FeedText(models.TextChoices):
    FULL = "full", _("Full text")
    LEAD = "lead", _("Lead only")


class Edition(models.Model):
    """One language of the agency, with everything a reader page needs to speak it."""

    locale = models.OneToOneField(
        Locale, on_delete=models.PROTECT, related_name="edition", verbose_name=_("language")
    )
    slug = models.SlugField(
        _("URL prefix"),
        max_length=20,
        unique=True,
        validators=[validate_edition_slug],
        help_text=_("Pages of this edition live under /<prefix>/, e.g. /en/."),
    )
    hostname = models.CharField(
        _("own host name"),
        max_length=255,
        blank=True,
        help_text=_("If set, the edition is also served at the root of this host."),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. “English”"))
    agency_name = models.CharField(
        _("agency name"), max_length=200, help_text=_("The agency's name in this language.")
    )
    agency_name_genitive = models.CharField(
        _("agency name in the genitive"),
        max_length=200,
        blank=True,
        help_text=_(
            "For wordings that decline the name, e.g. “Кавказского вестника” in “Фото … для "
            "«{agency_genitive}»”. Empty: the name as it is."
        ),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    dateline_format = models.CharField(
        _("dateline format"),
        max_length=50,
        default="d F Y, H:i",
        help_text=_(
            "Django date format of a story's time, e.g. “d F Y, H:i” → 07 April 2021, 20:28"
        ),
    )
    day_format = models.CharField(
        _("day heading format"),
        max_length=50,
        default="F j, Y",
        help_text=_("Date format of day headings, e.g. “F j, Y” → April 7, 2021"),
    )
    time_format = models.CharField(_("time format"), max_length=20, default="H:i")
    note_time_format = models.CharField(
        _("time format in translation notes"),
        max_length=50,
        default=r"F j, Y \a\t g:i a T",
        help_text=_("How this edition's stories are dated in notes on their translations."),
    )
    photo_credit_own = models.CharField(
        _("credit of the agency's own photos"),
        max_length=200,
        default="Photo by {credit} for the “{agency}”",
        validators=[WordingValidator(*CREDIT_OWN_PLACEHOLDERS)],
        help_text=_(
            "Placeholders: {credit}, {agency}; in languages that decline names, "
            "{credit_genitive} and {agency_genitive}."
        ),
    )
    photo_credit_other = models.CharField(
        _("credit of other photos"),
        max_length=200,
        default="Photo: {credit} / {holder}",
        validators=[WordingValidator(*CREDIT_OTHER_PLACEHOLDERS)],
        help_text=_(
            "Placeholders: {credit}, {holder} (the copyright holder); in languages that decline "
            "names, {credit_genitive}."
        ),
    )
    translation_note_full = models.TextField(
        _("note on full translations"),
        default=(
            "This article was originally published on the {language_adjective} page of {agency} on "
            "{published}. [Read the original.]"
        ),
        validators=[WordingValidator(*TRANSLATION_NOTE_PLACEHOLDERS)],
        help_text=_(
            "Placeholders: {language} (of the original, as said mid-sentence), "
            "{language_adjective} (the same as an adjective before “page”: “on the "
            "{language_adjective} page”, “на {language_adjective} странице”), {agency}, "
            "{agency_genitive}, {published} (the original's time in its own zone). Text in "
            "[brackets] links to the original."
        ),
    )
    translation_note_abridged = models.TextField(
        _("note on abridged translations"),
        default=(
            "This article was originally published on the {language_adjective} page of {agency} on "
            "{published}. To access the full text of the article, click [here]."
        ),
        validators=[WordingValidator(*TRANSLATION_NOTE_PLACEHOLDERS)],
        help_text=_("Same placeholders as for full translations."),
    )
    # Written by the label rules (labels with a site-wide banner placement and a rule for
    # this edition); every page of the edition shows it.
    label_banner = models.TextField(_("label banner"), blank=True, editable=False)
    logo = models.FileField(
        _("logo"),
        upload_to=LOGO_FOLDER,
        blank=True,
        validators=[FileExtensionValidator(["svg"]), validate_svg_logo],
        help_text=_(
            "An SVG file, shown in the masthead on the masthead colour. Without one, the "
            "agency's name is set in type."
        ),
    )
    accent_colour = models.CharField(
        _("accent colour"),
        max_length=7,
        default="#c8102e",
        validators=[validate_hex_colour],
        help_text=_("#rrggbb. Rules, markers and buttons; white text must be readable on it."),
    )
    masthead_colour = models.CharField(
        _("masthead background"),
        max_length=7,
        default="#0f1c2e",
        validators=[validate_hex_colour],
        help_text=_("#rrggbb. Also the browser's toolbar colour on phones."),
    )
    masthead_text_colour = models.CharField(
        _("masthead text"),
        max_length=7,
        default="#ffffff",
        validators=[validate_hex_colour],
        help_text=_("#rrggbb. The agency's name and the section links in the masthead."),
    )
    feed_text = models.CharField(
        _("feed items carry"),
        max_length=4,
        choices=FeedText.choices,
        default=FeedText.FULL,
        help_text=_(
            "What the edition's RSS, Atom and JSON feeds give of each story: its full text, or "
            "its lead with a link to the page. The feed for Yandex News and Dzen always carries "
            "the full text, as those aggregators require."
        ),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        MultiFieldPanel(
            [FieldPanel("locale"), FieldPanel("slug"), FieldPanel("hostname"), FieldPanel("name")],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("agency_name"),
                FieldPanel("agency_name_genitive"),
                FieldPanel("time_zone"),
                FieldPanel("dateline_format"),
                FieldPanel("day_format"),
                FieldPanel("time_format"),
                FieldPanel("note_time_format"),
            ],
            heading=_("Voice and time"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("photo_credit_own"),
                FieldPanel("photo_credit_other"),
                FieldPanel("translation_note_full"),
                FieldPanel("translation_note_abridged"),
            ],
            heading=_("Wording"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("logo"),
                FieldPanel("accent_colour"),
                FieldPanel("masthead_colour"),
                FieldPanel("masthead_text_colour"),
            ],
            heading=_("Branding"),
        ),
        MultiFieldPanel([FieldPanel("feed_text")], heading=_("Feeds")),
        FieldPanel("sort_order"),
    ]

    class Meta:
        ordering = ["sort_order", "slug"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(
                fields=["hostname"],
                condition=~models.Q(hostname=""),
                name="edition_hostname_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def agency_genitive(self) -> str:
        return self.agency_name_genitive or self.agency_name

    def clean(self) -> None:
        super().clean()
        colours = (self.accent_colour, self.masthead_colour, self.masthead_text_colour)
        if not all(is_hex_colour(c) for c in colours):
            return  # the field's own error says what is wrong
        errors = {}
        if contrast_ratio(self.accent_colour, "#ffffff") < MIN_CONTRAST:
            errors["accent_colour"] = _(
                "White text on this colour is hard to read; pick a darker one."
            )
        if contrast_ratio(self.masthead_colour, self.masthead_text_colour) < MIN_CONTRAST:
            errors["masthead_text_colour"] = _(
                "This text is hard to read on the masthead background; pick colours further apart."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def language(self) -> str:
        return self.locale.language_code

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class EditionPageMixin:
    """For pages of an edition's tree: the reader site adds what they show (reader_pages), and
    previews in the admin (which lives outside any edition) render in the page's edition and
    language, as readers will see them."""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)  # type: ignore[misc]
        context.update(reader_context(self, request))
        return context

    def serve_preview(self, request, mode_name):
        from django.utils import translation

        from .registry import edition_for_locale

        request.edition = edition = edition_for_locale(self.locale_id)  # type: ignore[attr-defined]
        with translation.override(edition.language if edition else None):
            return super().serve_preview(request, mode_name)  # type: ignore[misc]


class AgencyHomePage(Page):
    """The site root: sends a reader to the edition of their language."""

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["editions.EditionFrontPage"]

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        from .links import edition_root
        from .registry import edition_for_request_language

        return redirect(edition_root(edition_for_request_language(request)))


class EditionFrontPage(EditionPageMixin, Page):
    """An edition's front page: top stories chosen by editors, then the latest news."""

    parent_page_types = ["editions.AgencyHomePage"]
    subpage_types = ["taxonomy.RegionPage", "taxonomy.TopicPage"]
    template = "site/front_page.html"

    content_panels = [*Page.content_panels, InlinePanel("top_stories", label=_("Top stories"))]

    class Meta:
        verbose_name = _("edition front page")


class FrontTopStory(Orderable):
    page = ParentalKey(EditionFrontPage, on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey(
        "stories.Story", on_delete=models.CASCADE, related_name="front_placements"
    )

    panels = [FieldPanel("story")]


class EditionsVersion(models.Model):
    """How many times the editions or their front pages have changed: one row, counted up in the
    same transaction as each change. Every server process keeps its own copy of the editions
    (dateline.editions.registry) and compares this number with its copy's every half second, so
    all of them see a change within a second, only once it is committed, and with no shared cache
    (a per-process cache without Redis would leave the other processes stale)."""

    number = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("editions version")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="editions_version_one_row")
        ]

    def __str__(self) -> str:
        return f"editions version {self.number}"

import hashlib
import os
import re
import secrets
from typing import Any

from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.images.models import AbstractImage, AbstractRendition, Filter, Image
from wagtail.models import Locale, TranslatableMixin
from wagtail.search import index

from .metadata import embedded_credits, stripped_file, stripped_rendition

# The sizes reader pages ask for; one list, so pages can fetch all renditions in one query.
LEAD_FILTER = "fill-1200x675|format-jpeg|jpegquality-80"
INLINE_FILTER = "max-1200x900|format-jpeg|jpegquality-80"
THUMB_FILTER = "fill-640x360|format-jpeg|jpegquality-75"
READER_FILTERS = (LEAD_FILTER, INLINE_FILTER, THUMB_FILTER)

# Stored file names carry a random token before the extension, so knowing what a file was
# called when it was uploaded finds neither the original nor any of its renditions.
_TOKEN_BYTES = 8
_TOKEN = re.compile(r"\.[0-9a-f]{16}(?=\.[^.]*$)")


def _with_token(path: str) -> str:
    """The path with a random token before its extension ("images/bridge.3f9a…c2.jpg"),
    shortened to fit the file field's 100 characters."""
    folder, name = os.path.split(path)
    stem, extension = os.path.splitext(name)
    stem = stem or "photo"
    token = secrets.token_hex(_TOKEN_BYTES)
    room = 99 - len(os.path.join(folder, "")) - len(extension) - len(token) - 1
    return os.path.join(folder, f"{stem[: max(room, 1)]}.{token}{extension}")


class Photographer(TranslatableMixin, index.Indexed, models.Model):
    """A person credited on photos, as one language spells the name; the translations share a
    translation key, so each edition credits the same person in its own script."""

    name = models.CharField(_("name"), max_length=200)
    name_genitive = models.CharField(
        _("name in the genitive"),
        max_length=200,
        blank=True,
        help_text=_(
            "For credit wordings that decline names, e.g. “Нины Тумановой” in “Фото Нины "
            "Тумановой”. Empty: the name as it is."
        ),
    )

    panels = [FieldPanel("name"), FieldPanel("name_genitive")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("photographer")
        verbose_name_plural = _("photographers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def genitive(self) -> str:
        return self.name_genitive or self.name


class Photo(AbstractImage):
    photographer = models.ForeignKey(
        Photographer,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("photographer"),
        help_text=_("Credited in each edition's language and script."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_(
            "As typed, for a photographer not among the photographers above, e.g. another "
            "agency's: “Aziz Karimov”."
        ),
    )
    copyright_holder = models.CharField(
        _("copyright holder"),
        max_length=255,
        blank=True,
        help_text=_("Leave empty when the agency holds the rights."),
    )
    default_caption = models.TextField(_("default caption"), blank=True)
    usage_terms = models.TextField(_("usage terms"), blank=True)

    admin_form_fields = (
        *Image.admin_form_fields,
        "photographer",
        "credit",
        "copyright_holder",
        "default_caption",
        "usage_terms",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    # The file name as last read from or written to the database; a different one is a new file.
    _stored_file_name: str | None = None

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Any, values: Any, *, fetch_mode: Any = None
    ) -> "Photo":
        photo = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        if "file" in photo.__dict__:  # not deferred; the name as the database holds it
            stored = photo.__dict__["file"]
            photo._stored_file_name = getattr(stored, "name", stored) or None
        return photo

    def save(self, *args: Any, **kwargs: Any) -> None:
        replaced = None
        if self.file and not kwargs.get("update_fields") and self._has_new_file():
            replaced = self._take_new_file()
        elif not self.file_hash and self.file and not kwargs.get("update_fields"):
            # The admin form does this; scripts and imports must too, for duplicate detection.
            self._set_image_file_metadata()
        # One transaction, so whatever records the change (the stories' outbox) goes with it.
        with transaction.atomic():
            super().save(*args, **kwargs)
        if self.file:
            self._stored_file_name = self.file.name
        if replaced:  # the file as received, already in storage, carried what the copy does not
            self.file.storage.delete(replaced)

    def _has_new_file(self) -> bool:
        """A file not yet in storage (a form, `Photo(file=...)`), or put there before this save:
        the importer and Wagtail's multiple upload call `file.save(..., save=False)` first."""
        if not self.file._committed or self._state.adding:
            return True
        return self._stored_file_name is not None and self.file.name != self._stored_file_name

    def _take_new_file(self) -> str | None:
        """Every photo enters here, whichever way it comes: the file is stored without its
        location and device metadata (`metadata.stripped_file`), and the credit, caption and
        copyright holder the editor left empty are taken from it. Returns the name of the file
        as received when it was in storage already and must go."""
        upload = self.file
        if upload._committed:
            with upload.storage.open(upload.name, "rb") as received:
                data = received.read()
        else:
            upload.open("rb")
            upload.seek(0)
            data = upload.read()
        stripped = stripped_file(data)
        if not (self.credit and self.default_caption and self.copyright_holder):
            credits = embedded_credits(data)
            if self.photographer_id is None:  # a chosen photographer is the credit
                self.credit = self.credit or credits.credit
            self.default_caption = self.default_caption or credits.caption
            self.copyright_holder = self.copyright_holder or credits.copyright_holder
        # Duplicates are found by the hash of the file as received, as Wagtail's upload views
        # and the importer compute it; the stored file is the stripped one.
        self.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
        self.file_size = len(stripped)
        if upload._committed and stripped == data:
            return None
        received = upload.name if upload._committed else None
        name = _TOKEN.sub("", os.path.basename(upload.name))
        self.file.save(name, ContentFile(stripped, name=name), save=False)  # under a new token
        return received

    def get_upload_to(self, filename: str) -> str:
        return _with_token(super().get_upload_to(_TOKEN.sub("", filename)))

    def generate_rendition_file(self, filter: Filter, *, source: File | None = None) -> File:
        """A rendition is drawn from the stripped original; Willow copies the EXIF block along,
        so it is stripped too, which also cleans renditions of photos stored before stripping."""
        rendition = super().generate_rendition_file(filter, source=source)
        rendition.seek(0)
        return ContentFile(stripped_rendition(rendition.read()), name=rendition.name)

    @property
    def is_agency_photo(self) -> bool:
        return not self.copyright_holder


class PhotoWording(models.Model):
    """What a photo says in one language: its caption and its credit as typed, for every story
    of that language's editions that uses it. A language without one says the photo's default
    caption and credit."""

    photo = models.ForeignKey(
        Photo, on_delete=models.CASCADE, related_name="wordings", verbose_name=_("photo")
    )
    locale = models.ForeignKey(
        Locale, on_delete=models.CASCADE, related_name="+", verbose_name=_("language")
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("photo wording")
        verbose_name_plural = _("photo wordings")
        constraints = [
            models.UniqueConstraint(fields=["photo", "locale"], name="photo_wording_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.photo_id} ({self.locale_id})"


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def get_upload_to(self, filename: str) -> str:
        return _with_token(super().get_upload_to(filename))

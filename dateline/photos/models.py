from django.db import models, transaction
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

# The sizes reader pages ask for; one list, so pages can fetch all renditions in one query.
LEAD_FILTER = "fill-1200x675|format-jpeg|jpegquality-80"
INLINE_FILTER = "max-1200x900|format-jpeg|jpegquality-80"
THUMB_FILTER = "fill-640x360|format-jpeg|jpegquality-75"
READER_FILTERS = (LEAD_FILTER, INLINE_FILTER, THUMB_FILTER)


class Photo(AbstractImage):
    credit = models.CharField(
        _("credit"), max_length=255, help_text=_("Who took the photo, e.g. “Aziz Karimov”.")
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
        "credit",
        "copyright_holder",
        "default_caption",
        "usage_terms",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def save(self, *args, **kwargs) -> None:
        if not self.file_hash and self.file and not kwargs.get("update_fields"):
            # The admin form does this; scripts and imports must too, for duplicate detection.
            self._set_image_file_metadata()
        # One transaction, so whatever records the change (the stories' outbox) goes with it.
        with transaction.atomic():
            super().save(*args, **kwargs)

    @property
    def is_agency_photo(self) -> bool:
        return not self.copyright_holder


class PhotoRendition(AbstractRendition):
    image = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class PhotoFileField(WagtailImageField):
    """Wagtail's image field, with files that look like images but cannot be read (truncated,
    corrupt) refused with a message instead of failing the upload with a server error."""

    def check_image_pixel_size(self, f) -> None:
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(
                _("This image file is damaged or incomplete and cannot be read."),
                code="invalid_image",
            ) from exc


class PhotoForm(BaseImageForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # built here so the size limits are the current settings
            self.fields["file"] = PhotoFileField(label=self.fields["file"].label)

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

from .metadata import PhotoFileError, embedded_credits, stripped_file

DAMAGED = _("This image file is damaged or incomplete and cannot be read.")


class PhotoFileField(WagtailImageField):
    """Wagtail's image field, with files that look like images but cannot be read (truncated,
    corrupt) refused with a message instead of failing the upload with a server error."""

    def check_image_pixel_size(self, f: Any) -> None:
        try:
            super().check_image_pixel_size(f)
        except (OSError, SyntaxError, ValueError) as exc:
            raise ValidationError(DAMAGED, code="invalid_image") from exc

    def to_python(self, data: Any) -> Any:
        upload = super().to_python(data)
        if upload is not None:
            # Photo.save stores the file without its metadata; a file that cannot be rewritten
            # (its structure broken where Pillow cannot read past) is refused here instead.
            upload.seek(0)
            try:
                stripped_file(upload.read())
            except PhotoFileError as exc:
                raise ValidationError(DAMAGED, code="invalid_image") from exc
            finally:
                upload.seek(0)
        return upload


class PhotoForm(BaseImageForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "file" in self.fields:  # built here so the size limits are the current settings
            self.fields["file"] = PhotoFileField(label=self.fields["file"].label)
        if "credit" in self.fields:
            # A photographer's file usually names the photographer; `clean` asks only if not.
            self.fields["credit"].required = False
            self.fields["credit"].help_text = _(
                "Who took the photo, as typed, when they are not among the photographers. "
                "Leave both empty to take the creator (or credit line) written in the file."
            )

    def clean(self) -> dict[str, Any]:
        cleaned_data = super().clean()
        if (
            "credit" in self.fields
            and not cleaned_data.get("credit")
            and not cleaned_data.get("photographer")
        ):
            if not self._file_credit():
                self.add_error(
                    "credit",
                    ValidationError(
                        self.fields["credit"].error_messages["required"], code="required"
                    ),
                )
        return cleaned_data

    def _file_credit(self) -> str:
        """The credit a newly uploaded file carries (Photo.save fills the field with it)."""
        upload = self.cleaned_data.get("file")
        if "file" not in self.changed_data or upload is None:
            return ""
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        return embedded_credits(data).credit

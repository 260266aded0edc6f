from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm
from wagtail.models import Locale

from .metadata import PhotoFileError, embedded_credits, stripped_file
from .models import Photo, PhotoWording
from .services import photo_wordings_set

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


def _language_name(locale: Locale) -> str:
    name = locale.get_display_name()
    return gettext(name) if name else locale.language_code


class PhotoForm(BaseImageForm):
    """Wagtail's image form (add, edit, the multiple uploader's) with the photo's caption and
    credit in each language of the site, kept as the photo's wordings."""

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
        self._wording_fields_add()

    def _wording_fields_add(self) -> None:
        """A caption and a credit for each language, after the default caption and the credit
        they stand in for; filled from the photo's wordings."""
        self.wording_locales = list(Locale.objects.all())
        stored: dict[int, PhotoWording] = {}
        if self.instance.pk:
            stored = {w.locale_id: w for w in self.instance.wordings.all()}
        captions, credits = [], []
        for locale in self.wording_locales:
            language = _language_name(locale)
            wording = stored.get(locale.pk)
            caption, credit = self.wording_field_names(locale)
            self.fields[caption] = forms.CharField(
                label=_("Caption (%(language)s)") % {"language": language},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=wording.caption if wording else "",
                help_text=_("Shown in this language's stories. Empty: the default caption."),
            )
            self.fields[credit] = forms.CharField(
                label=_("Credit (%(language)s)") % {"language": language},
                required=False,
                max_length=PhotoWording._meta.get_field("credit").max_length,
                initial=wording.credit if wording else "",
                help_text=_(
                    "Who took the photo, as this language writes the name, when the photographer "
                    "has no name in it. Empty: the photographer, else the credit above."
                ),
            )
            captions.append(caption)
            credits.append(credit)
        order = []
        for name in self.fields:
            if name in captions or name in credits:
                continue
            order.append(name)
            if name == "credit":
                order += credits
            elif name == "default_caption":
                order += captions
        self.order_fields(order + captions + credits)  # wherever the two above are left out

    @staticmethod
    def wording_field_names(locale: Locale) -> tuple[str, str]:
        """The names of the caption and credit fields of `locale`'s language."""
        return f"caption_{locale.language_code}", f"credit_{locale.language_code}"

    def save(self, commit: bool = True) -> Photo:
        with transaction.atomic():  # the photo and its wordings, or neither
            return super().save(commit=commit)

    def _save_m2m(self) -> None:
        # Django's step after the photo has its row, with commit or through save_m2m().
        super()._save_m2m()
        self._wordings_save()

    def _wordings_save(self) -> None:
        wordings = {}
        for locale in self.wording_locales:
            caption, credit = self.wording_field_names(locale)
            if caption in self.cleaned_data and credit in self.cleaned_data:
                wordings[locale.pk] = (self.cleaned_data[caption], self.cleaned_data[credit])
        photo_wordings_set(photo=self.instance, wordings=wordings)

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

from dateline.core.wording import fill_text
from dateline.editions.models import Edition

from .models import Photo


def photo_credit(photo: Photo, edition: Edition) -> str:
    """The credit line as the edition phrases it (plain text; templates escape it)."""
    template = edition.photo_credit_own if photo.is_agency_photo else edition.photo_credit_other
    return fill_text(
        template,
        {"credit": photo.credit, "holder": photo.copyright_holder, "agency": edition.agency_name},
    )

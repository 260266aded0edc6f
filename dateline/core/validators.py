"""Checks every way into the newsroom applies alike: the admin, the services, the import."""

from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# Addresses of web pages: the rich text's whitelist (html.RICH_TEXT_URL_SCHEMES) less mailto.
# Anything else, javascript: and data: above all, would run or show something of the link's own
# when a reader follows it.
WEB_URL_SCHEMES = ("http", "https")

_web_address = URLValidator(
    schemes=list(WEB_URL_SCHEMES),
    message=_("Enter a web address that starts with http:// or https://."),
    code="web_address",
)


def validate_web_address(value: str) -> None:
    """Refuses anything but an http or https address, in any letter case: javascript:, data:,
    file: and others, and an address with spaces or control characters before or inside it
    (browsers drop those and may then follow what is left)."""
    _web_address(value)

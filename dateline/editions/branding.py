"""An edition's brand as editors set it in the admin: a logo (an SVG file) and colours.

The logo is served from the site's own origin to every reader, so a file that could run script
when opened (an SVG is a document, not a picture) is refused before it is stored."""

import re
from typing import IO
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, parse
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
MAX_LOGO_BYTES = 200 * 1024
# Elements that run script, embed other documents or pull in anything from elsewhere.
_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignObject", "iframe", "embed", "object", "audio", "video", "handler"}
)
_HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# url(...) in a style or presentation attribute that leaves the document.
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)", re.IGNORECASE)


def is_hex_colour(value: str) -> bool:
    return bool(_HEX_COLOUR.fullmatch(value))


def validate_hex_colour(value: str) -> None:
    if not is_hex_colour(value):
        raise ValidationError(
            _("“%(colour)s” is not a colour in the form #rrggbb."), params={"colour": value}
        )


def _channel(value: int) -> float:
    level = value / 255
    return level / 12.92 if level <= 0.03928 else ((level + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _local_name(tag: object) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _problem(element: Element) -> str | None:
    """Why an element of a logo may not be served, or None."""
    if not isinstance(element.tag, str):  # comments and processing instructions
        return None
    name = _local_name(element.tag)
    if name in _FORBIDDEN_ELEMENTS:
        return gettext("it contains a <%(name)s> element") % {"name": name}
    if name == "style" and _EXTERNAL_URL.search(element.text or ""):
        return gettext("its styles load something from another address")
    for attribute, value in element.attrib.items():
        local = _local_name(attribute)
        if local.lower().startswith("on"):
            return gettext("it has an event handler (%(name)s)") % {"name": local}
        if attribute in ("href", XLINK_HREF) and not value.strip().startswith("#"):
            return gettext("it links to “%(href)s”; only links within the file are allowed") % {
                "href": value.strip()[:60]
            }
        if _EXTERNAL_URL.search(value):
            return gettext("its %(name)s attribute loads something from another address") % {
                "name": local
            }
    return None


def validate_svg_logo(file: IO[bytes]) -> None:
    """Refuse anything that is not a self-contained SVG picture: script, event handlers,
    embedded documents, links and loads outside the file, DTDs and entities."""
    size = getattr(file, "size", None)
    if size is not None and size > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo is larger than 200 KB."))
    file.seek(0)
    try:
        root = parse(file, forbid_dtd=True).getroot()
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise ValidationError(
            _("The logo is not a valid SVG file: %(error)s"), params={"error": error}
        ) from error
    finally:
        file.seek(0)
    if root is None or root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise ValidationError(_("The logo must be an SVG image (an <svg> element)."))
    for element in root.iter():
        if (problem := _problem(element)) is not None:
            raise ValidationError(
                _("The logo cannot be used: %(problem)s."), params={"problem": problem}
            )

"""Admin-editable wording with {placeholders}: filled safely, never through str.format."""

import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LINK = re.compile(r"\[([^\[\]]+)\]")


def placeholders_in(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


@deconstructible
class WordingValidator:
    """Refuses placeholders the wording's filler does not know: a typo such as {agnecy} would
    otherwise reach every reader page as typed."""

    def __init__(self, *allowed: str) -> None:
        self.allowed = allowed

    def __call__(self, value: str) -> None:
        unknown = sorted(placeholders_in(value) - set(self.allowed))
        if unknown:
            raise ValidationError(
                ngettext(
                    "Unknown placeholder %(unknown)s. This wording can use %(allowed)s.",
                    "Unknown placeholders %(unknown)s. This wording can use %(allowed)s.",
                    len(unknown),
                ),
                code="unknown_placeholder",
                params={
                    "unknown": ", ".join(f"{{{name}}}" for name in unknown),
                    "allowed": ", ".join(f"{{{name}}}" for name in self.allowed),
                },
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WordingValidator) and self.allowed == other.allowed

    def __hash__(self) -> int:
        return hash(self.allowed)


def fill_text(template: str, values: Mapping[str, str]) -> str:
    """Plain text: known placeholders replaced, anything else left as typed."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


def fill_html(template: str, values: Mapping[str, str], link_url: str | None) -> SafeString:
    """HTML: the typed wording and the values escaped; [text] becomes a link to `link_url`."""
    replace: Callable[[re.Match[str]], str] = lambda m: (  # noqa: E731
        str(conditional_escape(values[m.group(1)])) if m.group(1) in values else m.group(0)
    )
    html = _PLACEHOLDER.sub(replace, str(escape(template)))
    if link_url:
        html = _LINK.sub(lambda m: format_html('<a href="{}">{}</a>', link_url, m.group(1)), html)
    return mark_safe(html)  # noqa: S308 - every piece above was escaped

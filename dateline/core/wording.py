"""Admin-editable wording with {placeholders}: filled safely, never through str.format."""

import re
from collections.abc import Callable, Mapping

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_LINK = re.compile(r"\[([^\[\]]+)\]")


def placeholders_in(template: str) -> set[str]:
    return set(_PLACEHOLDER.findall(template))


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

"""Output that must never let a hostile string out of its element."""

import json

from django import template
from django.utils.html import _json_script_escapes  # type: ignore[attr-defined]
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def ld_json(value: dict) -> SafeString:
    """A JSON-LD <script>: <, > and & escaped so no string can close the element."""
    payload = json.dumps(value, ensure_ascii=False, default=str).translate(_json_script_escapes)
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308

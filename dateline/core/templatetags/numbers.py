from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value: int) -> str:
    """A count with the active language's thousand separator (“12,345”, “12 345”), whatever
    USE_THOUSAND_SEPARATOR says: counts are read, not parsed."""
    return number_format(value, force_grouping=True)

"""What a reader page shows beyond its own fields, supplied by the reader site.

Pages of an edition's tree (fronts, regions, topics) and story previews live in rooms below the
site that reads stories for them; the site registers a context builder per model here, so the
lower rooms never import it."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

ContextBuilder = Callable[[Any, HttpRequest], dict]

_builders: dict[type, ContextBuilder] = {}


def reader_context_register(model: type, builder: ContextBuilder) -> None:
    _builders[model] = builder


def reader_context(instance: object, request: HttpRequest) -> dict:
    """The registered context for `instance`'s model (or a base of it); empty if none."""
    for model in type(instance).__mro__:
        if (builder := _builders.get(model)) is not None:
            return builder(instance, request)
    return {}

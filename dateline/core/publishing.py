"""Publishing in one transaction, so that whatever records a change (the stories' outbox, fed by
signals sent during the publish) is written together with it or not at all: Wagtail's publish
and unpublish actions commit as they go."""

from typing import Any

from django.db import transaction


class PublishesAtomically:
    """For models with Wagtail's draft state (snippets and pages)."""

    def publish(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().publish(*args, **kwargs)  # type: ignore[misc]

    def unpublish(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().unpublish(*args, **kwargs)  # type: ignore[misc]

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        with transaction.atomic():
            return super().delete(*args, **kwargs)  # type: ignore[misc]

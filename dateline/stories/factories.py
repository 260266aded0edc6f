from datetime import datetime

import factory
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from .models import Author, Story
from .services import story_create, story_publish


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    locale = factory.LazyFunction(Locale.get_default)


class StoryFactory(factory.Factory):
    """A story through the services: a draft with a revision, published when `published_at` is
    given (pass `publish=False` to keep it a draft)."""

    class Meta:
        model = Story

    locale = factory.LazyFunction(Locale.get_default)
    headline = factory.Sequence(lambda n: f"Region: event number {n} happened")
    lead = "Residents reported the event to the agency's correspondent."
    body = factory.LazyFunction(
        lambda: [{"type": "paragraph", "value": "<p>The first paragraph of the story.</p>"}]
    )

    @classmethod
    def _create(
        cls,
        model_class,
        *args,
        published_at: datetime | None = None,
        publish: bool = True,
        **kwargs,
    ) -> Story:
        story = story_create(**kwargs)
        if publish:
            story = story_publish(story=story, published_at=published_at)
        return story


def story_admin_form(**overrides: object) -> dict:
    """The admin's add or edit form for a story as a browser posts it: a headline, a lead and
    one paragraph, with `overrides` (StreamField and inline values in their nested form)."""

    fields = {
        "headline": "Dagestan: villagers block road demanding gas supply",
        "lead": "About fifty residents blocked the federal highway.",
        "lead_photo": "",
        "lead_photo_caption": "",
        "body": streamfield([("paragraph", rich_text("<p>The blockade lasted two hours.</p>"))]),
        "byline": inline_formset([]),
        "sources": streamfield([]),
        "notes": streamfield([]),
        "translation_of": "",
        "translation_kind": "",
        "translator": "",
    }
    return nested_form_data(fields | overrides)

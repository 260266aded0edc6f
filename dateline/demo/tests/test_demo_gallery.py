"""The demo agency shows a gallery in both editions, captioned from its photos' own wordings."""

import re

import pytest
from django.core.management import call_command

from dateline.demo import content
from dateline.stories.models import Story


def _gallery_alts(client, story: Story) -> list[str]:
    page = client.get(story.url).content.decode()
    gallery = re.search(r'<figure class="gallery">.*?</ul>\s*</figure>', page, re.S)
    assert gallery, f"no gallery on {story.url}"
    return re.findall(r'<figure class="gallery-photo">\s*<img [^>]*alt="([^"]*)"', gallery[0])


@pytest.mark.django_db
def test_the_demo_photo_story_shows_its_gallery_in_each_language(client):
    call_command("demo", stories=6, days=3)
    english_headline, russian_headline = content.GALLERY_STORY["headline"]
    russian = Story.objects.get(live=True, headline=russian_headline)
    english = Story.objects.get(live=True, headline=english_headline)

    russian_alts = _gallery_alts(client, russian)
    english_alts = _gallery_alts(client, english)

    scenes = content.GALLERY_STORY["gallery_scenes"]
    assert len(russian_alts) == len(english_alts) == len(scenes)
    # The story gives no captions: each photo says what it shows in the page's language.
    assert all(re.search("[а-я]", alt) and not re.search("[a-z]", alt) for alt in russian_alts)
    assert all(re.search("[a-z]", alt) and not re.search("[а-я]", alt) for alt in english_alts)

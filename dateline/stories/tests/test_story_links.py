"""Links from a story's text to the agency's earlier stories: pasted as an address, kept by id,
so they follow a new headline, never lead to a story readers cannot open, and the story linked
to lists who links to it."""

import pytest
from django.urls import reverse

from dateline.stories.factories import StoryFactory
from dateline.stories.models import Story


def _citing(en, earlier: Story, address: str) -> Story:
    body = [{"type": "paragraph", "value": f'<p>As <a href="{address}">reported</a> earlier.</p>'}]
    return StoryFactory(locale=en.locale, headline="Baku: court frees journalist", body=body)


@pytest.mark.django_db
def test_a_pasted_address_of_a_story_is_kept_by_its_id(en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")

    story = _citing(en, earlier, earlier.url)

    assert f'<a linktype="story" id="{earlier.pk}">' in story.body.raw_data[0]["value"]


@pytest.mark.django_db
def test_an_address_elsewhere_stays_as_it_is(en):
    story = _citing(en, None, "https://report.az/en/news/123/other/")

    assert 'href="https://report.az/en/news/123/other/"' in story.body.raw_data[0]["value"]


@pytest.mark.django_db
def test_the_link_follows_the_linked_storys_new_headline(client, en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    story = _citing(en, earlier, earlier.url.replace("journalist-detained", "old-slug"))
    assert f'href="{earlier.url}"' in client.get(story.url).content.decode()

    earlier.headline = "Baku: journalist detained at the airport"
    earlier.save_revision().publish()
    earlier.refresh_from_db()

    page = client.get(story.url).content.decode()
    assert f'href="{earlier.url}">reported</a>' in page
    assert "journalist-detained-at-the-airport" in earlier.url


@pytest.mark.django_db
def test_a_link_to_a_story_readers_cannot_open_keeps_its_text_only(client, en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    address = earlier.url
    story = _citing(en, earlier, address)

    earlier.unpublish()

    page = client.get(story.url).content.decode()
    assert "<a>reported</a>" in page
    assert address not in page


@pytest.mark.django_db
def test_the_linked_story_lists_the_story_that_links_to_it(client, en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    _citing(en, earlier, earlier.url)

    page = client.get(earlier.url).content.decode()

    linked_from = page.split('id="linked-from-heading"')[1].split("</section>")[0]
    assert "Baku: court frees journalist" in linked_from


@pytest.mark.django_db
def test_the_editor_shows_a_kept_link_as_the_storys_address(admin_client, en):
    earlier = StoryFactory(locale=en.locale, headline="Baku: journalist detained")
    story = _citing(en, earlier, earlier.url)

    edit = admin_client.get(reverse("wagtailsnippets_stories_story:edit", args=[story.pk]))

    # The editor's content state (JSON in an attribute): a link entity with the address.
    assert f"\\&quot;url\\&quot;: \\&quot;{earlier.url}\\&quot;" in edit.content.decode()

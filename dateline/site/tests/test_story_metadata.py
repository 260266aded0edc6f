"""What a story page tells machines that read pages (search engines, social networks,
aggregators): schema.org NewsArticle in JSON-LD and OpenGraph, read as they read them."""

from datetime import UTC, datetime

import extruct
import pytest

from dateline.photos.factories import PhotoFactory
from dateline.stories.factories import AuthorFactory
from dateline.stories.services import story_create, story_publish

PUBLISHED = datetime(2021, 4, 7, 7, 18, tzinfo=UTC)


def _metadata(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return extruct.extract(
        response.content.decode(), base_url=url, syntaxes=["json-ld", "opengraph"]
    )


def _article(data: dict) -> dict:
    [article] = [item for item in data["json-ld"] if item.get("@type") == "NewsArticle"]
    return article


@pytest.fixture
def stories(en, ru):
    photo = PhotoFactory(credit="Aziz Karimov", default_caption="The bridge at dawn")
    original = story_publish(
        story=story_create(
            locale=ru.locale,
            headline="В Баку открылся мост",
            lead="Мост соединил два района.",
            lead_photo=photo,
            authors=[AuthorFactory(name="Лейла Алиева", locale_id=ru.locale_id)],
        ),
        published_at=PUBLISHED,
    )
    translation = story_create(
        locale=en.locale,
        headline="A bridge opened in Baku <b>today</b>",
        lead="The bridge joins two districts.",
        lead_photo=photo,
        authors=[AuthorFactory(name="Nina Tumanova", locale_id=en.locale_id)],
        translation_of=original,
        translation_kind="full",
        notes=[
            {
                "type": "correction",
                "value": {
                    "noted_at": "2021-04-08T09:00:00+00:00",
                    "text": "The bridge is 2 km long, not 3.",
                    "reason": "The city hall corrected its figure.",
                },
            }
        ],
    )
    translation = story_publish(story=translation, published_at=PUBLISHED.replace(hour=9))
    return original, translation


@pytest.mark.django_db
def test_json_ld_names_the_article_its_author_photo_credit_publisher_and_original(client, stories):
    original, translation = stories
    article = _article(_metadata(client, translation.url))

    assert article["headline"] == "A bridge opened in Baku <b>today</b>"  # data, not markup
    assert article["inLanguage"] == "en"
    assert article["datePublished"] == "2021-04-07T09:18:00+00:00"
    assert article["dateModified"]
    assert [a["name"] for a in article["author"]] == ["Nina Tumanova"]
    assert article["author"][0]["url"].startswith("http://")
    assert article["publisher"]["@type"] == "NewsMediaOrganization"
    assert article["publisher"]["name"] and article["publisher"]["logo"]["url"]
    [image] = article["image"]
    assert image["@type"] == "ImageObject" and image["url"].startswith("http")
    assert "Aziz Karimov" in image["creditText"]
    assert image["caption"] == "The bridge at dawn"
    assert article["isBasedOn"]["url"] == original.url
    assert article["translationOfWork"]["inLanguage"] == "ru"
    [correction] = article["correction"]
    assert (
        correction["text"] == "The bridge is 2 km long, not 3. The city hall corrected its figure."
    )


@pytest.mark.django_db
def test_the_original_has_no_translation_fields_and_opengraph_says_article(client, stories):
    original, _translation = stories
    data = _metadata(client, original.url)
    article = _article(data)
    assert "isBasedOn" not in article and "translationOfWork" not in article
    assert "correction" not in article

    [graph] = [dict(og["properties"]) for og in data["opengraph"]]
    assert graph["og:type"] == "article"
    assert graph["og:title"] == "В Баку открылся мост"
    assert graph["og:url"] == original.url
    assert graph["og:image"].startswith("http")
    assert graph["og:image:alt"] == "The bridge at dawn"
    assert graph["article:author"] == "Лейла Алиева"
    assert graph["article:published_time"] == "2021-04-07T07:18:00+00:00"

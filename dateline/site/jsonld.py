"""schema.org NewsArticle of a story document, so search engines and aggregators read it right:
who wrote it, when, the photo with its credit, the publisher, its corrections and, for a
translation, the original it is based on."""

from typing import Any

from dateline.editions import links
from dateline.editions.models import Edition
from dateline.stories.document import PhotoDocument, StoryDocument

PUBLISHER_LOGO = "dateline/icons/icon-512.png"  # a raster logo: what search engines accept


def _image(photo: PhotoDocument) -> dict[str, Any]:
    lead = photo.renditions["lead"]
    image: dict[str, Any] = {
        "@type": "ImageObject",
        "url": lead.url,
        "contentUrl": lead.url,
        "width": lead.width,
        "height": lead.height,
        "caption": photo.caption,
        "creditText": photo.credit,
    }
    if photo.photographer:
        image["creator"] = {"@type": "Person", "name": photo.photographer}
    if photo.copyright_holder:
        image["copyrightHolder"] = {"@type": "Organization", "name": photo.copyright_holder}
    return image


def news_article(story: StoryDocument, edition: Edition) -> dict[str, Any]:
    publisher = {
        "@type": "NewsMediaOrganization",
        "name": story.agency,
        "url": links.edition_root(edition),
        "logo": {"@type": "ImageObject", "url": links.static_file_url(PUBLISHER_LOGO)},
    }
    article: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.labelled_lead,
        "inLanguage": story.language,
        "datePublished": story.published_at.isoformat(),
        "dateModified": story.updated_at.isoformat(),
        "mainEntityOfPage": story.url,
        "url": story.url,
        "author": [
            {"@type": "Person", "name": author.name}
            | ({"url": links.author_url(edition, author.slug)} if author.slug else {})
            for author in story.byline
        ]
        or [{"@type": "Organization", "name": story.agency}],
        "publisher": publisher,
        "copyrightHolder": publisher,
        "keywords": [tag.title for tag in (*story.regions, *story.topics)],
    }
    if story.photo is not None and "lead" in story.photo.renditions:
        article["image"] = [_image(story.photo)]
    if story.notes:
        article["correction"] = [
            {
                "@type": "CorrectionComment",
                "text": " ".join(filter(None, (note.text, note.reason))),
                "datePublished": note.noted_at.isoformat(),
            }
            for note in story.notes
            if note.kind == "correction"
        ]
        if not article["correction"]:
            del article["correction"]
    if story.translation is not None:
        original = story.translation.original
        work = {
            "@type": "NewsArticle",
            "@id": original.url,
            "url": original.url,
            "headline": original.headline,
            "inLanguage": original.language,
        }
        article["isBasedOn"] = work
        article["translationOfWork"] = work
    return article

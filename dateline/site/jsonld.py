"""schema.org NewsArticle of a story document, so search engines and aggregators read it right."""

from dateline.stories.document import StoryDocument


def news_article(story: StoryDocument) -> dict:
    article: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": story.headline,
        "description": story.lead,
        "inLanguage": story.language,
        "datePublished": story.published_at.isoformat(),
        "dateModified": story.updated_at.isoformat(),
        "mainEntityOfPage": story.url,
        "url": story.url,
        "author": [{"@type": "Person", "name": author.name} for author in story.byline],
        "publisher": {"@type": "Organization", "name": story.agency},
        "keywords": [tag.title for tag in (*story.regions, *story.topics)],
    }
    if story.photo is not None and "lead" in story.photo.renditions:
        article["image"] = [story.photo.renditions["lead"].url]
    if story.translation is not None:
        article["isBasedOn"] = story.translation.original.url
    return article

from wagtail.models import Page

from .models import RegionPage, SectionPage, TopicPage


def section_add(
    *, parent: Page, kind: type[SectionPage], title: str, slug: str, translation_of=None
) -> SectionPage:
    """A published region or topic page; with `translation_of`, that page's translation."""
    page = kind(title=title, slug=slug, locale_id=parent.locale_id)
    if translation_of is not None:
        page.translation_key = translation_of.translation_key
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def region_add(**kwargs) -> RegionPage:
    return section_add(kind=RegionPage, **kwargs)


def topic_add(**kwargs) -> TopicPage:
    return section_add(kind=TopicPage, **kwargs)

"""Links to pages inside rich text, through the address book: absolute, on the page's edition,
and only to pages readers can open (a link to an unpublished page keeps its text, not its
address)."""

from django.db.models import Model
from django.utils.html import escape
from wagtail.models import Page
from wagtail.rich_text.pages import PageLinkHandler

from .links import page_url
from .registry import edition_for_locale


class EditionPageLinkHandler(PageLinkHandler):
    @classmethod
    def get_many(cls, attrs_list: list[dict]) -> list[Model | None]:
        ids = [attrs.get("id") for attrs in attrs_list]
        pages = Page.objects.live().filter(id__in=[i for i in ids if str(i).isdigit()])
        by_id = {str(page.pk): page for page in pages.only("id", "url_path", "locale_id")}
        return [by_id.get(str(i)) for i in ids]

    @classmethod
    def expand_db_attributes_many(cls, attrs_list: list[dict]) -> list[str]:
        tags = []
        for page in cls.get_many(attrs_list):
            edition = edition_for_locale(page.locale_id) if isinstance(page, Page) else None
            if isinstance(page, Page) and edition is not None:
                tags.append(f'<a href="{escape(page_url(edition, page))}">')
            else:
                tags.append("<a>")
        return tags

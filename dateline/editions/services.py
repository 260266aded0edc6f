from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import AgencyHomePage, Edition, EditionFrontPage


def agency_home_ensure() -> AgencyHomePage:
    """The root page every edition hangs from, made the default site's root."""
    home = AgencyHomePage.objects.first()
    if home is None:
        # Wagtail's own welcome page (a plain Page) gives way, and its site with it.
        Page.objects.filter(depth=2, slug="home", content_type=Page().cached_content_type).delete()
        root = Page.get_first_root_node()
        home = root.add_child(instance=AgencyHomePage(title="Home", slug="home"))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


@transaction.atomic
def edition_front_page_ensure(*, edition: Edition) -> EditionFrontPage:
    """The edition's front page at /<prefix>/, and its own Site when it has a host name."""
    front = EditionFrontPage.objects.filter(locale_id=edition.locale_id).first()
    if front is None:
        home = agency_home_ensure()
        front = home.add_child(
            instance=EditionFrontPage(
                title=edition.agency_name, slug=edition.slug, locale_id=edition.locale_id
            )
        )
        front.save_revision().publish()
    elif front.slug != edition.slug:
        front.slug = edition.slug
        front.save_revision().publish()
    if edition.hostname:
        Site.objects.update_or_create(
            hostname=edition.hostname, port=80, defaults={"root_page": front}
        )
    return front


@transaction.atomic
def edition_create(*, language: str, slug: str, name: str, agency_name: str, **settings) -> Edition:
    locale, _created = Locale.objects.get_or_create(language_code=language)
    edition = Edition(locale=locale, slug=slug, name=name, agency_name=agency_name, **settings)
    edition.full_clean()
    edition.save()
    edition_front_page_ensure(edition=edition)
    return edition

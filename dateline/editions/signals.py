"""Every write path that changes what the registry copies tells it, in the writer's transaction."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Locale, Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import AgencyHomePage, Edition, EditionFrontPage
from .registry import editions_changed, forget_editions, is_section_path


@receiver([post_save, post_delete], sender=Edition)
@receiver([post_save, post_delete], sender=Locale)
@receiver([post_save, post_delete], sender=EditionFrontPage)
@receiver([post_save, post_delete], sender=AgencyHomePage)
def reload_editions(**kwargs) -> None:
    """What the registry copies: the editions with their languages, and the front pages'
    url_paths (which the agency home's slug is part of)."""
    editions_changed()


@receiver(post_page_move)
def reload_editions_after_a_move(
    *, instance, url_path_before: str = "", url_path_after: str = "", **kwargs
) -> None:
    # Wagtail saves a moved page as a plain Page, so post_save above does not hear it. A section
    # moved into, out of or along a navigation changes it too.
    if issubclass(
        instance.specific_class or type(instance), (EditionFrontPage, AgencyHomePage)
    ) or any(is_section_path(path) for path in (url_path_before, url_path_after) if path):
        editions_changed()


@receiver([page_published, page_unpublished])
def reload_editions_after_a_section_change(*, instance: Page, **kwargs) -> None:
    """A section right under a front page is in the edition's navigation, with its title."""
    if is_section_path(instance.url_path):
        editions_changed()


def reload_editions_after_a_section_is_deleted(*, instance: Page, **kwargs) -> None:
    if instance.live and is_section_path(instance.url_path):
        editions_changed()


# Only the page types that may sit under a front page: a receiver for every model would keep
# Django from deleting anything in bulk.
for section_model in EditionFrontPage.allowed_subpage_models():
    post_delete.connect(reload_editions_after_a_section_is_deleted, sender=section_model)


@receiver(post_migrate)
def forget_editions_after_migrate(**kwargs) -> None:
    # Migrations and flush (which tests run between transactional tests) replace tables wholesale.
    forget_editions()

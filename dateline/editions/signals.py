"""Every write path that changes what the registry copies tells it, in the writer's transaction."""

from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Locale
from wagtail.signals import post_page_move

from .models import AgencyHomePage, Edition, EditionFrontPage
from .registry import editions_changed, forget_editions


@receiver([post_save, post_delete], sender=Edition)
@receiver([post_save, post_delete], sender=Locale)
@receiver([post_save, post_delete], sender=EditionFrontPage)
@receiver([post_save, post_delete], sender=AgencyHomePage)
def reload_editions(**kwargs) -> None:
    """What the registry copies: the editions with their languages, and the front pages'
    url_paths (which the agency home's slug is part of)."""
    editions_changed()


@receiver(post_page_move)
def reload_editions_after_a_move(*, instance, **kwargs) -> None:
    # Wagtail saves a moved page as a plain Page, so post_save above does not hear it.
    if issubclass(instance.specific_class or type(instance), (EditionFrontPage, AgencyHomePage)):
        editions_changed()


@receiver(post_migrate)
def forget_editions_after_migrate(**kwargs) -> None:
    # Migrations and flush (which tests run between transactional tests) replace tables wholesale.
    forget_editions()

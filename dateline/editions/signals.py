from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Edition, EditionFrontPage
from .registry import editions_changed


@receiver([post_save, post_delete], sender=Edition)
@receiver([post_save, post_delete], sender=EditionFrontPage)
def reload_editions(**kwargs) -> None:
    editions_changed()

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiKey(models.Model):
    """A subscriber's key to the API. Only a hash of the key is kept; the key itself is shown
    once, when it is made. It reads the editions it is scoped to, embargoed stories too if it
    may, at most `requests_per_minute` times a minute."""

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who uses it, e.g. “Report.az”.")
    )
    # The key's first characters, to find its row without comparing hashes of every key.
    prefix = models.CharField(max_length=16, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    editions = models.ManyToManyField(
        "editions.Edition", related_name="+", verbose_name=_("editions")
    )
    embargo_access = models.BooleanField(
        _("sees embargoed stories"),
        default=False,
        help_text=_("Gets stories under embargo before it ends, marked with its end."),
    )
    requests_per_minute = models.PositiveIntegerField(_("requests per minute"), default=600)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

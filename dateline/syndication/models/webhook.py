import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _

from dateline.syndication.webhooks.addresses import validate_webhook_address


def webhook_secret_new() -> str:
    """A new signing secret; kept as it is, since signing needs it (unlike an API key)."""
    return f"whsec_{secrets.token_hex(24)}"


class WebhookEndpoint(models.Model):
    """A subscriber's HTTPS address, told of publications, updates and withdrawals in the
    editions it follows, each payload signed with its secret (HMAC-SHA256)."""

    class Event(models.TextChoices):
        PUBLISHED = "published", _("published")
        UPDATED = "updated", _("updated")
        WITHDRAWN = "withdrawn", _("withdrawn")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[validate_webhook_address],
        help_text=_("Where the events are posted: an HTTPS address on the internet."),
    )
    secret = models.CharField(max_length=64, editable=False, default=webhook_secret_new)
    api_key = models.ForeignKey(
        "syndication.ApiKey",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhooks",
        verbose_name=_("API key"),
        help_text=_("The subscriber's key: the endpoint hears only of what the key may read."),
    )
    editions = models.ManyToManyField(
        "editions.Edition", related_name="+", verbose_name=_("editions")
    )
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One event for one endpoint, and how its delivery went: tried again with backoff until it
    is answered with a 2xx or the attempts run out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        DELIVERED = "delivered", _("delivered")
        FAILED = "failed", _("failed")

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("webhook"),
    )
    change_id = models.BigIntegerField()  # the outbox's StoryChange it tells of
    story_id = models.BigIntegerField(_("story"))
    event = models.CharField(_("event"), max_length=10, choices=WebhookEndpoint.Event.choices)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "change_id"], name="webhook_delivery_once_per_change"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=models.Q(status="pending"),
                name="webhook_delivery_due",
            ),
            # What an endpoint was told of a story last (a withdrawal is told only after).
            models.Index(fields=["story_id", "endpoint"], name="webhook_delivery_story"),
        ]

    def __str__(self) -> str:
        return f"{self.event} {self.story_id} → {self.endpoint}"

from .api_key import ApiKey
from .sitemap_page import SitemapPage
from .webhook import WebhookDelivery, WebhookEndpoint

__all__ = ["ApiKey", "SitemapPage", "WebhookDelivery", "WebhookEndpoint"]

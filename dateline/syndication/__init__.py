"""The wire: feeds, sitemaps, the subscriber API in IPTC ninjs and webhooks, each built from the
story document, the public gate and the address book."""

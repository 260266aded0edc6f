"""Sitemaps for crawlers, per edition on its own host: an index, the front page and sections,
every public story in pages of bounded size with its versions in the other editions
(hreflang), and the Google News sitemap of the last two days (docs/feeds.md, "Sitemaps")."""

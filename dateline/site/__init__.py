"""The reader site: edition fronts, region and topic pages, the story page and error pages.
It reads stories for the pages of the editions' tree and registers what they show with
`editions.reader_pages`, so the rooms below never import it."""

"""Photos: Wagtail's image library with the credit, caption, copyright holder and usage terms
that travel with a photo wherever it is reused."""

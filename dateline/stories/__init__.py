"""Stories: the agency's news items (Wagtail snippets with drafts, revisions, locking, workflow,
preview and search), their authors, their body blocks, and the story page readers see."""

"""Stories: the agency's news items (Wagtail snippets with drafts, revisions, locking, workflow,
preview and search) and their authors; the public gate (Story.objects.public), the story
document every surface formats, and the change outbox every reaction follows."""

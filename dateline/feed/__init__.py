"""The "All news" feed: stories newest first by cursor, and live events that tell open pages of
new, updated and withdrawn stories (Server-Sent Events)."""

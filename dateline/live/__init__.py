"""Live: the "All news" feed (stories newest first by cursor, grouped by day in the edition's
zone) and the live stream that tells open pages of new, updated and withdrawn stories
(Server-Sent Events), both read from the public gate and the story outbox."""

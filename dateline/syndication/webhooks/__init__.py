"""Webhooks: subscribers' endpoints told of publications, updates and withdrawals. The outbox's
reaction writes one delivery row per endpoint and event (`events`); a sender beside the story
scheduler posts them, signed, concurrently and with short timeouts, retrying with backoff
(`sending`); admins register endpoints and read the delivery log (`views`)."""

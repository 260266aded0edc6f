"""The demo agency: two editions, their sections, photos and three months of stories."""

"""The News archive: years, month calendars with stories per day, and day pages, in each
edition's time zone."""

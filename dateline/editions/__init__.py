"""Editions: one per language, each with its time zone, date formats, agency name, URL prefix or
host name, label banner and translation-note wording; their front pages and the agency home."""

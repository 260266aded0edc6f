"""Dateline: newsroom and publishing platform for multilingual 24/7 news agencies."""

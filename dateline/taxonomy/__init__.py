"""Regions and topics: pages in each edition's tree that stories are tagged with."""

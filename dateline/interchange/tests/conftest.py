import json
from pathlib import Path

import pytest

from dateline.editions.factories import english_edition, russian_edition
from dateline.editions.models import EditionFrontPage
from dateline.photos.factories import generated_jpeg
from dateline.taxonomy.factories import region_add, topic_add


@pytest.fixture
def editions(db):
    """English and Russian editions, each with the region “baku” and the topic “politics”."""
    english, russian = english_edition(), russian_edition()
    for edition, (baku, politics) in (
        (english, ("Baku", "Politics")),
        (russian, ("Баку", "Политика")),
    ):
        front = EditionFrontPage.objects.get(locale=edition.locale)
        region_add(parent=front, title=baku, slug="baku")
        topic_add(parent=front, title=politics, slug="politics")
    return english, russian


def story_line(**overrides) -> dict:
    return {
        "external_id": "cc-1",
        "edition": "en",
        "headline": "A new bridge opened in Baku",
        "lead": "The bridge joins two districts.",
        "body": ["The first paragraph.", "The second paragraph."],
        "published_at": "2021-04-07T20:28:00+04:00",
        "regions": ["baku"],
        "topics": ["politics"],
        "authors": ["Aziz Karimov"],
        "sources": [{"name": "Report.az", "url": "https://report.az/"}],
    } | overrides


def stories_file(folder: Path, lines: list[dict | str], name: str = "stories.jsonl") -> Path:
    path = folder / name
    path.write_text(
        "".join(
            (line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
            for line in lines
        ),
        encoding="utf-8",
    )
    return path


def photo_file(folder: Path, name: str = "photos/bridge.jpg", seed: int = 1) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(generated_jpeg(seed, 64, 36).file.getvalue())
    return name

"""Reader and subscriber code reads stories only through Story.objects.public() and its named
variants (embargoed(), withdrawn()): this scan of their source fails the suite when a module
reaches stories any other way."""

import ast
from pathlib import Path

import pytest

import dateline

PACKAGE = Path(dateline.__file__).parent
# Rooms that serve readers or subscribers, whole; rooms that exist later join when they do.
READER_ROOMS = ("site", "live", "archive", "syndication", "delivery")
# Modules of other rooms that read for readers: the label rules work on the newsroom's side
# (embargoed stories take labels too), but the labels they give a story's document are read here;
# the search index holds every live story (an embargoed one before readers may see it), and
# readers' searches pass the gate.
READER_MODULES = (
    "labels/document_labels.py",
    "search/query.py",
    "search/management/commands/search.py",
    "stories/selectors.py",
    "stories/document.py",
    "stories/rich_text.py",
    "interchange/exporter.py",
)
# Ways to stories that skip the gate: the manager's other methods, the bare managers, and the
# reverse relations from tags, photos, authors and originals.
# The gate and its named variants, each with its own tests.
GATES = {"public", "embargoed", "withdrawn"}
STORY_RELATIONS = {"stories", "translations", "front_placements"}
MANAGER_METHODS = {
    "all",
    "filter",
    "exclude",
    "get",
    "first",
    "last",
    "values",
    "values_list",
    "only",
    "order_by",
    "count",
    "exists",
    "iterator",
    "select_related",
    "prefetch_related",
}


def _reader_files() -> list[Path]:
    files = [PACKAGE / module for module in READER_MODULES if (PACKAGE / module).exists()]
    for room in READER_ROOMS:
        files += sorted((PACKAGE / room).rglob("*.py")) if (PACKAGE / room).is_dir() else []
    return [f for f in files if "tests" not in f.parts and "migrations" not in f.parts]


def _bypasses(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Attribute):
            continue
        owner = node.value
        if isinstance(owner, ast.Name) and owner.id == "Story":
            if node.attr in {"_default_manager", "_base_manager"}:
                found.append(f"Story.{node.attr} (line {node.lineno})")
        if (
            isinstance(owner, ast.Attribute)
            and owner.attr == "objects"
            and isinstance(owner.value, ast.Name)
            and owner.value.id == "Story"
            and node.attr not in GATES
        ):
            found.append(f"Story.objects.{node.attr} (line {node.lineno})")
        if isinstance(owner, ast.Attribute) and owner.attr in STORY_RELATIONS:
            if node.attr in MANAGER_METHODS:
                found.append(f".{owner.attr}.{node.attr} (line {node.lineno})")
    return found


def test_the_scan_finds_each_way_around_the_gate():
    source = (
        "Story.objects.filter(live=True)\nStory._default_manager.all()\n"
        "region.stories.all()\nStory.objects.public(edition)\n"
    )
    assert sorted(_bypasses(source)) == [
        ".stories.all (line 3)",
        "Story._default_manager (line 2)",
        "Story.objects.filter (line 1)",
    ]


@pytest.mark.parametrize("path", _reader_files(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_reader_module_reads_stories_only_through_the_gate(path: Path):
    assert _bypasses(path.read_text()) == [], f"{path} reads stories around the public gate"


def test_reader_templates_do_not_follow_relations_to_stories():
    root = PACKAGE / "templates"
    templates = [
        t
        for t in root.rglob("*.html")
        if t.relative_to(root).parts[0] in {*READER_ROOMS, "stories", "base.html"}
    ]
    assert templates
    for template in templates:
        text = template.read_text()
        for relation in STORY_RELATIONS:
            for method in MANAGER_METHODS:
                assert f".{relation}.{method}" not in text, template

"""The annotated corpus of bench/labels.py: sentences in Russian and English that mention (or
nearly mention) the entities of bench/labels_corpus/registry.csv, one sentence a line.

A mention is marked where it stands: `[[Мемориала|E1]]` is a mention of E1 that must be
labelled, `[[Пономарёв|P1|review]]` one that must be flagged for an editor's review and not
labelled (a surname alone, a name that is also a common word where it could be that word).
Quotes around a name stay outside the mark; everything else in the line is the sentence as the
detector reads it. Lines starting with "#" and blank lines are skipped.

The report half is every second sentence of each file (the 2nd, 4th, ...); the tune half the
others. Tuning never reads the report half.

    .venv/bin/python bench/labels_corpus.py  # checks the marks and counts them
"""

from __future__ import annotations

import csv
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / "labels_corpus"
REGISTRY = CORPUS_DIR / "registry.csv"
MARK = re.compile(r"\[\[([^\[\]|]+)\|([A-Z]+\d+)(\|review)?\]\]")


@dataclass(frozen=True)
class Mention:
    entity: str
    start: int
    end: int
    text: str
    review: bool


@dataclass(frozen=True)
class Sentence:
    source: str  # file:line
    language: str
    text: str
    mentions: tuple[Mention, ...]
    report: bool  # in the report half


def registry_ids() -> set[str]:
    with REGISTRY.open(encoding="utf-8") as file:
        return {row["id"] for row in csv.DictReader(file)}


def _sentence(line: str, source: str, language: str, report: bool) -> Sentence:
    text, mentions, cursor = [], [], 0
    length = 0
    for match in MARK.finditer(line):
        before = line[cursor : match.start()]
        text.append(before)
        length += len(before)
        surface = match.group(1)
        mentions.append(
            Mention(match.group(2), length, length + len(surface), surface, bool(match.group(3)))
        )
        text.append(surface)
        length += len(surface)
        cursor = match.end()
    text.append(line[cursor:])
    plain = "".join(text)
    if "[[" in plain or "]]" in plain:
        raise ValueError(f"{source}: a mark is not closed or not of the form [[text|ID]]")
    return Sentence(source, language, plain, tuple(mentions), report)


def corpus_sentences(language: str | None = None) -> list[Sentence]:
    """Every sentence of the corpus (of one language: "ru" or "en"), file by file."""
    sentences = []
    for path in sorted(CORPUS_DIR.glob("*.txt")):
        file_language = path.name.split("-", 1)[0]
        if language is not None and file_language != language:
            continue
        count = 0
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            count += 1
            source = f"{path.name}:{number}"
            sentences.append(_sentence(line, source, file_language, report=count % 2 == 0))
    return sentences


def main() -> int:
    known = registry_ids()
    problems = 0
    try:
        sentences = corpus_sentences()
    except ValueError as error:
        print(error)
        return 1
    for sentence in sentences:
        for mention in sentence.mentions:
            if mention.entity not in known:
                print(f"{sentence.source}: {mention.entity} is not in registry.csv")
                problems += 1
    by_file: Counter[str] = Counter()
    marks: Counter[str] = Counter()
    for sentence in sentences:
        name = sentence.source.split(":")[0]
        by_file[name] += 1
        for mention in sentence.mentions:
            marks[f"{name} {'review' if mention.review else 'label'}"] += 1
        if not sentence.mentions:
            marks[f"{name} none"] += 1
    for name, count in sorted(by_file.items()):
        print(
            f"{name}: {count} sentences, {marks[f'{name} label']} mentions to label, "
            f"{marks[f'{name} review']} to review, {marks[f'{name} none']} sentences without any"
        )
    print(f"all: {len(sentences)} sentences")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

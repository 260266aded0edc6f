"""Benchmark of the mention detector (dateline/labels/detection.py): accuracy on the annotated
corpus and throughput with a registry of 5,000 entities.

Not a test: it prints figures for bench/RESULTS.md, and needs no database (the registry is
read from bench/labels_corpus/registry.csv with csv).

1. Accuracy on one half of the corpus (bench/labels_corpus.py defines the marks and halves),
   per language. A mention found is correct when its entity, start and end are the annotated
   ones and it is labelled (review false); outputs flagged for review are scored on their own
   (review precision and recall) and are never false positives for labels. `--verbose` lists
   every error with its sentence. Tune with `--half tune`; `--half report` is for the final
   figures only.
2. Throughput on one core: a synthetic registry of 5,000 entities (seeded: people from
   pymorphy3's dictionary of first names and surnames, organisations from its nouns and
   adjectives, each with a Latin transliteration as an alias) plus the corpus registry, over
   news-like text (the tune half's sentences, shuffled, with sentences that mention synthetic
   entities) in stories of about 3,000 characters; one warm-up pass, then the best of several
   timed passes, in characters a second and as a ratio to the 1,000,000 target.

    .venv/bin/python bench/labels.py --half tune [--verbose] [--skip-throughput]
    .venv/bin/python bench/labels.py --skip-accuracy --passes 5
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass

from labels_corpus import REGISTRY, Sentence, corpus_sentences

from dateline.labels.detection import Detector, Entity, Mention

TARGET = 1_000_000  # characters a second, on one core, after warm-up
SYNTHETIC_ENTITIES = 5_000
STORY_CHARS = 3_000
TEXT_CHARS = 1_000_000
SEED = 20250101
# Prefixes whose dictionary entries are read for synthetic names: the dictionary holds five
# million word forms and reading all of them takes a minute.
ENGLISH_TEMPLATES = (
    "A court in Moscow fined {} on Monday, its lawyer said.",
    "Prosecutors say {} received money from abroad.",
    "The ministry added {} to the register on Friday.",
    "According to {}, the hearing was closed to the press.",
)
PREFIXES = ("ба", "бе", "ва", "го", "ка", "ко", "ма", "ми", "па", "ро", "са", "та", "ша", "ле")


@dataclass
class Score:
    found: int = 0
    expected: int = 0
    correct: int = 0

    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    def __str__(self) -> str:
        return (
            f"precision {self.precision():.3f} ({self.correct}/{self.found}), "
            f"recall {self.recall():.3f} ({self.correct}/{self.expected})"
        )


def corpus_registry() -> tuple[list[Entity], dict[int, str]]:
    """The corpus registry as entities, and each entity's registry id by its number."""
    entities, ids = [], {}
    with REGISTRY.open(encoding="utf-8") as file:
        for number, row in enumerate(csv.DictReader(file), start=1):
            aliases = tuple(alias.strip() for alias in row["aliases"].split("|") if alias.strip())
            entities.append(Entity(number, row["name"], aliases))
            ids[number] = row["id"]
    return entities, ids


def _keys(mentions: Iterable[tuple[str, int, int]]) -> set[tuple[str, int, int]]:
    return set(mentions)


def accuracy(half: str, verbose: bool) -> None:
    entities, ids = corpus_registry()
    detector = Detector(entities)
    report = half == "report"
    for language in ("ru", "en"):
        sentences = [s for s in corpus_sentences(language) if s.report == report]
        labels, reviews = Score(), Score()
        errors: list[str] = []
        for sentence in sentences:
            found = detector.mentions(sentence.text, language)
            found_labels = _keys((ids[m.entity], m.start, m.end) for m in found if not m.review)
            found_reviews = _keys((ids[m.entity], m.start, m.end) for m in found if m.review)
            gold_labels = _keys(
                (m.entity, m.start, m.end) for m in sentence.mentions if not m.review
            )
            gold_reviews = _keys((m.entity, m.start, m.end) for m in sentence.mentions if m.review)
            for score, got, gold in (
                (labels, found_labels, gold_labels),
                (reviews, found_reviews, gold_reviews),
            ):
                score.found += len(got)
                score.expected += len(gold)
                score.correct += len(got & gold)
            if verbose and (found_labels != gold_labels or found_reviews != gold_reviews):
                errors.append(_error(sentence, found, ids, gold_labels, gold_reviews))
        print(f"{language}: {len(sentences)} sentences ({half} half)")
        print(f"  labels:  {labels}")
        print(f"  reviews: {reviews}")
        for error in errors:
            print(error)


def _error(
    sentence: Sentence,
    found: list[Mention],
    ids: dict[int, str],
    gold_labels: set[tuple[str, int, int]],
    gold_reviews: set[tuple[str, int, int]],
) -> str:
    lines = [f"  {sentence.source}: {sentence.text}"]
    got = {(ids[m.entity], m.start, m.end, m.review) for m in found}
    gold = {(*key, False) for key in gold_labels} | {(*key, True) for key in gold_reviews}
    for entity, start, end, review in sorted(gold - got, key=lambda key: key[1]):
        kind = "review" if review else "label"
        lines.append(f"      missed {kind} {entity} {sentence.text[start:end]!r} [{start}:{end}]")
    for entity, start, end, review in sorted(got - gold, key=lambda key: key[1]):
        kind = "review" if review else "label"
        lines.append(f"      extra  {kind} {entity} {sentence.text[start:end]!r} [{start}:{end}]")
    return "\n".join(lines)


# Throughput


def _dictionary_words() -> tuple[list[str], list[str], list[str], list[str]]:
    """First names, masculine surnames, nouns and qualitative adjectives (their dictionary
    forms) from pymorphy3's dictionary, under a few prefixes."""
    from dateline.language.russian import analyser

    dictionary = analyser().dictionary
    kinds: dict[int, str] = {}
    for paradigm in range(len(dictionary.paradigms)):
        tag = dictionary.build_tag_info(paradigm, 0)
        grammemes = tag.grammemes
        if "Name" in grammemes:
            kinds[paradigm] = "first"
        elif "Surn" in grammemes and "masc" in grammemes:
            kinds[paradigm] = "surname"
        elif "Abbr" in grammemes or {"Geox", "Orgn", "Trad", "Patr"} & grammemes:
            continue
        elif tag.POS == "NOUN" and {"sing", "nomn", "inan"} <= grammemes:
            kinds[paradigm] = "noun"
        elif tag.POS == "ADJF" and "Qual" in grammemes:
            kinds[paradigm] = "adjective"
    found: dict[str, set[str]] = {
        "first": set(),
        "surname": set(),
        "noun": set(),
        "adjective": set(),
    }
    for prefix in PREFIXES:
        for word, (paradigm, index) in dictionary.words.iteritems(prefix):
            if index == 0 and paradigm in kinds and len(word) > 3:
                found[kinds[paradigm]].add(word)
    return tuple(sorted(found[kind]) for kind in ("first", "surname", "noun", "adjective"))  # type: ignore[return-value]


def _inflected(word: str, grammemes: set[str]) -> str:
    from dateline.language.russian import analyser

    for parse in analyser().parse(word):
        inflected = parse.inflect(grammemes)
        if inflected is not None:
            return str(inflected.word)
    return word


def synthetic_registry(rng: random.Random, count: int) -> tuple[list[Entity], dict[str, list[str]]]:
    """`count` entities, half people and half organisations, numbered from 1,000, and a
    sentence mentioning each in Russian and in English (by its Latin alias)."""
    from anyascii import anyascii

    firsts, surnames, nouns, adjectives = _dictionary_words()
    entities: list[Entity] = []
    sentences: dict[str, list[str]] = {"ru": [], "en": []}
    seen: set[str] = set()
    while len(entities) < count:
        number = 1_000 + len(entities)
        if len(entities) % 2:
            first = rng.choice(firsts)
            surname = rng.choice(surnames)
            if _gender(first) == "femn":
                surname = _inflected(surname, {"femn", "nomn"})
            name = f"{first.title()} {surname.title()}"
            genitive = (
                f"{_inflected(first, {'gent'}).title()} {_inflected(surname, {'gent'}).title()}"
            )
            sentence = f"По словам {genitive}, решение будет обжаловано."
        else:
            noun = rng.choice(nouns)
            shape = rng.randrange(3)
            if shape == 0:
                name = noun.title()
                sentence = f"В «{_inflected(noun, {'loct'}).title()}» об этом не знали."
            elif shape == 1:
                adjective = _inflected(rng.choice(adjectives), {_gender(noun) or "masc", "nomn"})
                name = f"{adjective.title()} {noun}"
                sentence = f"Сотрудники организации {name} рассказали о проверке."
            else:
                second = _inflected(rng.choice(nouns), {"gent"})
                name = f"Фонд «{noun.title()} {second}»"
                sentence = f"Эксперты фонда «{noun.title()} {second}» подготовили доклад."
        if name in seen:
            continue
        seen.add(name)
        latin = anyascii(name).replace("'", "")
        entities.append(Entity(number, name, (latin,)))
        sentences["ru"].append(sentence)
        sentences["en"].append(rng.choice(ENGLISH_TEMPLATES).format(latin))
    return entities, sentences


def _gender(word: str) -> str:
    from dateline.language.russian import analyser

    return str(analyser().parse(word)[0].tag.gender or "")


def stories(rng: random.Random, sentences: list[str], chars: int) -> list[str]:
    """Stories of about STORY_CHARS characters, together about `chars`, of sentences drawn at
    random."""
    result: list[str] = []
    total = 0
    while total < chars:
        paragraphs, length = [], 0
        while length < STORY_CHARS:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(2, 5)))
            paragraphs.append(paragraph)
            length += len(paragraph) + 1
        story = "\n".join(paragraphs)
        result.append(story)
        total += len(story)
    return result


def throughput(passes: int) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    rng = random.Random(SEED)
    started = time.perf_counter()
    synthetic, mentioning = synthetic_registry(rng, SYNTHETIC_ENTITIES)
    made = time.perf_counter() - started
    corpus, _ = corpus_registry()
    started = time.perf_counter()
    detector = Detector([*corpus, *synthetic])
    built = time.perf_counter() - started
    print(
        f"registry: {len(synthetic)} synthetic entities (made in {made:.1f} s) + {len(corpus)} "
        f"from registry.csv; detector built in {built:.2f} s"
    )
    tune = [s for s in corpus_sentences() if not s.report]
    by_language = {
        language: [s.text for s in tune if s.language == language] + mentioning[language]
        for language in ("ru", "en")
    }
    overall_chars, overall_seconds = 0, 0.0
    for language, sentences in by_language.items():
        if not sentences:
            continue
        texts = stories(rng, sentences, TEXT_CHARS)
        chars = sum(map(len, texts))
        started = time.perf_counter()
        found = sum(len(detector.mentions(text, language)) for text in texts)  # warm-up
        warm_up = time.perf_counter() - started
        timings = []
        for _ in range(passes):
            started = time.perf_counter()
            for text in texts:
                detector.mentions(text, language)
            timings.append(time.perf_counter() - started)
        best = min(timings)
        overall_chars += chars
        overall_seconds += best
        print(
            f"{language}: {chars:,} characters in {len(texts)} stories, {found:,} mentions; "
            f"warm-up {warm_up * 1000:.0f} ms, best of {passes} passes {best * 1000:.0f} ms "
            f"= {chars / best:,.0f} chars/s "
            f"({chars / best / TARGET:.2f}x the target)"
        )
    rate = overall_chars / overall_seconds
    verdict = "PASS" if rate >= TARGET else "FAIL"
    print(f"all: {rate:,.0f} chars/s = {rate / TARGET:.2f}x the 1,000,000 target: {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("tune", "report"), default="tune")
    parser.add_argument("--verbose", action="store_true", help="list every error")
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--skip-accuracy", action="store_true")
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    if not args.skip_accuracy:
        accuracy(args.half, args.verbose)
    if not args.skip_throughput:
        throughput(args.passes)
    return 0


if __name__ == "__main__":
    sys.exit(main())

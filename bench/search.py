"""Benchmark of readers' search (dateline/search): quality on a judged set, and speed on an archive.

Not a test: it prints figures for bench/RESULTS.md.

1. Quality. Builds the demo agency (`dateline migrate`, `dateline demo`, seed 2021) and adds the
   judged stories of bench/search_corpus/{ru,en}.json, published through the services so that the
   outbox reaction indexes them, in SQLite in a temporary DATA_DIR (or in a PostgreSQL database it
   creates and drops, with --database-url). Each judged query goes through story_search (limit
   10); it prints precision at 10, recall at 10 (of at most 10 relevant stories) and MRR, per
   language and per category, and every query whose top 10 holds nothing relevant.
2. The Snowball gap. For the Russian words of bench/search_corpus/ru_declensions.json, in all
   their cases: the share of pairs of a word's forms that share a term with Snowball alone and
   with word_terms (Snowball and the stems of pymorphy3's lemmas), and the share of ordered pairs
   where a search for one form finds a story that holds only the other, both ways. The judged
   set runs again with Snowball alone (word_terms cut to its first term, the index rebuilt;
   the rest of the matching as it is), and the difference is printed.
3. Speed (--speed), on an archive as it is (--data-dir, with --database-url for PostgreSQL), never
   built here: p50 and p95 of story_search(q, edition, limit=10) in this process, for distinct
   words and pairs of words drawn (seeded) from the archive's own headlines, each query asked
   once, against an anchor timed in the same run (the edition's ten latest public stories), with
   the number of results; at most --budget seconds of searching per language. --reindex first
   times `dateline reindex --restart` on it (stories/s). CPU pressure is printed at both ends.

    .venv/bin/python bench/search.py [--verbose] [--keep-data]
    .venv/bin/python bench/search.py --database-url postgres://postgres@127.0.0.1:5432/bench_search
    .venv/bin/python bench/search.py --speed --data-dir /tmp/dateline-bench-xyz [--reindex]
    .venv/bin/python bench/search.py --speed --database-url postgres://postgres@127.0.0.1:5432/x
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import json
import random
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from itertools import combinations, pairwise
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from harness import (
    BenchError,
    bench_database,
    cpu_pressure,
    dateline_run,
    is_postgres_url,
    machine_line,
    p95,
)

if TYPE_CHECKING:
    from dateline.editions.models import Edition

CORPUS_DIR = Path(__file__).resolve().parent / "search_corpus"
LANGUAGES = ("ru", "en")
DEMO_ARGS = ("--stories", "300", "--days", "90", "--seed", "2021")  # what the judgments read
TOP = 10
JUDGED_SPREAD = timedelta(days=90)  # judged stories' publication times, like the demo's
FORM_SEARCH_LIMIT = 1000
SPEED_SEED = 7
ANCHOR_RUNS = 50
HEADLINE_SAMPLE = 4000  # story ids drawn to find headlines to draw queries from
MIN_QUERY_WORD = 3
INDEXED = re.compile(r"^Indexed ([\d,]+) stories in ([\d.]+) s\.$", re.MULTILINE)


# -- the judged corpus ---------------------------------------------------------------------------


@dataclass(frozen=True)
class JudgedStory:
    key: str
    headline: str
    lead: str
    body: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    text: str
    category: str
    relevant: tuple[str, ...]  # keys of judged stories
    relevant_demo: tuple[str, ...]  # exact headlines of demo stories


@dataclass(frozen=True)
class Corpus:
    language: str
    stories: tuple[JudgedStory, ...]
    queries: tuple[Query, ...]


def corpus_read(language: str) -> Corpus:
    raw = json.loads((CORPUS_DIR / f"{language}.json").read_text())
    stories = tuple(
        JudgedStory(s["key"], s["headline"], s["lead"], tuple(s["body"])) for s in raw["stories"]
    )
    queries = tuple(
        Query(q["query"], q["category"], tuple(q["relevant"]), tuple(q["relevant_demo"]))
        for q in raw["queries"]
    )
    keys = {story.key for story in stories}
    unknown = sorted({key for query in queries for key in query.relevant} - keys)
    if len(keys) != len(stories) or unknown:
        raise BenchError(f"{language}.json: duplicate story keys, or unknown keys {unknown}")
    return Corpus(language, stories, queries)


def declensions_read() -> dict[str, list[str]]:
    return json.loads((CORPUS_DIR / "ru_declensions.json").read_text())["words"]


# -- the database ------------------------------------------------------------------------------


def demo_build(data_dir: Path, label: str) -> None:
    log = data_dir / "build.log"
    dateline_run("migrate", "--no-input", log=log)
    dateline_run("demo", *DEMO_ARGS, log=log)
    print(f"Demo agency ({label}) in {data_dir}")


def editions_by_language() -> dict[str, Edition]:
    from dateline.editions.registry import all_editions

    return {edition.language: edition for edition in all_editions()}


def _paragraphs(texts: Sequence[str]) -> list[dict]:
    from django.utils.html import escape

    return [{"type": "paragraph", "value": f"<p>{escape(text)}</p>"} for text in texts]


def judged_stories_publish(corpus: Corpus, edition: Edition) -> dict[str, int]:
    """Publishes the corpus's stories in the edition, at seeded times over the demo's 90 days
    (a recency boost sees them among the demo's); their ids by key."""
    from django.utils import timezone

    from dateline.stories.factories import StoryFactory
    from dateline.stories.outbox import reactions_run

    rng = random.Random(corpus.language)
    now = timezone.now()
    ids = {}
    for story in corpus.stories:
        published = StoryFactory(
            locale=edition.locale,
            headline=story.headline,
            lead=story.lead,
            body=_paragraphs(story.body),
            published_at=now - JUDGED_SPREAD * rng.random(),
        )
        ids[story.key] = published.pk
    reactions_run()  # the reactions already ran after each commit; this only makes sure
    return ids


def demo_ids_by_headline(edition: Edition) -> dict[str, list[int]]:
    from dateline.stories.models import Story

    ids: dict[str, list[int]] = defaultdict(list)
    for pk, headline in Story.objects.public(edition).values_list("pk", "headline"):
        ids[headline].append(pk)
    return ids


def headlines_by_id(edition: Edition) -> dict[int, str]:
    from dateline.stories.models import Story

    return dict(Story.objects.public(edition).values_list("pk", "headline"))


def index_rebuild() -> None:
    from django.core.management import call_command

    call_command("reindex", "--restart", stdout=io.StringIO())


# -- judging -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    query: Query
    relevant: frozenset[int]
    found: tuple[int, ...]  # the top TOP, best first
    first_headline: str  # of the best hit, to show what a miss found instead

    @property
    def hits(self) -> int:
        return sum(1 for pk in self.found if pk in self.relevant)

    @property
    def precision(self) -> float:
        return self.hits / TOP

    @property
    def recall(self) -> float:
        # Of at most TOP: a query with 25 relevant stories can do no better than 10 in a page.
        return self.hits / min(TOP, len(self.relevant))

    @property
    def reciprocal_rank(self) -> float:
        rank = next((n for n, pk in enumerate(self.found, 1) if pk in self.relevant), None)
        return 1 / rank if rank else 0.0


def relevant_ids(
    query: Query, story_ids: dict[str, int], demo_ids: dict[str, list[int]]
) -> frozenset[int]:
    return frozenset(
        [story_ids[key] for key in query.relevant]
        + [pk for headline in query.relevant_demo for pk in demo_ids.get(headline, [])]
    )


def queries_judge(
    corpus: Corpus, edition: Edition, story_ids: dict[str, int], demo_ids: dict[str, list[int]]
) -> list[Outcome]:
    from dateline.search.query import story_search

    outcomes = []
    for query in corpus.queries:
        hits = story_search(query.text, edition, limit=TOP)
        outcomes.append(
            Outcome(
                query,
                relevant_ids(query, story_ids, demo_ids),
                tuple(hit.story_id for hit in hits),
                hits[0].headline if hits else "",
            )
        )
    return outcomes


def missing_demo_headlines(corpus: Corpus, demo_ids: dict[str, list[int]]) -> list[str]:
    """Judged demo headlines the demo did not write (the demo changed since they were judged)."""
    judged = {headline for query in corpus.queries for headline in query.relevant_demo}
    return sorted(judged - set(demo_ids))


@dataclass(frozen=True)
class Scores:
    queries: int
    precision: float
    recall: float
    mrr: float
    misses: int  # queries with nothing relevant in the top TOP

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Scores:
        return cls(
            len(outcomes),
            statistics.fmean(o.precision for o in outcomes),
            statistics.fmean(o.recall for o in outcomes),
            statistics.fmean(o.reciprocal_rank for o in outcomes),
            sum(1 for o in outcomes if o.reciprocal_rank == 0),
        )

    def row(self, name: str) -> str:
        return (
            f"  {name:<14} {self.queries:>4}  {self.precision:6.3f}  {self.recall:6.3f}  "
            f"{self.mrr:6.3f}  {self.misses:>4} ({self.misses / self.queries:4.0%})"
        )


SCORES_HEADER = f"  {'':<14} {'n':>4}  {'P@10':>6}  {'R@10':>6}  {'MRR':>6}  {'MRR 0':>11}"


def by_category(outcomes: Sequence[Outcome]) -> dict[str, list[Outcome]]:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.query.category].append(outcome)
    return dict(sorted(groups.items(), key=lambda item: -len(item[1])))


def quality_print(language: str, outcomes: Sequence[Outcome]) -> None:
    relevant = sum(len(o.relevant) for o in outcomes)
    print(f"\n{language}: {len(outcomes)} queries, {relevant} relevant (query, story) pairs")
    print(SCORES_HEADER)
    print(Scores.of(outcomes).row("all"))
    for category, group in by_category(outcomes).items():
        print(Scores.of(group).row(category))


def misses_print(language: str, outcomes: Sequence[Outcome]) -> None:
    misses = [o for o in outcomes if o.reciprocal_rank == 0]
    print(f"\n{language}: queries with MRR 0 ({len(misses)}): [category] query: relevant, found")
    for o in sorted(misses, key=lambda o: (o.query.category, o.query.text)):
        found = f"{len(o.found)}, first «{o.first_headline}»" if o.found else "0"
        print(f"  [{o.query.category}] {o.query.text}: {len(o.relevant)}, {found}")


def outcomes_print(language: str, outcomes: Sequence[Outcome], headlines: dict[int, str]) -> None:
    """Every query with what it found: its reciprocal rank, relevant stories in the top 10 of
    all relevant ones, and the headlines it ranked there that are not relevant."""
    print(f"\n{language}: every query: [category] query: RR, relevant found/relevant, found")
    for o in outcomes:
        print(
            f"  [{o.query.category}] {o.query.text}: RR {o.reciprocal_rank:.2f}, "
            f"{o.hits}/{len(o.relevant)}, {len(o.found)}"
        )
        for pk in o.found:
            if pk not in o.relevant:
                print(f"      not relevant: {headlines[pk]}")


def difference_print(ours: Sequence[Outcome], snowball: Sequence[Outcome]) -> None:
    """The judged Russian set with Snowball alone against word_terms, overall and per category,
    and each query whose top 10 changed."""
    print(f"  {'':<14} {'n':>4}  {'P@10':>15}  {'R@10':>15}  {'MRR':>15}  (Snowball -> ours)")
    groups = {"all": (list(snowball), list(ours))}
    for category, group in by_category(ours).items():
        texts = {o.query.text for o in group}
        groups[category] = ([o for o in snowball if o.query.text in texts], group)
    for name, (alone, with_lemmas) in groups.items():
        a, b = Scores.of(alone), Scores.of(with_lemmas)
        print(
            f"  {name:<14} {b.queries:>4}  {a.precision:.3f} -> {b.precision:.3f}  "
            f"{a.recall:.3f} -> {b.recall:.3f}  {a.mrr:.3f} -> {b.mrr:.3f}"
        )
    changed = [
        (before, after)
        for before, after in zip(snowball, ours, strict=True)
        if before.reciprocal_rank != after.reciprocal_rank or before.hits != after.hits
    ]
    print(f"  queries that changed ({len(changed)}): RR and relevant in top 10, Snowball -> ours")
    for before, after in changed:
        print(
            f"    [{before.query.category}] {before.query.text}: RR {before.reciprocal_rank:.2f}"
            f" -> {after.reciprocal_rank:.2f}, {before.hits} -> {after.hits}"
        )


# -- Snowball alone ----------------------------------------------------------------------------


def _search_terms() -> ModuleType:
    from dateline.language import search_terms

    return search_terms


@contextlib.contextmanager
def snowball_alone() -> Iterator[None]:
    """word_terms cut to its first term (the word's own Snowball stem) wherever it was imported,
    so index and queries both lose the lemmas' stems; restored after, its cache cleared."""
    module = _search_terms()
    original = module.word_terms

    def first_term(word: str, language: str) -> tuple[str, ...]:
        return original(word, language)[:1]

    holders = [
        m
        for name, m in list(sys.modules.items())
        if name.startswith("dateline.") and getattr(m, "word_terms", None) is original
    ]
    for holder in holders:
        holder.word_terms = first_term  # type: ignore[attr-defined]
    try:
        if len(module.query_terms("Мемориала", "ru")[0]) != 1:
            raise BenchError("word_terms could not be cut to Snowball: query_terms keeps lemmas")
        yield
    finally:
        for holder in holders:
            holder.word_terms = original  # type: ignore[attr-defined]
        original.cache_clear()


# -- the Snowball gap, word by word --------------------------------------------------------------


def distinct_forms(forms: Sequence[str]) -> list[str]:
    """The forms as the index tells them apart (ё as е, any case): identical ones count once."""
    from dateline.language.folding import fold

    return list(dict.fromkeys(fold(form).lower() for form in forms))


@functools.cache
def _russian_snowball() -> Any:
    import Stemmer

    return Stemmer.Stemmer("russian")


def snowball_terms(word: str, language: str) -> tuple[str, ...]:
    """PyStemmer's Russian stem of the folded, lower-cased word, as word_terms's first term."""
    from dateline.language.folding import fold

    return (_russian_snowball().stemWord(fold(word).lower()),)


def sharing_share(forms: Sequence[str], terms: Callable[[str, str], tuple[str, ...]]) -> float:
    """The share of pairs of forms that share a term (so each form's query finds the other)."""
    pairs = list(combinations(forms, 2))
    shared = sum(1 for a, b in pairs if set(terms(a, "ru")) & set(terms(b, "ru")))
    return shared / len(pairs)


def form_stories_publish(
    words: dict[str, list[str]], edition: Edition
) -> dict[str, dict[str, int]]:
    """One story per distinct form of each word, its headline the form alone; ids by word, form."""
    from dateline.stories.factories import StoryFactory
    from dateline.stories.outbox import reactions_run

    ids: dict[str, dict[str, int]] = {}
    for word, forms in words.items():
        ids[word] = {
            form: StoryFactory(locale=edition.locale, headline=form, lead="", body=[]).pk
            for form in distinct_forms(forms)
        }
    reactions_run()
    return ids


def searched_share(ids_by_form: dict[str, int], edition: Edition) -> float:
    """The share of ordered pairs (a, b) of forms where a search for a finds b's story."""
    from dateline.search.query import story_search

    found = 0
    for form in ids_by_form:
        hits = {hit.story_id for hit in story_search(form, edition, limit=FORM_SEARCH_LIMIT)}
        found += sum(1 for other, pk in ids_by_form.items() if other != form and pk in hits)
    pairs = len(ids_by_form) * (len(ids_by_form) - 1)
    return found / pairs


@dataclass(frozen=True)
class WordGap:
    word: str
    forms: int
    snowball_terms: float
    our_terms: float
    snowball_search: float
    our_search: float


def gap_print(gaps: Sequence[WordGap]) -> None:
    print(
        "\nThe Snowball gap: pairs of a word's forms that share a term (Snowball alone, ours), and "
        "ordered pairs where a search for one form finds a story holding only the other "
        "(index and query with Snowball alone, with ours; prefix matching as the search does it)"
    )
    print(f"  {'word':<13} {'forms':>5}  {'terms: Snowball':>15} {'ours':>6}  ", end="")
    print(f"{'search: Snowball':>16} {'ours':>6}")
    for g in gaps:
        print(
            f"  {g.word:<13} {g.forms:>5}  {g.snowball_terms:>15.0%} {g.our_terms:>6.0%}  "
            f"{g.snowball_search:>16.0%} {g.our_search:>6.0%}"
        )
    weights = [g.forms * (g.forms - 1) for g in gaps]  # ordered pairs; unordered are half
    total = sum(weights)

    def share(value: Callable[[WordGap], float]) -> float:
        return sum(value(g) * w for g, w in zip(gaps, weights, strict=True)) / total

    print(
        f"  {'all pairs':<13} {sum(g.forms for g in gaps):>5}  "
        f"{share(lambda g: g.snowball_terms):>15.1%} {share(lambda g: g.our_terms):>6.1%}  "
        f"{share(lambda g: g.snowball_search):>16.1%} {share(lambda g: g.our_search):>6.1%}"
    )


def snowball_compared(
    words: dict[str, list[str]], ru: Edition, judged_ru: Callable[[], list[Outcome]]
) -> tuple[list[Outcome], list[WordGap]]:
    """The judged Russian set with Snowball alone, and each word's forms found both ways. The
    forms' stories come after the judged runs, which they would otherwise answer."""
    with snowball_alone():
        index_rebuild()
        snowball = judged_ru()
        form_ids = form_stories_publish(words, ru)
        snowball_search = {word: searched_share(form_ids[word], ru) for word in words}
    index_rebuild()
    gaps = []
    for word, forms in words.items():
        distinct = distinct_forms(forms)
        gaps.append(
            WordGap(
                word,
                len(distinct),
                sharing_share(distinct, snowball_terms),
                sharing_share(distinct, _search_terms().word_terms),
                snowball_search[word],
                searched_share(form_ids[word], ru),
            )
        )
    return snowball, gaps


# -- the quality run ---------------------------------------------------------------------------


def quality(args: argparse.Namespace) -> None:
    started = time.monotonic()
    corpora = {language: corpus_read(language) for language in LANGUAGES}
    words = declensions_read()
    with bench_database(args, demo_build) as database:
        import django

        django.setup()
        editions = editions_by_language()
        story_ids = {
            language: judged_stories_publish(corpora[language], editions[language])
            for language in LANGUAGES
        }
        demo_ids = {language: demo_ids_by_headline(editions[language]) for language in LANGUAGES}
        print(
            f"Built and indexed in {time.monotonic() - started:.0f} s: the demo and "
            + ", ".join(f"{len(corpora[lang].stories)} judged {lang} stories" for lang in LANGUAGES)
        )
        for language in LANGUAGES:
            if missing := missing_demo_headlines(corpora[language], demo_ids[language]):
                print(f"  {language}: judged demo headlines the demo did not write: {missing}")

        def judged(language: str) -> list[Outcome]:
            return queries_judge(
                corpora[language], editions[language], story_ids[language], demo_ids[language]
            )

        searched = time.monotonic()
        ours = {language: judged(language) for language in LANGUAGES}
        print(f"\nQuality on {database.label}, top {TOP} ({time.monotonic() - searched:.1f} s)")
        for language in LANGUAGES:
            quality_print(language, ours[language])
        for language in LANGUAGES:
            misses_print(language, ours[language])
        if args.verbose:
            for language in LANGUAGES:
                outcomes_print(language, ours[language], headlines_by_id(editions[language]))

        snowball, gaps = snowball_compared(words, editions["ru"], lambda: judged("ru"))
        gap_print(gaps)
        print("\nru judged set, Snowball alone against ours (Snowball + lemma stems):")
        difference_print(ours["ru"], snowball)
    print(f"\nDone in {time.monotonic() - started:.0f} s; CPU pressure at the end {cpu_pressure()}")


# -- speed on an archive ---------------------------------------------------------------------------


def headlines_drawn(edition: Edition, rng: random.Random) -> list[str]:
    """Headlines of public stories whose ids are drawn at random: a sample of any archive's size
    without reading every row."""
    from django.db.models import Max, Min

    from dateline.stories.models import Story

    bounds = Story.objects.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    span = range(bounds["low"], bounds["high"] + 1)
    ids = rng.sample(span, min(HEADLINE_SAMPLE, len(span)))
    public = Story.objects.public(edition).filter(pk__in=ids)
    return sorted(public.values_list("headline", flat=True))


def queries_drawn(headlines: Sequence[str], count: int, rng: random.Random) -> list[str]:
    """Single words and pairs of adjacent words from the headlines, taking turns (a run cut
    short by its budget keeps both kinds); never a query twice (in any case), so no cache of an
    earlier answer helps."""
    from dateline.language.tokens import WORD

    singles: dict[str, str] = {}
    pairs: dict[str, str] = {}
    for headline in headlines:
        words = [w for w in WORD.findall(headline) if len(w) >= MIN_QUERY_WORD and not w.isdigit()]
        singles.update((w.casefold(), w) for w in words)
        pairs.update((f"{a} {b}".casefold(), f"{a} {b}") for a, b in pairwise(words))
    drawn_singles = rng.sample(sorted(singles.values()), min(count // 2, len(singles)))
    drawn_pairs = rng.sample(sorted(pairs.values()), min(count - len(drawn_singles), len(pairs)))
    taking_turns = [q for two in zip(drawn_singles, drawn_pairs, strict=False) for q in two]
    rest = drawn_singles[len(drawn_pairs) :] + drawn_pairs[len(drawn_singles) :]
    return taking_turns + rest


def anchor_time(edition: Edition) -> list[float]:
    """The edition's ten latest public stories' ids and headlines: a query every page makes."""
    from dateline.stories.models import Story

    latest = Story.objects.public(edition).order_by("-first_published_at", "-pk")
    durations = []
    for _ in range(ANCHOR_RUNS):
        started = time.perf_counter()
        list(latest.values_list("pk", "headline")[:TOP])
        durations.append(time.perf_counter() - started)
    return durations


@dataclass
class Timed:
    queries: list[str]
    durations: list[float]
    counts: list[int]  # results of each, at most TOP

    def of_kind(self, is_pair: bool) -> tuple[list[float], list[int]]:
        chosen = [n for n, q in enumerate(self.queries) if (" " in q) == is_pair]
        return [self.durations[n] for n in chosen], [self.counts[n] for n in chosen]


def searches_time(queries: Sequence[str], edition: Edition, budget_s: float) -> Timed:
    """Each query timed once, until the queries or the budget run out."""
    from dateline.language.search_terms import query_terms
    from dateline.search.query import story_search

    query_terms("прогрев warm", edition.language)  # loads the dictionaries, matches nothing
    timed = Timed([], [], [])
    deadline = time.monotonic() + budget_s
    for text in queries:
        if time.monotonic() > deadline:
            break
        started = time.perf_counter()
        hits = story_search(text, edition, limit=TOP)
        timed.durations.append(time.perf_counter() - started)
        timed.queries.append(text)
        timed.counts.append(len(hits))
    return timed


def speed_print(
    language: str, kind: str, durations: list[float], counts: list[int], anchor_p50: float
) -> None:
    if not durations:
        print(f"  {language} {kind:<7} no queries (no public stories' headlines to draw from)")
        return
    p50 = statistics.median(durations)
    print(
        f"  {language} {kind:<7} {len(durations):>4} queries  p50 {p50 * 1000:7.2f} ms  "
        f"p95 {p95(durations) * 1000:7.2f} ms  max {max(durations) * 1000:7.1f} ms  "
        f"p50/anchor {p50 / anchor_p50:6.1f}x  results: mean {statistics.fmean(counts):4.1f}, "
        f"none {counts.count(0)}, full page {counts.count(TOP)}"
    )


def speed(count: int, budget_s: float) -> None:
    from dateline.search.models import SearchEntry
    from dateline.stories.models import Story

    entries, live = SearchEntry.objects.count(), Story.objects.filter(live=True).count()
    print(f"\nSpeed: {live:,} live stories, {entries:,} index entries")
    if entries == 0:
        raise BenchError("The index is empty: run with --reindex (or `dateline reindex`) first.")
    rng = random.Random(SPEED_SEED)
    for language, edition in editions_by_language().items():
        headlines = headlines_drawn(edition, rng)
        queries = queries_drawn(headlines, count, rng)
        print(
            f"  {language}: {len(queries)} distinct queries drawn from {len(headlines):,} "
            f"headlines ({len(set(headlines)):,} distinct) of randomly drawn stories"
        )
        anchor = anchor_time(edition)
        anchor_p50 = statistics.median(anchor)
        print(
            f"  {language} anchor  {len(anchor):>4} runs     p50 {anchor_p50 * 1000:7.2f} ms  "
            f"p95 {p95(anchor) * 1000:7.2f} ms  (the ten latest public stories)"
        )
        timed = searches_time(queries, edition, budget_s)
        if len(timed.queries) < len(queries):
            print(
                f"  {language} stopped by the budget ({budget_s:.0f} s) after "
                f"{len(timed.queries)} of {len(queries)} queries"
            )
        speed_print(language, "words", *timed.of_kind(is_pair=False), anchor_p50)
        speed_print(language, "pairs", *timed.of_kind(is_pair=True), anchor_p50)


def reindex_time() -> None:
    with tempfile.TemporaryDirectory(prefix="dateline-bench-search-") as tmp:
        log = Path(tmp) / "reindex.log"
        print(f"\nReindex: dateline reindex --restart (CPU pressure {cpu_pressure()})")
        started = time.perf_counter()
        output = dateline_run("reindex", "--restart", log=log)
        wall = time.perf_counter() - started
    summary = INDEXED.search(output)
    if summary is None:
        raise BenchError(f"`dateline reindex` said nothing of what it indexed:\n{output[-500:]}")
    stories, seconds = int(summary.group(1).replace(",", "")), float(summary.group(2))
    print(
        f"  {stories:,} stories in {seconds:.1f} s by its own count ({stories / seconds:,.0f} "
        f"stories/s), {wall:.1f} s wall with the process start ({stories / wall:,.0f} stories/s); "
        f"CPU pressure after {cpu_pressure()}"
    )


@contextlib.contextmanager
def archive_database(args: argparse.Namespace) -> Iterator[None]:
    """The archive as it is: its DATA_DIR, or for PostgreSQL alone a temporary empty one."""
    with contextlib.ExitStack() as stack:
        data_dir = args.data_dir
        if data_dir is None:
            data_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dl-search-")))
        as_is = argparse.Namespace(
            data_dir=data_dir, database_url=args.database_url, keep_data=False
        )
        database = stack.enter_context(bench_database(as_is, demo_build))
        print(f"Archive: {database.label}, DATA_DIR {database.data_dir}")
        yield


def archive(args: argparse.Namespace) -> None:
    with archive_database(args):
        if args.reindex:
            reindex_time()
        import django

        django.setup()
        if args.speed:
            speed(args.queries, args.budget)
    print(f"\nCPU pressure at the end {cpu_pressure()}")


# -- the command ---------------------------------------------------------------------------------


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default="",
        help="PostgreSQL on 127.0.0.1: for quality, a database this run creates and drops; "
        "with --speed or --reindex, the archive's database as it is",
    )
    parser.add_argument(
        "--data-dir", type=Path, help="with --speed or --reindex: the archive's DATA_DIR, as it is"
    )
    parser.add_argument("--keep-data", action="store_true", help="keep the quality run's data")
    parser.add_argument(
        "--verbose", action="store_true", help="quality: every query with what it found"
    )
    parser.add_argument("--speed", action="store_true", help="time searches on an archive")
    parser.add_argument("--reindex", action="store_true", help="time a reindex of an archive")
    parser.add_argument(
        "--queries", type=int, default=300, help="queries per language with --speed (300)"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=600.0,
        help="with --speed: seconds of searching per language at most (600)",
    )
    args = parser.parse_args()
    on_archive = args.speed or args.reindex
    if args.database_url and not is_postgres_url(args.database_url):
        parser.error("--database-url must be a postgres:// URL")
    if args.database_url and "@127.0.0.1" not in args.database_url:
        parser.error("--database-url must be on 127.0.0.1")
    if on_archive and not (args.data_dir or args.database_url):
        parser.error("--speed and --reindex need an archive: --data-dir or --database-url")
    if args.data_dir and not on_archive:
        parser.error("--data-dir is for --speed and --reindex; quality builds its own database")
    if args.queries < 20:
        parser.error("--queries must be at least 20")
    return args


def main() -> int:
    args = arguments()
    print(machine_line())
    try:
        if args.speed or args.reindex:
            archive(args)
        else:
            quality(args)
    except BenchError as error:
        print(f"search.py: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

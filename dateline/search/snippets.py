"""What a result shows of why it was found: the headline and a passage of the story's text with
the query's words marked (<mark>), in HTML, everything else escaped.

The index holds terms, not words, so the words are found again here, in the story's readable
text (stories.document_text.story_texts): a word is marked when its terms match a word of the
query as the index matched them (matching.terms_match: a form of it, or a word it begins). The
passage is the window of about SNIPPET_WORDS words that holds the most of the query's words,
then the most matches; the first in the text wins a tie. A story found by its headline alone
shows the beginning of its lead."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString

from dateline.language.search_terms import word_terms
from dateline.language.tokens import Word, words

from .matching import Groups, terms_match

SNIPPET_WORDS = 30
ELLIPSIS = "…"


@dataclass(frozen=True)
class Found:
    """A search result's headline and passage, as HTML with the query's words marked."""

    headline: SafeString
    snippet: SafeString


def _matched_groups(word: Word, groups: Groups, language: str) -> frozenset[int]:
    terms = word_terms(word.text, language)
    return frozenset(i for i, group in enumerate(groups) if terms_match(terms, group))


def _marked(text: str, spans: list[tuple[Word, bool]], start: int, end: int) -> str:
    """text[start:end] escaped, with the matched words of `spans` (inside it) marked."""
    html, at = [], start
    for word, is_match in spans:
        if not is_match:
            continue
        html += [escape(text[at : word.start]), f"<mark>{escape(word.text)}</mark>"]
        at = word.end
    html.append(escape(text[at:end]))
    return "".join(html)


def highlighted(text: str, groups: Groups, language: str) -> SafeString:
    """The whole text, escaped, with the query's words marked."""
    spans = [(word, bool(_matched_groups(word, groups, language))) for word in words(text)]
    return SafeString(_marked(text, spans, 0, len(text)))


@dataclass(frozen=True)
class _Window:
    text: str
    spans: list[tuple[Word, frozenset[int]]]  # the window's words and the groups they match
    is_start: bool  # it starts at the text's first word
    is_end: bool  # it ends at the text's last word

    @property
    def rank(self) -> tuple[int, int]:
        matched = [groups for _word, groups in self.spans if groups]
        return len(frozenset().union(*matched)), len(matched)


def _windows(text: str, groups: Groups, language: str) -> Iterable[_Window]:
    spans = [(word, _matched_groups(word, groups, language)) for word in words(text)]
    if not spans:
        return
    # Every window of the text's length that starts at a match (or the text's first word).
    starts = [i for i, (_word, found) in enumerate(spans) if found] or [0]
    for first in starts:
        # A little of what comes before the first match, so it is read in its sentence.
        begin = max(0, min(first - 3, len(spans) - SNIPPET_WORDS))
        stop = min(len(spans), begin + SNIPPET_WORDS)
        yield _Window(text, spans[begin:stop], begin == 0, stop == len(spans))


def _html(window: _Window) -> str:
    start, end = window.spans[0][0].start, window.spans[-1][0].end
    if window.is_start:
        start = 0
    if window.is_end:
        end = len(window.text)
    spans = [(word, bool(found)) for word, found in window.spans]
    passage = _marked(window.text, spans, start, end).strip()
    return (
        ("" if window.is_start else ELLIPSIS)
        + passage
        + ("" if window.is_end or passage.endswith(".") else ELLIPSIS)
    )


def snippet(texts: Iterable[str], groups: Groups, language: str) -> SafeString:
    """The best passage of these texts (a story's lead, captions and body, each on its own) for
    the query, as HTML; the first text's beginning if none holds a query word."""
    best: _Window | None = None
    fallback: _Window | None = None
    for text in texts:
        for window in _windows(text, groups, language):
            fallback = fallback or window
            if window.rank > (0, 0) and (best is None or window.rank > best.rank):
                best = window
    chosen = best or fallback
    return SafeString(_html(chosen) if chosen is not None else "")


def found(story_texts: Iterable[str], groups: Groups, language: str) -> Found:
    """The headline (the first text) and the best passage of the rest, marked."""
    texts = iter(story_texts)
    headline = next(texts, "")
    rest = [text for text in texts if text and text.strip()]
    return Found(highlighted(headline, groups, language), snippet(rest, groups, language))

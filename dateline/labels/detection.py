"""Finds the mentions of registry entities in a text, for every entity at once.

Each spelling of an entity (its name and every alias, Cyrillic or Latin) becomes a path in one
token-level trie: a step for each word, keyed by the word's lowercase form and every candidate
lemma pymorphy3 gives it ("Мемориала" steps like "Мемориал"), and between words a step for what
separates them (nothing but space, a hyphen, a quote, the dot after an initial). A text is split
into words in C, each distinct word form is looked up once (a bounded cache holds the keys it
shares with the trie, or none), and only the words that can be part of some name are walked,
with every candidate lemma at once (an NFA over sets of trie nodes).

What a match means is then decided from its context, by the rules annotators follow:
- longest match wins, and one span is one mention;
- a person (first name + surname, optionally a patronymic, by pymorphy's Name/Surn/Patr tags)
  is labelled with a first name or initial next to the surname, in either order; a surname
  alone is flagged for review, and nothing is said when another first name or initial stands
  next to it (a namesake);
- a name made of common words ("Мемориал", "Новая волна", "New Wave") is labelled when it is
  quoted or capitalised mid-sentence, flagged for review when it is capitalised only because a
  sentence starts with it, and skipped in lowercase;
- a name followed by another capitalised word ("Голос Америки", "Memorial Day") or inside
  quotes that hold a longer title is part of another name.
Offsets and text are the original's: folding (ё to е, dashes and quotes) keeps the length.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from itertools import compress, permutations
from typing import Literal

from anyascii import anyascii

from dateline.language import english, russian
from dateline.language.folding import fold
from dateline.language.quotes import enclosing_quotation
from dateline.language.tokens import (
    is_all_caps,
    is_capitalised,
    script,
    separator_key,
    split_words,
)

Kind = Literal["organisation", "person", "surname"]
LANGUAGES = ("ru", "en")
CACHE_SIZE = 200_000  # word forms and separators remembered per detector
TITLE_WORDS = 6  # a quotation of at most this many words, without punctuation, is a title
_SENTENCE_END = ".!?…"
_LEADERS = ' \t\r"(-[«„“'  # what may stand between a sentence's end and its first word
_LATIN_PATRONYMIC = ("ovich", "evich", "ovna", "evna", "ichna", "yevich", "yevna")
_ROOT = 0


@dataclass(frozen=True)
class Entity:
    """A registry entity as the detector knows it: an id of the caller's choice, the name and
    the other spellings (Latin or Cyrillic), each just another name."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Mention:
    """A mention found in a text: offsets are Python str indices into the original text (end
    exclusive); `review` is a candidate for an editor to decide, not a label."""

    entity: int
    start: int
    end: int
    text: str
    review: bool


@dataclass(frozen=True)
class _Ending:
    """What a trie node that ends a spelling stands for."""

    entity: int  # the entity's id
    order: int  # the entity's place in the registry, for a stable choice between equals
    kind: Kind
    common: bool  # an organisation's spelling made only of common words
    quoted: bool  # a spelling with quotes of its own (Правозащитный центр «Мемориал»)
    trailing: str  # a separator the spelling ends with: '"' or "." (after an initial)
    headed: bool = False  # a word of it names a kind of organisation (фонд, Association)
    # Whether a capital on a word after the first tells a name from the common words: in
    # Russian it does, in a Latin spelling (Northern Wind) only if the Russian name has one
    # too (Армия Рассвета, Dawn Army).
    capitals_tell: bool = True


@dataclass(frozen=True)
class _Group:
    """The words of one part of a spelling (a hyphenated surname is one part) and what
    separates them: the keys each word can match."""

    words: tuple[frozenset[str], ...]
    separators: tuple[str, ...]  # between the words


@dataclass(frozen=True)
class _Pattern:
    """A path to add to the trie: the keys of each word, the separator keys between them."""

    words: tuple[frozenset[str], ...]
    separators: tuple[str, ...]


def _lemma_keys(word: str) -> set[str]:
    """The keys of any reading of a Russian word: lemma and coarse part of speech, so that
    "открытая" (открытый, открыть as a participle) never meets "открыл" (открыть, a verb)."""
    return {f"{reading.lemma}|{reading.pos}" for reading in russian.readings(word)}


def _word_keys(word: str) -> frozenset[str]:
    """The keys a word of an organisation's spelling steps on."""
    if is_all_caps(word) and len(word) <= 5:
        return frozenset({"=" + word})  # an abbreviation (АНН, AIO) matches as written
    keys = {word.lower()}
    if script(word) == "cyrillic":
        keys |= _lemma_keys(word)
    return frozenset(keys)


def _is_common(word: str) -> bool:
    if is_all_caps(word) and len(word) <= 5:
        return False
    kind = script(word)
    if kind == "cyrillic":
        return russian.is_common_word(word)
    if kind == "latin":
        return english.is_common_word(word)
    return True  # numbers neither make nor unmake a name


def _has_inner_capital(spelling: str) -> bool:
    """Whether a word after the first of a Russian name is capitalised outside quotes (Армия
    Рассвета; not Правозащитный центр «Мемориал», where the capital is the quoted name's)."""
    parts, _ = split_words(fold(spelling, quotes=True))
    quoted = False
    for index in range(1, len(parts), 2):
        quoted ^= parts[index - 1].count('"') % 2 == 1
        if index > 1 and not quoted and is_capitalised(parts[index]):
            return True
    return False


def _is_organisation_head(word: str) -> bool:
    if script(word) == "cyrillic":
        return russian.is_organisation_head(word)
    return english.is_organisation_head(word)


def _spelling(spelling: str) -> tuple[list[str], list[str], str]:
    """The words of a spelling, the separator keys between them, and the trailing one; quotes
    around the whole spelling are dropped."""
    parts, _ = split_words(fold(spelling, quotes=True))
    words = parts[1::2]
    separators = [separator_key(part) for part in parts[2:-1:2]]
    leading, trailing = separator_key(parts[0]), separator_key(parts[-1])
    if leading == '"' and trailing == '"':
        trailing = ""
    return words, separators, trailing if trailing == '"' else ""


def _groups(words: list[str], separators: list[str]) -> list[tuple[list[str], list[str]]]:
    """Words joined by hyphens as one group."""
    groups: list[tuple[list[str], list[str]]] = [([words[0]], [])]
    for word, separator in zip(words[1:], separators, strict=True):
        if separator == "-":
            groups[-1][0].append(word)
            groups[-1][1].append(separator)
        else:
            groups.append(([word], []))
    return groups


def _roles(groups: list[tuple[list[str], list[str]]]) -> list[str] | None:
    """The part of a person's name each group is ("first", "patronymic", "surname"), or None
    for a spelling that is not a person's name."""
    if not all(is_capitalised(group[0][0]) for group in groups):
        return None
    parts = [
        frozenset().union(*(russian.name_parts(word) for word in group[0])) for group in groups
    ]
    if len(groups) == 2:
        first, second = parts
        if "first" in first and ("surname" in second or "first" not in second):
            return ["first", "surname"]
        if "first" in second and "surname" in first:
            return ["surname", "first"]
        if "first" in first and _nominative(groups[1][0]):
            return ["first", "surname"]
        return None
    if len(groups) == 3:
        if "first" in parts[0] and "patronymic" in parts[1]:
            return ["first", "patronymic", "surname"]
        if "first" in parts[1] and "patronymic" in parts[2]:
            return ["surname", "first", "patronymic"]
    return None


def _nominative(words: list[str]) -> bool:
    return all(
        any(reading.case in ("nomn", "") for reading in russian.readings(word)) for word in words
    )


def _transliteration(words: list[str]) -> str:
    return anyascii(" ".join(words)).lower()


def _person_keys(word: str, role: str, gender: str) -> frozenset[str]:
    """The keys a word of a person's name steps on: the lemmas of its nominative readings as
    that part of a name, of the first name's gender where the word has one (Мария Иванова is
    иванов in the feminine: "Ивановой" yes, "Иванов" no)."""
    keys = {word.lower()}
    if script(word) != "cyrillic":
        return frozenset(keys)
    readings = russian.readings(word)
    nominative = [reading for reading in readings if reading.case in ("nomn", "")] or list(readings)
    as_part = [reading for reading in nominative if reading.name_part == role]
    chosen = as_part or nominative
    if role == "first":
        return frozenset(keys | {f"{reading.lemma}|{reading.pos}" for reading in chosen})
    agreeing = [reading for reading in chosen if gender and reading.gender == gender]
    if agreeing:
        keys |= {f"{reading.lemma}|{reading.pos}|{reading.gender}" for reading in agreeing}
    else:
        keys |= {f"{reading.lemma}|{reading.pos}" for reading in chosen}
    return frozenset(keys)


def _merged(groups: Iterable[_Group]) -> list[_Group]:
    """Variants of one part of a name with the same shape as one group, word by word."""
    by_shape: dict[tuple[int, tuple[str, ...]], list[set[str]]] = {}
    for group in groups:
        shape = (len(group.words), group.separators)
        merged = by_shape.setdefault(shape, [set() for _ in group.words])
        for keys, word in zip(merged, group.words, strict=True):
            keys |= word
    return [
        _Group(tuple(frozenset(keys) for keys in words), shape[1])
        for shape, words in by_shape.items()
    ]


class _Trie:
    """Nodes alternate: a word step leads from a node to others (a key may lead to several),
    a separator step from a word node to one node."""

    def __init__(self) -> None:
        self.words: list[dict[str, tuple[int, ...]]] = [{}]
        self.separators: list[dict[str, int]] = [{}]
        self.depth: list[int] = [0]
        self.endings: dict[int, list[_Ending]] = {}
        self._children: dict[tuple[int, frozenset[str]], int] = {}

    def _node(self, depth: int) -> int:
        self.words.append({})
        self.separators.append({})
        self.depth.append(depth)
        return len(self.words) - 1

    def add(self, pattern: _Pattern, ending: _Ending) -> None:
        node = _ROOT
        for index, keys in enumerate(pattern.words):
            if index:
                separator = pattern.separators[index - 1]
                following = self.separators[node].get(separator)
                if following is None:
                    following = self.separators[node][separator] = self._node(self.depth[node])
                node = following
            child = self._children.get((node, keys))
            if child is None:
                child = self._children[(node, keys)] = self._node(self.depth[node] + 1)
                edges = self.words[node]
                for key in keys:
                    edges[key] = (*edges.get(key, ()), child)
            node = child
        if ending not in self.endings.setdefault(node, []):
            self.endings[node].append(ending)

    def keys(self) -> frozenset[str]:
        return frozenset(key for edges in self.words for key in edges)


@dataclass(frozen=True)
class _Match:
    first: int  # index of the first word
    last: int  # index of the last word
    ending: _Ending


class Detector:
    """Mentions of a registry's entities, with the registry compiled once (build one per
    registry version; it remembers the word forms it has seen)."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self._trie = _Trie()
        for order, entity in enumerate(entities):
            self._add(entity, order)
        self._keys = self._trie.keys()
        self._forms: dict[str, tuple[str, ...]] = {}
        self._separators: dict[str, str] = {}

    # Building

    def _add(self, entity: Entity, order: int) -> None:
        spellings = list(dict.fromkeys(s.strip() for s in (entity.name, *entity.aliases)))
        spellings = [s for s in spellings if s and _spelling(s)[0]]
        reference = next((s for s in spellings if script(s) == "cyrillic"), None)
        roles = None
        if reference is not None:
            words, separators, _ = _spelling(reference)
            reference_groups = _groups(words, separators)
            roles = _roles(reference_groups)
        if reference is None or roles is None:
            capitals_tell = reference is not None and _has_inner_capital(reference)
            for spelling in spellings:
                self._add_organisation(spelling, entity, order, capitals_tell)
            return
        self._add_person(spellings, reference_groups, roles, entity, order)

    def _add_organisation(
        self, spelling: str, entity: Entity, order: int, capitals_tell: bool
    ) -> None:
        words, separators, trailing = _spelling(spelling)
        keys = tuple(_word_keys(word) for word in words)
        common = all(_is_common(word) for word in words)
        quoted = '"' in trailing or any('"' in separator for separator in separators)
        headed = any(_is_organisation_head(word) for word in words)
        latin = all(script(word) != "cyrillic" for word in words)
        ending = _Ending(
            entity.id,
            order,
            "organisation",
            common,
            quoted,
            trailing,
            headed,
            capitals_tell=not latin or capitals_tell,
        )
        self._trie.add(_Pattern(keys, tuple(separators)), ending)
        if quoted:  # the same name written without its quotes
            bare = tuple(separator.replace('"', "") for separator in separators)
            plain = replace(ending, quoted=False, trailing="")
            self._trie.add(_Pattern(keys, bare), plain)

    def _add_person(
        self,
        spellings: list[str],
        reference: list[tuple[list[str], list[str]]],
        roles: list[str],
        entity: Entity,
        order: int,
    ) -> None:
        first_words = reference[roles.index("first")][0]
        gender = next(
            (
                reading.gender
                for reading in russian.readings(first_words[0])
                if reading.name_part == "first"
            ),
            "",
        )
        parts: dict[str, list[_Group]] = {"first": [], "patronymic": [], "surname": []}
        initials = {"first": set[str](), "patronymic": set[str]()}
        targets = [
            (role, _transliteration(words))
            for (words, _), role in zip(reference, roles, strict=True)
        ]
        for spelling in spellings:
            words, separators, _ = _spelling(spelling)
            groups = _groups(words, separators)
            assigned = _aligned(groups, targets)
            if assigned is None:
                ending = _Ending(entity.id, order, "person", False, False, "")
                pattern = _Pattern(tuple(_word_keys(w) for w in words), tuple(separators))
                self._trie.add(pattern, ending)
                continue
            for (group_words, group_separators), role in zip(groups, assigned, strict=True):
                keys = tuple(_person_keys(word, role, gender) for word in group_words)
                parts[role].append(_Group(keys, tuple(group_separators)))
                if role in initials:
                    initials[role] |= _initials(group_words[0])
        firsts, surnames = _merged(parts["first"]), _merged(parts["surname"])
        patronymics = _merged(parts["patronymic"]) or [_Group((frozenset({"<patr>"}),), ())]
        initial = _Group((frozenset(initials["first"]),), ())
        second_initial = _Group((frozenset(initials["patronymic"] or {"<i>"}),), ())
        label = _Ending(entity.id, order, "person", False, False, "")
        after_initial = _Ending(entity.id, order, "person", False, False, ".")
        for surname in surnames:
            self._trie.add(
                _joined([surname]), _Ending(entity.id, order, "surname", False, False, "")
            )
            self._trie.add(_joined([initial, surname], "."), label)
            self._trie.add(_joined([initial, second_initial, surname], "."), label)
            self._trie.add(_joined([surname, initial]), after_initial)
            self._trie.add(_joined([surname, initial, second_initial], "."), after_initial)
            for first in firsts:
                self._trie.add(_joined([first, surname]), label)
                self._trie.add(_joined([surname, first]), label)
                for patronymic in patronymics:
                    self._trie.add(_joined([first, patronymic, surname]), label)
                    self._trie.add(_joined([surname, first, patronymic]), label)

    # Detecting

    def _form_keys(self, form: str) -> tuple[str, ...]:
        """The trie keys a word form of a text can step on (none for most words)."""
        keys = {form.lower()}
        if is_all_caps(form):
            keys.add("=" + form)
        if _is_initial(form):
            keys |= {"<i>" + form, "<i>"}
        kind = script(form)
        if kind == "cyrillic":
            for reading in russian.readings(form):
                keys.add(f"{reading.lemma}|{reading.pos}")
                if reading.gender:
                    keys.add(f"{reading.lemma}|{reading.pos}|{reading.gender}")
                if reading.name_part == "patronymic":
                    keys.add("<patr>")
        elif kind == "latin" and is_capitalised(form) and form.lower().endswith(_LATIN_PATRONYMIC):
            keys.add("<patr>")
        return tuple(key for key in keys if key in self._keys)

    def _separator(self, separator: str) -> str:
        key = self._separators.get(separator)
        if key is None:
            if len(self._separators) > CACHE_SIZE:
                self._separators.clear()
            key = self._separators[separator] = separator_key(separator)
        return key

    def mentions(self, text: str, language: str) -> list[Mention]:
        """The mentions in a text written in `language` ("ru" or "en"; either may quote names
        in the other script), in the order they appear."""
        if language not in LANGUAGES:
            raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
        folded = fold(text, quotes=True)
        parts, ends = split_words(folded)
        words = parts[1::2]
        forms = self._forms
        found = list(map(forms.get, words))
        if None in found:
            if len(forms) > CACHE_SIZE:
                forms.clear()
            for index in [index for index, keys in enumerate(found) if keys is None]:
                keys = forms.get(words[index])
                if keys is None:
                    keys = forms[words[index]] = self._form_keys(words[index])
                found[index] = keys
        matches = self._walk(parts, found)
        if not matches:
            return []
        return self._chosen(text, folded, parts, ends, matches)

    def _walk(self, parts: list[str], found: Sequence[tuple[str, ...] | None]) -> list[_Match]:
        trie = self._trie
        word_steps, separator_steps, depth, endings = (
            trie.words,
            trie.separators,
            trie.depth,
            trie.endings,
        )
        matches: list[_Match] = []
        states: list[int] = []
        previous = -2
        for index in compress(range(len(found)), found):
            keys = found[index] or ()
            sources = [_ROOT]
            if states and index == previous + 1:
                separator = self._separator(parts[2 * index])
                for node in states:
                    following = separator_steps[node].get(separator)
                    if following is not None:
                        sources.append(following)
            reached: list[int] = []
            for node in sources:
                steps = word_steps[node]
                for key in keys:
                    targets = steps.get(key)
                    if targets:
                        reached.extend(targets)
            if len(reached) > 1:
                reached = list(dict.fromkeys(reached))
            states = reached
            previous = index
            for node in reached:
                for ending in endings.get(node, ()):
                    matches.append(_Match(index - depth[node] + 1, index, ending))
        return matches

    def _chosen(
        self, text: str, folded: str, parts: list[str], ends: list[int], matches: list[_Match]
    ) -> list[Mention]:
        """Leftmost, then longest, matches that are mentions, never overlapping: a match is
        decided only if no longer one already covers it."""
        context = _Context(text, folded, parts, ends)
        spans: dict[tuple[int, int], list[_Match]] = {}
        for match in matches:
            span = context.span(match)
            if span is not None:
                spans.setdefault(span, []).append(match)
        mentions: list[Mention] = []
        reached = -1
        for span in sorted(spans, key=lambda span: (span[0], -span[1])):
            start, end = span
            if start < reached:
                continue
            decided = []
            for match in spans[span]:
                review = context.decision(match, start, end)
                if review is not None:
                    decided.append((review, match.ending.order, match.ending.entity))
            if decided:
                review, _, entity = min(decided)  # a label before a review
                mentions.append(Mention(entity, start, end, text[start:end], review))
                reached = end
        return mentions


def _initials(first_name: str) -> set[str]:
    """The keys of the initials a first name is abbreviated to: its first letter, and for a
    Russian name starting with consonants, those consonants ("Дж." for "Джон")."""
    name = fold(first_name)
    keys = {"<i>" + name[0].upper()}
    consonants = 0
    while consonants < len(name) and name[consonants].lower() not in "аеиоуыэюяaeiouy":
        consonants += 1
    if 1 < consonants <= 3 and script(name) == "cyrillic":
        keys.add("<i>" + name[0].upper() + name[1:consonants].lower())
    return keys


def _joined(groups: list[_Group], between: str = "") -> _Pattern:
    """One pattern of groups in a row, `between` separating them ("." after an initial)."""
    words: list[frozenset[str]] = []
    separators: list[str] = []
    for index, group in enumerate(groups):
        if index:
            is_initial = any(key.startswith("<i>") for key in groups[index - 1].words[-1])
            separators.append(between if is_initial else "")
        words.extend(group.words)
        separators.extend(group.separators)
    return _Pattern(tuple(words), tuple(separators))


def _aligned(
    groups: list[tuple[list[str], list[str]]], targets: list[tuple[str, str]]
) -> list[str] | None:
    """The role of each group of a spelling, by likeness to the reference spelling's parts
    (transliterated, so "John" is the first name of "Джон Миллер"), the likeliest way round;
    a patronymic the reference lacks is told by its ending. None when the spelling is not
    such a name (a part like none of them, or no first name or surname)."""
    spelled = [_transliteration(words) for words, _ in groups]
    choices = list(targets)
    if len(groups) == len(targets) + 1 and all(role != "patronymic" for role, _ in targets):
        choices.append(("patronymic", ""))
    if len(groups) > len(choices):
        return None

    def likeness(index: int, choice: int) -> float:
        role, target = choices[choice]
        if not target:
            return 1.0 if _is_patronymic(groups[index][0][-1]) else 0.0
        return difflib.SequenceMatcher(None, spelled[index], target).ratio()

    best, best_score = None, 0.0
    for order in permutations(range(len(choices)), len(groups)):
        score = sum(likeness(index, choice) for index, choice in enumerate(order))
        if best is None or score > best_score:
            best, best_score = order, score
    if best is None or best_score < 0.3 * len(groups):
        return None
    assigned = [choices[choice][0] for choice in best]
    if "first" not in assigned or "surname" not in assigned:
        return None
    return assigned


class _Context:
    """A text around its matches, and the rules that decide what a match is."""

    def __init__(self, text: str, folded: str, parts: list[str], ends: list[int]) -> None:
        self.text, self.folded, self.parts, self.ends = text, folded, parts, ends
        self.count = len(parts) // 2

    def word(self, index: int) -> str:
        return self.parts[2 * index + 1]

    def start(self, index: int) -> int:
        return self.ends[2 * index]

    def end(self, index: int) -> int:
        return self.ends[2 * index + 1]

    def before(self, index: int) -> str:
        """The separator before word `index`."""
        return self.parts[2 * index]

    def after(self, index: int) -> str:
        return self.parts[2 * index + 2]

    def span(self, match: _Match) -> tuple[int, int] | None:
        start, end = self.start(match.first), self.end(match.last)
        trailing = match.ending.trailing
        if trailing:
            if not self.after(match.last).startswith(trailing):
                return None
            end += len(trailing)
        return start, end

    def is_sentence_start(self, index: int) -> bool:
        position = self.start(index) - 1
        folded = self.folded
        while position >= 0:
            char = folded[position]
            if char == "\n" or char in _SENTENCE_END:
                return True
            if char not in _LEADERS:
                return False
            position -= 1
        return True

    def is_compound(self, match: _Match, end: int) -> bool:
        """Whether the match is only part of a hyphenated word (Голос-Инфо)."""
        if match.first > 0 and self.before(match.first) == "-":
            return True
        if end == self.end(match.last) and match.last + 1 < self.count:
            return self.after(match.last) == "-"
        return False

    def next_word(self, match: _Match, end: int) -> str | None:
        """The word right after the match with only spaces between (on the same line)."""
        if end != self.end(match.last) or match.last + 1 >= self.count:
            return None
        separator = self.after(match.last)
        if separator.strip() or "\n" in separator:
            return None
        return self.word(match.last + 1)

    def previous_word(self, index: int, separator: str = "") -> str | None:
        """The word before word `index` when only `separator` (and spaces) stands between."""
        if index == 0:
            return None
        between = self.before(index)
        if "\n" in between or separator_key(between) != separator:
            return None
        return self.word(index - 1)

    def is_exactly_quoted(self, start: int, end: int) -> bool:
        folded = self.folded
        return start > 0 and end < len(folded) and folded[start - 1] == folded[end] == '"'

    def is_in_title(self, start: int, end: int) -> bool:
        """Whether the span is part of a longer quoted title («Голос Америки»): quotes that
        hold more than it, a few words and no sentence punctuation."""
        quotation = enclosing_quotation(self.text, start, end)
        if quotation is None:
            return False
        inside = self.text[quotation[0] + 1 : quotation[1]]
        if inside.strip() == self.text[start:end]:
            return False
        quoted_words = split_words(inside)[0][1::2]
        return len(quoted_words) <= TITLE_WORDS and not any(c in inside for c in ".,!?;:")

    def decision(self, match: _Match, start: int, end: int) -> bool | None:
        """None for nothing, False for a label, True for a review. The cheap tests come first:
        most matches are common words in lowercase."""
        ending = match.ending
        words = [self.word(index) for index in range(match.first, match.last + 1)]
        capitalised = any(is_capitalised(word) for word in words)
        if ending.kind == "surname":
            if not is_capitalised(words[0]) or self.is_compound(match, end):
                return None
            return self._surname(match, self.next_word(match, end))
        quoted = self.is_exactly_quoted(start, end)
        if ending.common and not capitalised and not quoted and not ending.quoted:
            return None  # common words in running text
        if self.is_compound(match, end):
            return None
        if not quoted:
            if self.is_in_title(start, end):
                return None
            following = self.next_word(match, end)
            if following is not None and _continues_title(words[-1], following):
                if ending.kind == "organisation" and not _starts_a_person(following):
                    return None
                if ending.kind == "person" and not _is_name_part(following):
                    return None
        if ending.kind == "person" or not ending.common or quoted or ending.quoted:
            return False
        if not self.is_sentence_start(match.first):
            return False
        if not is_capitalised(words[0]):
            return None
        if ending.headed:
            return False
        # In Latin script every word of a name is capitalised, so only the first word tells,
        # and at a sentence's start it tells nothing; in Cyrillic a capital further on does.
        if ending.capitals_tell and any(is_capitalised(word) for word in words[1:]):
            return False
        return True

    def _surname(self, match: _Match, following: str | None) -> bool | None:
        """A surname alone is for review, unless it is lowercase, or another first name,
        patronymic or initial stands next to it (a namesake), or it starts a longer name."""
        if not is_capitalised(self.word(match.first)):
            return None
        if following is not None and _continues_surname(self.word(match.last), following):
            return None
        previous = self.previous_word(match.first)
        if previous is not None and is_capitalised(previous) and _is_given_name(previous):
            return None
        initial = self.previous_word(match.first, ".")
        if initial is not None and _is_initial(initial):
            return None
        return True


def _continues_title(last: str, following: str) -> bool:
    """Whether the word after a name can continue it as one title: capitalised and in the
    same script ("Голос Америки"; not "Mountain Watch Роскомнадзор")."""
    return is_capitalised(following) and script(following) == script(last)


def _continues_surname(surname: str, following: str) -> bool:
    """Whether the word after a surname alone makes it part of another name: a first name
    after it (Пономарёв Сергей: a namesake), a noun of a place's or a thing's name (Белой
    Холунице, Belaya River); not an adjective that starts the next phrase (Зима Иркутской
    области)."""
    if not _continues_title(surname, following):
        return False
    if script(following) != "cyrillic":
        return True
    return any(reading.pos == "N" for reading in russian.readings(following))


def _starts_a_person(word: str) -> bool:
    """Whether a word after an organisation's name starts a person's name rather than
    continuing the title ("Мемориала Олег Орлов", not "Мемориал Сахарова")."""
    return script(word) == "cyrillic" and "first" in russian.name_parts(word)


def _is_initial(word: str) -> bool:
    """An initial as written before a dot: "А", "J", or a Russian one of consonants ("Дж")."""
    if len(word) == 1:
        return word.isupper()
    return (
        len(word) <= 3
        and is_capitalised(word)
        and script(word) == "cyrillic"
        and not any(char in "аеиоуыэюяё" for char in word.lower())
    )


def _is_patronymic(word: str) -> bool:
    if script(word) == "cyrillic":
        return "patronymic" in russian.name_parts(word)
    return word.lower().endswith(_LATIN_PATRONYMIC)


def _is_name_part(word: str) -> bool:
    if script(word) == "cyrillic":
        return bool(russian.name_parts(word)) or any(
            reading.name_part for reading in russian.readings(word)
        )
    return english.is_proper_name(word) or not english.is_common_word(word)


def _is_given_name(word: str) -> bool:
    """Whether a word before a surname reads as a first name or patronymic (another person's
    if it were this one's, the whole name would have matched)."""
    if script(word) == "cyrillic":
        return any(
            reading.name_part in ("first", "patronymic") for reading in russian.readings(word)
        )
    if script(word) == "latin":
        if english.is_title(word):
            return False
        return english.is_proper_name(word) or not english.is_common_word(word)
    return False

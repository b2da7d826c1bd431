"""Name matching: exact alias, then substring, then rapidfuzz with explicit cut-offs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from knowledge.normalize import ascii_words, match_key, normalize, normalize_name

T = TypeVar("T")

# Fuzzy matching never considers names shorter than this: two-character names (纳税, 法院)
# have too many one-edit neighbours among ordinary words.
FUZZY_MIN_LENGTH = 3
# rapidfuzz pre-filter; the decision itself is made on edit distances below.
FUZZY_PREFILTER_SCORE = 50.0
FUZZY_CANDIDATES = 6


def certain_edits(length: int, *, latin: bool) -> int:
    """Edits a fuzzy hit may need and still count as certain (获的电力 → 获得电力)."""
    if latin:
        return length // 6
    if length < 4:
        return 0
    return 1 if length < 8 else 2


def suggest_edits(length: int, *, latin: bool) -> int:
    """Edits a fuzzy hit may need to be offered as "您是想问……吗？"."""
    if latin:
        return length // 4
    if length < 6:
        return 1
    return 2 if length < 8 else 3


class MatchKind(StrEnum):
    EXACT = "exact"
    SUBSTRING = "substring"
    FUZZY = "fuzzy"


@dataclass(frozen=True, slots=True)
class Alias(Generic[T]):
    """One name of an item; weak names (人社, 电力) are short stems of ordinary words."""

    text: str
    item: T
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Match(Generic[T]):
    """The item a name resolved to, how, how well (0-100), and whether it is certain."""

    item: T
    alias: str
    kind: MatchKind
    score: float
    certain: bool


@dataclass(frozen=True, slots=True)
class Hit(Generic[T]):
    """An alias found inside a text; positions index the compact text or the word list."""

    start: int
    end: int
    key: str
    item: T
    weak: bool


class NameIndex(Generic[T]):
    """All aliases of one kind of item, for whole-name resolution and for scanning questions."""

    def __init__(self, aliases: Iterable[Alias[T]]) -> None:
        self._exact: dict[str, Alias[T]] = {}
        self._chars: dict[str, Alias[T]] = {}
        self._phrases: dict[str, Alias[T]] = {}
        lengths: defaultdict[str, set[int]] = defaultdict(set)
        for alias in aliases:
            _keep(self._exact, normalize_name(alias.text), alias)
            key = match_key(alias.text)
            if alias.text.isascii():
                _keep(self._phrases, key, alias)
            else:
                _keep(self._chars, key, alias)
                lengths[key[0]].add(len(key))
        self._lengths = {first: sorted(ls, reverse=True) for first, ls in lengths.items()}
        self._phrase_lengths = sorted({len(key.split()) for key in self._phrases}, reverse=True)
        self._fuzzy_chars = [key for key in self._chars if len(key) >= FUZZY_MIN_LENGTH]
        self._fuzzy_latin = {
            key.replace(" ", ""): alias
            for key, alias in self._phrases.items()
            if len(key.replace(" ", "")) >= FUZZY_MIN_LENGTH + 1
        }
        self._fuzzy_latin_keys = list(self._fuzzy_latin)

    def scan(self, compact: str) -> list[Hit[T]]:
        """Alias occurrences in a compact text, in text order; of overlapping ones the
        longest is kept (劳动力市场监管 over 市场监管)."""
        found: list[Hit[T]] = []
        for start, char in enumerate(compact):
            for length in self._lengths.get(char, ()):
                key = compact[start : start + length]
                alias = self._chars.get(key)
                if alias is not None:
                    found.append(Hit(start, start + length, key, alias.item, alias.weak))
        return _longest_first(found)

    def scan_words(self, words: Sequence[str]) -> list[Hit[T]]:
        """Latin-script alias occurrences on word boundaries, like `scan` but over words."""
        found: list[Hit[T]] = []
        for start in range(len(words)):
            for length in self._phrase_lengths:
                if start + length > len(words):
                    continue
                key = " ".join(words[start : start + length])
                alias = self._phrases.get(key)
                if alias is not None:
                    found.append(Hit(start, start + length, key, alias.item, alias.weak))
        return _longest_first(found)

    def resolve(self, name: str) -> Match[T] | None:
        """Exact alias, else the aliases the name contains, else the closest alias."""
        key = normalize_name(name)
        alias = self._exact.get(key)
        if alias is not None:
            return Match(alias.item, key, MatchKind.EXACT, 100.0, certain=True)
        hits = self.scan(normalize(name)) or self.scan_words(ascii_words(name))
        if not hits:
            return self.fuzzy(key, partial=False)
        best = max(hits, key=lambda hit: hit.end - hit.start)
        score = min(100.0, 100.0 * len(best.key) / max(len(key), 1))
        agree = all(hit.item == best.item for hit in hits)
        substring = Match(best.item, best.key, MatchKind.SUBSTRING, score, agree and not best.weak)
        if substring.certain or not agree:
            return substring
        # A bare stem inside a mistyped name (电力 in 获的电力): the typo may still be certain.
        fuzzy = self.fuzzy(key, partial=False)
        return fuzzy if fuzzy is not None and fuzzy.certain else substring

    def fuzzy(self, query: str, *, partial: bool = True) -> Match[T] | None:
        """The closest alias to a compact query by edit distance, with certainty; `partial`
        compares an alias with the part of a longer query that lines up with it."""
        latin = query.isascii()
        choices = self._fuzzy_latin_keys if latin else self._fuzzy_chars
        if len(query) < FUZZY_MIN_LENGTH - 1 or not choices:
            return None
        scored: dict[str, float] = {}
        for scorer in (fuzz.ratio, fuzz.partial_ratio):
            for key, score, _ in process.extract(
                query,
                choices,
                scorer=scorer,
                score_cutoff=FUZZY_PREFILTER_SCORE,
                limit=FUZZY_CANDIDATES,
            ):
                scored[key] = max(score, scored.get(key, 0.0))
        table = self._fuzzy_latin if latin else self._chars
        ranked = []
        for key, score in scored.items():
            edits = _edits(key, query) if partial else Levenshtein.distance(key, query)
            if edits <= suggest_edits(len(key), latin=latin):
                sure = edits <= certain_edits(len(key), latin=latin)
                ranked.append((not sure, edits, -score, key))
        if not ranked:
            return None
        ranked.sort()
        unsure, edits, neg_score, key = ranked[0]
        item = table[key].item
        rivals = any(e <= edits and table[k].item != item for _, e, _, k in ranked[1:])
        certain = not unsure and not rivals
        return Match(item, key, MatchKind.FUZZY, -neg_score, certain)


def _keep(table: dict[str, Alias[T]], key: str, alias: Alias[T]) -> None:
    """Two names of one item may normalise alike (纳税, “纳税”); the strong one stays."""
    if key not in table or table[key].weak:
        table[key] = alias


def _edits(key: str, query: str) -> int:
    """Edit distance between an alias and the part of the query that lines up with it."""
    if len(query) <= len(key) + 1:
        return Levenshtein.distance(key, query)
    alignment = fuzz.partial_ratio_alignment(key, query)
    assert alignment is not None  # None only below a score_cutoff, and none is given
    start = alignment.dest_start
    best = len(key)
    for length in (len(key) - 1, len(key), len(key) + 1):
        for offset in (start - 1, start, start + 1):
            if offset >= 0 and offset + length <= len(query):
                best = min(best, Levenshtein.distance(key, query[offset : offset + length]))
    return best


def _longest_first(found: list[Hit[T]]) -> list[Hit[T]]:
    """Keep the longest hits that do not overlap a longer (or equal, earlier) one."""
    found.sort(key=lambda hit: (hit.start - hit.end, hit.start))
    taken: list[Hit[T]] = []
    for hit in found:
        if all(hit.end <= other.start or other.end <= hit.start for other in taken):
            taken.append(hit)
    taken.sort(key=lambda hit: hit.start)
    return taken

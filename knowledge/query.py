"""Structured queries: what a question asks, as data the evaluator answers.

A question is first reduced to its *shape*: the compact text with every name replaced by a
letter for its kind (U unit, T task force or indicator, S sub-indicator, M a name that is
both a unit and an indicator, 市场监管). The grammar (knowledge.grammar) matches shapes and
builds a `Query`; a question no grammar entry reads is a plain look-up (knowledge.lookup).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.base import KnowledgeBase, Mentions, SubIndicatorRef, Target
from knowledge.matcher import Hit
from knowledge.models import Indicator, ScopeRule, TaskForce, Unit
from knowledge.normalize import ascii_words, normalize
from knowledge.search import Found

_LATIN = re.compile(r"[a-z]+")
_YES_NO_MARK = re.compile(r"[?？]\s*$")
_ASKS = re.compile(r"谁|哪|什么|几|多少|怎|如何|吗|呢|啥|是否|是不是|有没有")


class Op(StrEnum):
    """What is done with the things a query is about."""

    LOOKUP = "lookup"  # one subject and one aspect (牵头单位, 二级指标, ...): knowledge.lookup
    LIST = "list"  # the items of a collection that pass a filter
    COUNT = "count"  # how many items pass a filter (the names are still given)
    MOST = "most"
    LEAST = "least"
    INTERSECTION = "intersection"
    DIFFERENCE = "difference"
    COMPARE = "compare"
    VERIFY = "verify"  # a yes/no question or a premise, checked against the data
    SEARCH = "search"  # an activity searched in the duties and sub-indicator texts
    CARD = "card"  # a one-word message: a short card of what it points at
    CHOOSE = "choose"  # "您是想问……吗？" with at most three choices
    ENGLISH = "english"  # the English name of a subject
    OUT_OF_SCOPE = "out_of_scope"


class Over(StrEnum):
    """The kind of thing a query's answer is made of."""

    TASK_FORCES = "task_forces"
    UNITS = "units"
    SUB_INDICATORS = "sub_indicators"
    INDICATORS = "indicators"


class Relation(StrEnum):
    """How a task force and a unit (or a sub-indicator) are related."""

    LEADS = "leads"
    RESPONSIBLE = "responsible"
    PARTICIPATES = "participates"  # leads or is responsible
    UNITS = "units"  # the task force's lead and responsible units
    SUB_INDICATORS = "sub_indicators"
    TASK_FORCES = "task_forces"  # an indicator's task forces


@dataclass(frozen=True, slots=True)
class Filter:
    """Items whose `relation` set has a size that compares to `number` (`cmp`: = > < >= <=),
    and whose `exclude` set is empty, and whose `also` set is not."""

    relation: Relation
    cmp: str = ">="
    number: int = 1
    exclude: Relation | None = None
    also: Relation | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """What a yes/no question asserts: `subject`'s `relation` set contains `objects`
    (exactly, when `only`), or has `number` members."""

    relation: Relation
    objects: tuple[Target, ...] = ()
    only: bool = False
    number: int | None = None
    phrase: str = ""  # a sub-indicator named in words of its own (数据共享)


@dataclass(frozen=True, slots=True)
class Query:
    op: Op
    over: Over | None = None
    relation: Relation | None = None
    subjects: tuple[Target, ...] = ()
    filter: Filter | None = None
    claim: Claim | None = None
    found: tuple[Found, ...] = ()  # activities found in the duties and sub-indicators
    scope: ScopeRule | None = None
    text: str = ""  # the question as asked (a look-up reads it again)
    english: bool = False  # asked in English: English names are shown too
    choices: tuple[Target, ...] = ()
    rank: int = 1  # for most/least: 2 is "第二多"

    @property
    def intent(self) -> str:
        """The name `zhuanban ask --json` prints: operation, then what it is over."""
        parts = [self.op.value]
        if self.relation is not None:
            parts.append(self.relation.value)
        elif self.over is not None:
            parts.append(self.over.value)
        return ":".join(parts)


@dataclass(frozen=True, slots=True)
class Slot:
    """A name found in the question: its kind letter and what it may refer to."""

    letter: str
    targets: Mentions
    weak: bool

    def pick(self, *kinds: type) -> Target:
        """This name read as the first of `kinds` it may be (市场监管: unit or indicator)."""
        for kind in kinds:
            for target in self.targets:
                if isinstance(target, kind):
                    return target
        return self.targets[0]


@dataclass(frozen=True, slots=True)
class Shape:
    """A question with its names cut out: `text` has one letter per name, `slots` the names."""

    text: str
    compact: str
    slots: tuple[Slot, ...]
    english: bool
    words: tuple[str, ...] = field(default=())

    def letters(self) -> str:
        return "".join(slot.letter for slot in self.slots)


def shape_of(kb: KnowledgeBase, text: str) -> Shape:
    compact = _LATIN.sub("", normalize(text))
    words = ascii_words(text)
    english = len(words) >= 2 and len("".join(words)) > len(compact)
    hits: list[Hit[Mentions]] = kb.mentions.scan(compact)
    parts: list[str] = []
    slots: list[Slot] = []
    position = 0
    for hit in hits:
        letter = _letter(hit.item)
        parts += [compact[position : hit.start], letter]
        slots.append(Slot(letter, hit.item, hit.weak))
        position = hit.end
    parts.append(compact[position:])
    shaped = "".join(parts)
    if english:  # English names, in word order after the Chinese ones
        word_hits = kb.mentions.scan_words(words)
        slots += [Slot(_letter(hit.item), hit.item, hit.weak) for hit in word_hits]
        if not compact:  # all English: its cue words read in Chinese, for the grammar
            shaped = _english_shape(words, word_hits)
    if _YES_NO_MARK.search(text) and not _ASKS.search(shaped):
        shaped += "吗"  # "政府采购也是财政局牵头的？" is a yes/no question
    return Shape(shaped, compact, tuple(slots), english, words)


# English cue words and the Chinese the grammar reads them as, in order (longest first).
_ENGLISH_CUES = tuple(
    (re.compile(rf"\b(?:{pattern})\b"), chinese)
    for pattern, chinese in (
        (r"how many|number of", "几个"),
        (r"in total|altogether|overall|in all", "一共"),
        (r"the most|most", "最多"),
        (r"the fewest|fewest|the least|least", "最少"),
        (r"only|sole|solely|just|alone", "只"),
        (r"both|all", "都"),
        (r"and", "和"),
        (r"but not|not|doesn t|don t|isn t|aren t|never", "不"),
        (r"responsible units?|supporting units?|cooperating units?", "责任单位"),
        (r"lead units?|leading units?", "牵头单位"),
        (r"leads?|led|leading|in charge|heads?|headed", "牵头"),
        (r"sub ?indicators?|second level indicators?", "二级指标"),
        (r"task ?forces?|taskforces?", "专班"),
        (r"units?|departments?|agencies|bodies|organi[sz]ations?", "单位"),
        (r"take part|takes part|participates?|participating|joins?|involved|members? of", "参与"),
        (r"which|what", "哪些"),
    )
)
_ENGLISH_YES_NO = re.compile(r"^(?:is|are|does|do|did|can|has|have|was|were)\b")


def _english_shape(words: Sequence[str], hits: Sequence[Hit[Mentions]]) -> str:
    """An English question's shape: names as letters, cue words in Chinese, the rest dropped."""
    tokens: list[str] = []
    position = 0
    for hit in hits:
        tokens += [*words[position : hit.start], _letter(hit.item)]
        position = hit.end
    tokens += words[position:]
    text = " ".join(tokens)
    for pattern, chinese in _ENGLISH_CUES:
        text = pattern.sub(f" {chinese} ", text)
    shaped = "".join(t for t in text.split() if not t.isascii() or t in "UTSM" or t.isdigit())
    return shaped + ("吗" if _ENGLISH_YES_NO.match(" ".join(words)) else "")


def _letter(targets: Sequence[Target]) -> str:
    units = any(isinstance(t, Unit) for t in targets)
    topics = any(isinstance(t, TaskForce | Indicator) for t in targets)
    if units and topics:
        return "M"
    if units:
        return "U"
    if topics:
        return "T"
    if any(isinstance(t, SubIndicatorRef) for t in targets):
        return "S"
    return "T"

"""Reading a question into a query: scope first, then the grammar, then activities,
fragments, and finally the plain look-up."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from knowledge.base import KnowledgeBase, SubIndicatorRef, Target
from knowledge.cues import detect, leftover, name_pieces
from knowledge.grammar import read_grammar
from knowledge.models import Indicator, ScopeRule, TaskForce, Unit
from knowledge.normalize import normalize
from knowledge.query import Op, Query, Shape, shape_of
from knowledge.search import Found, activity_index

# A fragment is a message of at most this many characters besides names and particles.
_FRAGMENT_LEFTOVER = 2
# At most this many choices are offered with "您是想问……吗？".
MAX_CHOICES = 3
_PARTICLES = re.compile(r"[呢吗啊呀吧嘛哦的了？?！!。.,，\s]")
_ASKS_WHO = re.compile(r"谁|哪个|哪些|哪家|找|归|管|负责|牵头|属于|对应|涉及|相关|有关")


def read(kb: KnowledgeBase, text: str) -> Query:
    shape = shape_of(kb, text)
    strong = [slot for slot in shape.slots if not slot.weak]
    subjects = tuple(slot.pick(TaskForce, Indicator, Unit, SubIndicatorRef) for slot in strong)
    rule = _out_of_scope(kb, shape)
    if rule is not None:
        found = tuple(_activities(kb, shape)) if rule.id == "procedure" else ()
        return Query(
            Op.OUT_OF_SCOPE,
            subjects=subjects,
            scope=rule,
            found=found[:1],
            text=text,
            english=shape.english,
        )
    query = read_grammar(kb, shape)
    if query is not None:
        return _with(query, text, shape.english)
    if not any(slot.letter in "TMS" for slot in strong) and "S" not in shape.letters():
        activities = _activities(kb, shape, whole=not strong)
        if activities:
            return _about_activity(shape, activities, text)
    if len(shape.slots) == 1 and shape.slots[0].letter == "T" and _is_fragment(shape):
        target = shape.slots[0].pick(TaskForce, Indicator)
        if isinstance(target, TaskForce):
            return Query(Op.CARD, subjects=(target,), text=text, english=shape.english)
    return Query(Op.LOOKUP, text=text, english=shape.english)


def _with(query: Query, text: str, english: bool) -> Query:
    return replace(query, text=text, english=english)


def _is_fragment(shape: Shape) -> bool:
    """A name and hardly anything else: no cue word asks about any aspect of it."""
    rest = _PARTICLES.sub("", re.sub("[UTSM]", "", shape.text))
    asked = detect(re.sub("[UTSM]", "|", shape.text), "")
    return len(rest) <= _FRAGMENT_LEFTOVER and not asked and not shape.english


def _activities(kb: KnowledgeBase, shape: Shape, *, whole: bool = False) -> list[Found]:
    """Activities of the table named outside the names found in the question (anywhere in
    it, when `whole`: only bare stems were found, as 采购 in 集中采购目录)."""
    return activity_index(kb).find(shape.compact if whole else shape.text)


def asks_for_the_list(kb: KnowledgeBase, text: str) -> bool:
    """Whether a question the look-up read as "which task forces are there" says no more than
    that ("专班有哪些", "一共几个专班"); more words ("比较重要") ask something else."""
    gapped = re.sub("[UTSM]", "|", shape_of(kb, text).text)
    return len(leftover(gapped)) <= _FRAGMENT_LEFTOVER


def unread(kb: KnowledgeBase, text: str, *, free: bool) -> Query | None:
    """An activity in a question the look-up did not understand: from the activity table,
    or (`free`) any phrase of the duties."""
    shape = shape_of(kb, text)
    if shape.english or any(not slot.weak and slot.letter in "TM" for slot in shape.slots):
        return None
    found = _activities(kb, shape, whole=True)
    if found:
        return _about_activity(shape, found, text)
    if not free or "S" in shape.letters():
        return None
    gapped = re.sub("[UTSM]", "|", shape.text)
    pieces = [p for p in name_pieces(gapped) if len(p) >= 3]
    if not pieces or len(leftover(gapped)) > 8:
        return None
    index = activity_index(kb)
    found = index.mistyped(pieces) or index.free_text(pieces)
    return _about_activity(shape, found, text) if found else None


def _about_activity(shape: Shape, found: list[Found], text: str) -> Query:
    tfs = list(dict.fromkeys(f.task_force for f in found))
    fragment = _is_fragment_text(shape, found)
    if len(tfs) == 1 and fragment:
        return Query(Op.CARD, subjects=(tfs[0],), found=(found[0],), text=text)
    if len(tfs) > 1 and fragment:
        return Query(Op.CHOOSE, choices=tuple(tfs[:MAX_CHOICES]), found=tuple(found), text=text)
    first = [f for f in found if f.task_force in tfs[:MAX_CHOICES]]
    return Query(Op.SEARCH, found=tuple(first), text=text, english=shape.english)


def _is_fragment_text(shape: Shape, found: list[Found]) -> bool:
    rest = shape.compact
    for f in found:
        rest = rest.replace(normalize(f.word), "")
    return len(_PARTICLES.sub("", rest)) <= _FRAGMENT_LEFTOVER


def _out_of_scope(kb: KnowledgeBase, shape: Shape) -> ScopeRule | None:
    text = shape.text
    for rule, words, patterns, unless in _scope_rules(kb):
        if unless and any(u in shape.compact for u in unless):
            continue
        if any(w in text if not w.isascii() else w in shape.words for w in words) or any(
            p.search(text) for p in patterns
        ):
            return rule
    return None


@lru_cache(maxsize=8)
def _scope_rules(
    kb: KnowledgeBase,
) -> tuple[tuple[ScopeRule, tuple[str, ...], tuple[re.Pattern[str], ...], tuple[str, ...]], ...]:
    return tuple(
        (
            rule,
            tuple(normalize(w) if not w.isascii() else w.lower() for w in rule.words),
            tuple(re.compile(p) for p in rule.patterns),
            tuple(normalize(u) for u in rule.unless),
        )
        for rule in kb.scope
    )


__all__ = ["MAX_CHOICES", "Target", "read"]

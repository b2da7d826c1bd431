"""Knowledge Q&A: a question is read into a query (knowledge.reading) and evaluated
(knowledge.evaluate); both are pure, so answers are remembered per question text."""

from __future__ import annotations

from functools import lru_cache

from knowledge.base import KnowledgeBase
from knowledge.evaluate import evaluate
from knowledge.lookup import Answer, Intent
from knowledge.reading import read

ANSWERS_REMEMBERED = 4096
"""Distinct question texts whose answers are kept. The answer is a pure function of the text
and the (immutable) knowledge, and people ask the same few questions over and over, so a hit
spares the whole reading (fuzzy matching of mistyped names most of all)."""


@lru_cache(maxsize=ANSWERS_REMEMBERED)
def answer(kb: KnowledgeBase, text: str) -> Answer:
    """Answer one question (Chinese or English) about the task forces and working rules.
    Remembered per (knowledge, text); `answer.__wrapped__` reads the question afresh."""
    return evaluate(kb, read(kb, text))


__all__ = ["Answer", "Intent", "answer"]

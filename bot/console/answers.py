"""The check-in's questions as the console's pages show them (from the question spec)."""

from __future__ import annotations

from typing import Any

from handlers.checkin import form, render


def question_texts(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, title, the answer as the preview shows it) of each question, in asking order."""
    shown = render.question_texts(answers)
    return [(q.key, q.title, shown[q.key]) for q in form.questions(answers)]


def value_of(answers: dict[str, Any], wanted: str) -> Any:
    """A step's stored value, None when unanswered or not asked in this draft."""
    step = form.find(answers, wanted)
    return None if step is None else form.read(answers, step)

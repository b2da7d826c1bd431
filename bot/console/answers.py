"""The check-in's questions as the console reads and shows them: the one module that knows
the check-in form's API (handlers.checkin.form/render), so the pages do not."""

from __future__ import annotations

from typing import Any

from handlers.checkin import form, render
from handlers.texts import CHECKIN_TITLES

Step = str
"""A step of the check-in form, as handlers.checkin.form names it."""

FILE_STEP = "case.file"
"""The case material: a file, not typed text."""


def question_texts(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, title, the answer as the preview shows it) of each question, in asking order."""
    shown = render.question_texts(answers)
    return [(key, CHECKIN_TITLES[key], shown[key]) for key in form.QUESTIONS]


def titles() -> dict[str, str]:
    return dict(CHECKIN_TITLES)


def step_id(step: Step) -> str:
    return step


def step_of(answers: dict[str, Any], wanted: str) -> Step | None:
    """The step with this id while the draft calls for it."""
    return wanted if wanted in form.steps(answers) else None


def is_optional(step: Step) -> bool:
    """跳过 answers it with null."""
    return step in form.OPTIONAL_STEPS


def question_number(step: Step) -> int:
    return form.question_of(step)


def value_of(answers: dict[str, Any], wanted: str) -> Any:
    """A step's stored value, None when unanswered or not asked in this draft."""
    step = step_of(answers, wanted)
    return None if step is None else form.read(answers, step)

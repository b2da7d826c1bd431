"""The check-in's questions as the console reads and shows them: the one module that knows
the check-in form's API (handlers.checkin.form/render and the spec), so the pages do not."""

from __future__ import annotations

from typing import Any

from handlers.checkin import form, render
from handlers.checkin.form import Step

FILE_STEP = "case.media_id"
"""The case material: a file, not typed text."""


def question_texts(answers: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(key, title, the answer as the preview shows it) of each question, in asking order."""
    shown = render.question_texts(answers)
    return [(q.key, q.title, shown[q.key]) for q in form.questions()]


def titles() -> dict[str, str]:
    return render.titles()


def step_id(step: Step) -> str:
    return step.id


def step_of(answers: dict[str, Any], wanted: str) -> Step | None:
    """The step with this id while the draft calls for it."""
    return form.find(answers, wanted)


def is_optional(step: Step) -> bool:
    """跳过 answers it with null."""
    return step.optional


def question_number(step: Step) -> int:
    return step.number


def value_of(answers: dict[str, Any], wanted: str) -> Any:
    """A step's stored value, None when unanswered or not asked in this draft."""
    step = step_of(answers, wanted)
    return None if step is None else form.read(answers, step)

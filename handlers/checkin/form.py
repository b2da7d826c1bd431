"""The check-in form: the steps an answer set implies, reading and writing them.

The questions are declared in spec.py; this module walks them. The draft
(`reports.answers`, shape in docs/reports.md) is the only record of what is filled; the steps
still to ask are always derived from it, so whoever opens the draft next, after a restart or
a take-over, is asked exactly what is missing.

A step's id ("meeting", "meeting.date", "lagging.2.reason") is what the conversation stores;
it is only ever looked up among the steps the draft implies, never taken apart.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from handlers.checkin import spec
from handlers.checkin.spec import Field, Question

PREVIEW = "preview"


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    number: int
    """The question's 1-based number, as 修改N counts."""
    question: Question
    field: Field
    item: dict[str, Any] | None = None
    """For an item field: the item ({"no": 2, "name": …}) it asks about."""

    @property
    def optional(self) -> bool:
        return self.field.optional


def questions(answers: dict[str, Any] | None = None) -> tuple[Question, ...]:
    """The questions; of a draft, those it has (no targets question without targets)."""
    if answers is None:
        return spec.QUESTIONS
    return tuple(q for q in spec.QUESTIONS if not q.seeded or answers.get(q.key))


def _object(answers: dict[str, Any], question: Question) -> dict[str, Any]:
    return question.stored(answers.get(question.key))


def steps(answers: dict[str, Any]) -> list[Step]:
    """Every step the current answers call for, in asking order."""
    order: list[Step] = []
    for number, question in enumerate(questions(answers), start=1):
        head, *rest = question.fields
        if not question.seeded:
            order.append(Step(question.key, number, question, head))
        found = _object(answers, question)
        for field in rest:
            if field.when is None or field.when(found):
                order.append(Step(f"{question.key}.{field.name}", number, question, field))
        if question.item_fields:
            for item in answers.get(question.key) or ():
                for field in question.item_fields:
                    step_id = f"{question.key}.{item['no']}.{field.name}"
                    order.append(Step(step_id, number, question, field, item))
    return order


def find(answers: dict[str, Any], step_id: str | None) -> Step | None:
    """The step with this id, if the draft still calls for it."""
    return next((step for step in steps(answers) if step.id == step_id), None)


def _item(answers: dict[str, Any], step: Step) -> dict[str, Any] | None:
    assert step.item is not None
    items = answers.get(step.question.key) or ()
    return next((item for item in items if item["no"] == step.item["no"]), None)


def is_answered(answers: dict[str, Any], step: Step) -> bool:
    if step.item is not None:
        item = _item(answers, step)
        return item is not None and step.field.name in item
    if step.question.is_object:
        return step.field.name in _object(answers, step.question)
    return step.question.key in answers


def read(answers: dict[str, Any], step: Step) -> Any:
    """The stored value of an answered step."""
    if step.item is not None:
        item = _item(answers, step)
        return None if item is None else item.get(step.field.name or "")
    if step.question.is_object:
        return _object(answers, step.question).get(step.field.name or "")
    return answers.get(step.question.key)


def write(answers: dict[str, Any], step: Step, value: Any) -> dict[str, Any]:
    """A new answer set with `step` answered; the stored draft object is never mutated.

    A SUB_INDICATORS step takes the chosen SubIndicators; every other step its stored value.

    Changing the first field of an object question (是/否) drops the follow-ups of the old
    branch; re-selecting sub-indicators keeps what was said about those kept.
    """
    new = copy.deepcopy(answers)
    key, name = step.question.key, step.field.name
    if step.item is not None:
        item = _item(new, step)
        assert item is not None, step.id
        item[name or ""] = value
    elif step.field.kind is spec.Kind.SUB_INDICATORS:
        kept = {item["no"]: item for item in new.get(key) or ()}
        new[key] = [kept.get(sub.number) or {"no": sub.number, "name": sub.name} for sub in value]
    elif not step.question.is_object:
        new[key] = value
    elif step.field is step.question.fields[0]:
        if _object(new, step.question).get(name or "") != value:
            new[key] = {name: value}
    else:
        new[key] = {**_object(new, step.question), name: value}
    return new


def missing(answers: dict[str, Any]) -> list[Step]:
    return [step for step in steps(answers) if not is_answered(answers, step)]


def first_open(answers: dict[str, Any]) -> str:
    """The id of the first unanswered step, or the preview when nothing is missing."""
    gaps = missing(answers)
    return gaps[0].id if gaps else PREVIEW


def open_questions(answers: dict[str, Any]) -> list[Question]:
    """The questions not yet complete, follow-ups included, in asking order."""
    numbers = sorted({step.number for step in missing(answers)})
    return [questions(answers)[number - 1] for number in numbers]


def answered_questions(answers: dict[str, Any]) -> int:
    """How many questions are complete, follow-ups included."""
    return len(questions(answers)) - len(open_questions(answers))


def first_step(answers: dict[str, Any], number: int) -> str:
    return next(step.id for step in steps(answers) if step.number == number)


def next_step(answers: dict[str, Any], after: str, scope: int | None) -> str:
    """Where to go once `after` is answered.

    Filling (`scope` None): the next unanswered step, else the first unanswered one, else
    the preview. Editing question `scope` (修改N): each of its steps in turn, answered or
    not, then the preview (or the first gap, if the draft still has one).
    """
    order = steps(answers)
    ids = [step.id for step in order]
    rest = order[ids.index(after) + 1 :] if after in ids else order
    if scope is not None:
        following = [step for step in rest if step.number == scope]
    else:
        following = [step for step in rest if not is_answered(answers, step)]
    return following[0].id if following else first_open(answers)


def previous_step(answers: dict[str, Any], step_id: str) -> str | None:
    """The step before `step_id` (the last one before the preview); None on the first."""
    ids = [step.id for step in steps(answers)]
    if step_id == PREVIEW:
        return ids[-1]
    index = ids.index(step_id) if step_id in ids else 0
    return ids[index - 1] if index > 0 else None


def number_of(answers: dict[str, Any], step_id: str) -> int | None:
    """The question number of a step; None for the preview."""
    step = find(answers, step_id)
    return step.number if step is not None else None

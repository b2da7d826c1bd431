"""The check-in form: its questions, the steps an answer set implies, reading and writing them.

The draft (`reports.answers`, shape in docs/reports.md) is the only record of what is filled;
the steps still to ask are always derived from it, so whoever opens the draft next, after a
restart or a take-over, is asked exactly what is missing.
"""

from __future__ import annotations

import copy
from typing import Any

QUESTIONS = ("meeting", "progress", "lagging", "problems", "next_plan", "case", "benchmark")
"""The seven numbered questions, in the order they are asked; 修改N counts from 1."""

PREVIEW = "preview"
OPTIONAL_STEPS = frozenset({"case.file", "benchmark"})
"""Steps that 跳过 answers with null."""

# Step → (key in answers, field inside that key's object or None for the bare value).
_FIELDS = {
    "meeting": ("meeting", "held"),
    "meeting.date": ("meeting", "date"),
    "meeting.reason": ("meeting", "reason"),
    "meeting.planned": ("meeting", "planned"),
    "case": ("case", "formed"),
    "case.title": ("case", "title"),
    "case.file": ("case", "media_id"),
}


def question_of(step: str) -> int:
    """The 1-based number of the question a step belongs to."""
    return QUESTIONS.index(step.split(".", 1)[0]) + 1


def kind_of(step: str) -> str:
    """The step without a sub-indicator number: lagging.2.reason → lagging.reason."""
    parts = step.split(".")
    return f"{parts[0]}.{parts[2]}" if parts[0] == "lagging" and len(parts) == 3 else step


def lagging_number(step: str) -> int:
    return int(step.split(".")[1])


def steps(answers: dict[str, Any]) -> list[str]:
    """Every step the current answers call for, in asking order."""
    order = ["meeting"]
    held = (answers.get("meeting") or {}).get("held")
    if held is True:
        order.append("meeting.date")
    elif held is False:
        order += ["meeting.reason", "meeting.planned"]
    order += ["progress", "lagging"]
    for item in answers.get("lagging") or ():
        order += [f"lagging.{item['no']}.reason", f"lagging.{item['no']}.measure"]
    order += ["problems", "next_plan", "case"]
    if (answers.get("case") or {}).get("formed") is True:
        order += ["case.title", "case.file"]
    order.append("benchmark")
    return order


def _lagging_item(answers: dict[str, Any], number: int) -> dict[str, Any] | None:
    return next((i for i in answers.get("lagging") or () if i["no"] == number), None)


def is_answered(answers: dict[str, Any], step: str) -> bool:
    if step.startswith("lagging."):
        item = _lagging_item(answers, lagging_number(step))
        return item is not None and step.rsplit(".", 1)[1] in item
    if step in _FIELDS:
        key, field = _FIELDS[step]
        return field in (answers.get(key) or {})
    return step in answers


def read(answers: dict[str, Any], step: str) -> Any:
    """The stored value of an answered step."""
    if step.startswith("lagging."):
        item = _lagging_item(answers, lagging_number(step))
        return None if item is None else item.get(step.rsplit(".", 1)[1])
    if step in _FIELDS:
        key, field = _FIELDS[step]
        return (answers.get(key) or {}).get(field)
    return answers.get(step)


def write(answers: dict[str, Any], step: str, value: Any) -> dict[str, Any]:
    """A new answer set with `step` answered; the stored draft object is never mutated.

    `lagging` takes the chosen SubIndicators; every other step its stored value.

    Changing 是/否 of the meeting or case question drops the follow-ups of the old branch;
    re-selecting lagging sub-indicators keeps the reasons already given for those kept.
    """
    new = copy.deepcopy(answers)
    if step == "lagging":
        kept = {item["no"]: item for item in new.get("lagging") or ()}
        new["lagging"] = [
            kept.get(sub.number) or {"no": sub.number, "name": sub.name} for sub in value
        ]
    elif step.startswith("lagging."):
        item = _lagging_item(new, lagging_number(step))
        assert item is not None, step
        item[step.rsplit(".", 1)[1]] = value
    elif step in ("meeting", "case"):
        key, field = _FIELDS[step]
        if (new.get(key) or {}).get(field) != value:
            new[key] = {field: value}
    elif step in _FIELDS:
        key, field = _FIELDS[step]
        new.setdefault(key, {})[field] = value
    else:
        new[step] = value
    return new


def missing(answers: dict[str, Any]) -> list[str]:
    return [step for step in steps(answers) if not is_answered(answers, step)]


def first_open(answers: dict[str, Any]) -> str:
    """The first unanswered step, or the preview when nothing is missing."""
    gaps = missing(answers)
    return gaps[0] if gaps else PREVIEW


def answered_questions(answers: dict[str, Any]) -> int:
    """How many of the seven questions are complete, follow-ups included."""
    open_questions = {question_of(step) for step in missing(answers)}
    return len(QUESTIONS) - len(open_questions)


def first_step(answers: dict[str, Any], question: int) -> str:
    return next(step for step in steps(answers) if question_of(step) == question)


def next_step(answers: dict[str, Any], after: str, scope: int | None) -> str:
    """Where to go once `after` is answered.

    Filling (`scope` None): the next unanswered step, else the first unanswered one, else
    the preview. Editing question `scope` (修改N): each of its steps in turn, answered or
    not, then the preview (or the first gap, if the draft still has one).
    """
    order = steps(answers)
    rest = order[order.index(after) + 1 :] if after in order else order
    if scope is not None:
        following = [step for step in rest if question_of(step) == scope]
        if following:
            return following[0]
    else:
        following = [step for step in rest if not is_answered(answers, step)]
        if following:
            return following[0]
    return first_open(answers)


def previous_step(answers: dict[str, Any], step: str) -> str | None:
    """The step before `step` (the last one before the preview); None on the first."""
    order = steps(answers)
    if step == PREVIEW:
        return order[-1]
    index = order.index(step) if step in order else 0
    return order[index - 1] if index > 0 else None
